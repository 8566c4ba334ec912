"""Pygments' work per code block that is the same for every block.

The Pygments HTML formatter recomputed its style table for every code block.
A regular-expression lexer compiles its token expressions once per process,
and Sphinx forks a new writer for each chunk of pages: the lexers compiled by
one writer are made in the main process too (``parallel.WRITER_CACHES``), so
that the writers forked after it start with them.
"""

from __future__ import annotations

import sys

from pygments.formatters.html import HtmlFormatter

from .parallel import WRITER_CACHES
from .shortcut import PYGMENTS, SPHINX, Shortcut


class SharedStyleHtmlFormatter(HtmlFormatter):
    """An HtmlFormatter that computes the table of CSS classes once per style."""

    _style_tables: dict[tuple, tuple[dict, dict]] = {}

    def _create_stylesheet(self):
        key = (self.style, self.classprefix)
        tables = self._style_tables.get(key)
        if tables is None:
            super()._create_stylesheet()
            # The formatter only reads these after creating them.
            self._style_tables[key] = (self.ttype2class, self.class2style)
        else:
            self.ttype2class, self.class2style = tables


def _share_pygments_styles(builder) -> bool:
    highlighter = getattr(builder, "highlighter", None)
    if highlighter is None or getattr(highlighter, "formatter", None) is not HtmlFormatter:
        return False
    highlighter.formatter = SharedStyleHtmlFormatter
    return True


def _found_by_name(cls: type) -> bool:
    """Whether pickle can send the class by its module and name (a lexer made in conf.py cannot)."""
    module = sys.modules.get(cls.__module__)
    return module is not None and getattr(module, cls.__qualname__, None) is cls


def _lexers_made() -> list[type]:
    """The lexer classes whose expressions this process compiled."""
    from pygments.lexer import RegexLexer

    compiled, classes = [], [RegexLexer]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if "_tokens" in vars(cls) and _found_by_name(cls):
            compiled.append(cls)
    return compiled


def _prepare_lexers(compiled: list[type]) -> None:
    # A regular-expression lexer compiles its class's token expressions when the
    # first lexer of the class is made in a process (30 ms for Python).  Writers
    # are forks of this process, one per chunk of pages: each compiled them again.
    # Made here once, they are compiled in every fork that follows.
    for cls in compiled:
        if "_tokens" not in vars(cls):
            cls()


WRITER_CACHES["lexers"] = (_lexers_made, _prepare_lexers)

SHORTCUTS = (
    Shortcut("pygments", lambda app: _share_pygments_styles(app.builder),
             "pygments.formatters.html.HtmlFormatter._create_stylesheet (as Sphinx's PygmentsBridge uses it)",
             {**SPHINX, **PYGMENTS}),
)
