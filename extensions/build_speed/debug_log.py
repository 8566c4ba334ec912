"""Debug lines nobody sees, no longer made.

Sphinx's logger accepted every debug line and left it to its handlers to
drop the ones the verbosity hides: each became a log record, and in a
parallel build was pickled back to the main process.  The logger now stops
at the level the handlers show.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .shortcut import SPHINX, Shortcut


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
    Shortcut("log-level", _log_only_what_is_shown,
             "the level of Sphinx's logger (sphinx.util.logging.setup)", SPHINX),
)
