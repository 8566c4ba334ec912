"""Pygments' work per code block that is the same for every block.

The Pygments HTML formatter recomputed its style table for every code block.
Pygments also found each lexer by walking its table of about 600 lexers, for
every code block; the class found for a name is kept.  A regular-expression
lexer compiles its token expressions once per process, and Sphinx forks a new
writer for each chunk of pages: the lexers compiled by one writer are made in
the main process too (``parallel.WRITER_CACHES``), so that the writers forked
after it start with them.
"""

from __future__ import annotations

import inspect
import sys

from pygments.formatters.html import HtmlFormatter

from .parallel import WRITER_CACHES
from .shortcut import PYGMENTS, SPHINX, Shortcut, replace_once


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


# The Pygments lexer class of each language name a code block gave, in this process.
_lexer_classes: dict[str, type] = {}


def _patch_lexer_lookup() -> bool:
    # Pygments finds a lexer by name by walking its table of about 600 lexers, for
    # every code block.  The class it finds for a name is kept; a new lexer of it
    # is made for each block, as before.
    from sphinx import highlighting

    def by_name(find):
        def get_lexer_by_name(_alias, **options):
            cls = _lexer_classes.get(_alias)
            if cls is None:
                lexer = find(_alias, **options)
                _lexer_classes[_alias] = type(lexer)
                return lexer
            return cls(**options)

        return get_lexer_by_name

    return replace_once(highlighting, "get_lexer_by_name",
                         lambda find: list(inspect.signature(find).parameters) == ["_alias", "options"],
                         by_name)


def _found_by_name(cls: type) -> bool:
    """Whether pickle can send the class by its module and name (a lexer made in conf.py cannot)."""
    module = sys.modules.get(cls.__module__)
    return module is not None and getattr(module, cls.__qualname__, None) is cls


def _lexers_made() -> tuple[dict[str, type], list[type]]:
    """The lexer classes looked up by name in this process, and those whose expressions it compiled."""
    from pygments.lexer import RegexLexer

    compiled, classes = [], [RegexLexer]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if "_tokens" in vars(cls) and _found_by_name(cls):
            compiled.append(cls)
    return {name: cls for name, cls in _lexer_classes.items() if _found_by_name(cls)}, compiled


def _prepare_lexers(made: tuple[dict[str, type], list[type]]) -> None:
    # A regular-expression lexer compiles its class's token expressions when the
    # first lexer of the class is made in a process (30 ms for Python).  Writers
    # are forks of this process, one per chunk of pages: each compiled them again.
    # Made here once, they are compiled in every fork that follows.
    by_name, compiled = made
    for name, cls in by_name.items():
        _lexer_classes.setdefault(name, cls)
    for cls in compiled:
        if "_tokens" not in vars(cls):
            cls()


WRITER_CACHES["lexers"] = (_lexers_made, _prepare_lexers)

SHORTCUTS = (
    Shortcut("pygments", lambda app: _share_pygments_styles(app.builder),
             "pygments.formatters.html.HtmlFormatter._create_stylesheet (as Sphinx's PygmentsBridge uses it)",
             {**SPHINX, **PYGMENTS}),
    Shortcut("lexer-lookup", lambda app: _patch_lexer_lookup(),
             "pygments.lexers.get_lexer_by_name (as sphinx.highlighting calls it)", {**SPHINX, **PYGMENTS}),
)
