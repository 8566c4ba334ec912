"""Debug lines nobody sees, no longer made.

Sphinx fixes the source of titles, terms and images for every page, and
writes each fix to its debug log with the node as XML: docutils builds a DOM
tree for it, at every verbosity.  The XML is now made only for a debug line
that is written.

Sphinx's logger accepted every debug line and left it to its handlers to
drop the ones the verbosity hides: each became a log record, and in a
parallel build was pickled back to the main process.  The logger now stops
at the level the handlers show.
"""

from __future__ import annotations

import functools
import inspect

from sphinx.application import Sphinx

from .shortcut import SPHINX, Shortcut


class _DomXml:
    """A node's XML for a debug line, made only if the line is written."""

    __slots__ = ("node", "length", "make")

    def __init__(self, make, node, length=80):
        self.make, self.node, self.length = make, node, length

    def __str__(self) -> str:
        return self.make(self.node, self.length)


def _patch_debug_xml() -> bool:
    from sphinx.util import nodes as sphinx_nodes

    make = sphinx_nodes.repr_domxml
    if getattr(make, "func", None) is _DomXml:
        return True
    if list(inspect.signature(make).parameters) != ["node", "length"]:
        return False
    # Only sphinx.util.nodes' own debug lines call it through this name.
    sphinx_nodes.repr_domxml = functools.partial(_DomXml, make)
    return True


def _log_only_what_is_shown(app: Sphinx) -> bool:
    # Sphinx sets its logger to DEBUG and lets each handler drop what the
    # verbosity hides, so every debug line of every page became a log record:
    # formatted, filtered, and in a parallel build pickled back from each
    # worker to the main process.  A logger at the handlers' own level hides
    # the same lines without making them.
    import logging as std_logging

    from sphinx.util.logging import NAMESPACE, VERBOSITY_MAP

    sphinx_logger = std_logging.getLogger(NAMESPACE)
    if sphinx_logger.level != std_logging.DEBUG:
        return False
    sphinx_logger.setLevel(VERBOSITY_MAP[max(app.verbosity, 0)])
    return True


SHORTCUTS = (
    Shortcut("debug-xml", lambda app: _patch_debug_xml(), "sphinx.util.nodes.repr_domxml", SPHINX),
    Shortcut("log-level", _log_only_what_is_shown,
             "the level of Sphinx's logger (sphinx.util.logging.setup)", SPHINX),
)
