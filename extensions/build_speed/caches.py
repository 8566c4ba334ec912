"""What is worked out once per build (or per process) instead of once per page.

A profile of a 1,000-page build (``make bench``; see ``bench/README.md``)
showed about a fifth of the time going to work that is redone per page
although its result never differs between pages:

- docutils settings: Sphinx and MyST each build a docutils ``OptionParser``
  (hundreds of options) per page just to read its defaults;
- titles of the page and its neighbours are rendered through a whole docutils
  transform and translator pass although almost all of them are plain text.

Each build compiled the theme's Jinja templates to Python again (a tenth of
a second before the first page is written); their compiled code is kept in
the doctree folder, keyed by each template's text.
"""

from __future__ import annotations

import copy
import inspect
import warnings
from pathlib import Path

from docutils import nodes
from docutils.frontend import OptionParser
from docutils.writers import _html_base
from sphinx.application import Sphinx

from .shortcut import DOCUTILS, JINJA, MYST, SPHINX, Shortcut

# Settings values that docutils creates fresh for each OptionParser and that
# documents then change in place: everything else is shared by every page anyway.
_FRESH_PER_DOCUMENT = ("record_dependencies", "_config_files")


_settings_cache: dict[tuple, object] = {}


def _cached_default_settings(components, defaults, read_config_files):
    # Sphinx passes a new parser instance per page; what OptionParser reads from a
    # component is its class's option specification.
    key = (
        tuple((c if isinstance(c, type) else type(c), id(getattr(c, "settings_spec", None)),
               id(getattr(c, "settings_defaults", None))) for c in components),
        tuple(sorted((name, id(value)) for name, value in defaults.items())),
        read_config_files,
    )
    cached = _settings_cache.get(key)
    if cached is None:
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
            cached = OptionParser(
                components=components, defaults=defaults, read_config_files=read_config_files
            ).get_default_values()
        # Keep the value objects the key's ids refer to alive with the entry.
        _settings_cache[key] = cached = (cached, tuple(defaults.values()))
    settings = copy.copy(cached[0])
    for name in _FRESH_PER_DOCUMENT:
        value = getattr(settings, name, None)
        if value is not None:
            setattr(settings, name, copy.deepcopy(value))
    return settings


def _patch_sphinx_settings() -> bool:
    from sphinx.util import docutils as sphinx_docutils

    original = getattr(sphinx_docutils, "_get_settings", None)
    if original is None or list(inspect.signature(original).parameters) != [
        "components", "defaults", "read_config_files",
    ]:
        return False

    def _get_settings(*components, defaults, read_config_files=False):
        return _cached_default_settings(components, defaults, read_config_files)

    _get_settings.__wrapped__ = original
    sphinx_docutils._get_settings = _get_settings
    return True


def _patch_myst_make_document() -> bool:
    # MyST's renderer evaluates ``options.get("document", make_document())``: the
    # default, with a fresh OptionParser, is built and thrown away for every page.
    from docutils.utils import new_document
    from myst_parser.mdit_to_docutils import base

    original = getattr(base, "make_document", None)
    if original is None or list(inspect.signature(original).parameters) != ["source_path", "parser_cls"]:
        return False

    def make_document(source_path="notset", parser_cls=base.RSTParser):
        settings = _cached_default_settings((parser_cls,), {}, True)
        return new_document(source_path, settings=settings)

    make_document.__wrapped__ = original
    base.make_document = make_document
    return True


def _cache_compiled_templates(app: Sphinx) -> bool:
    from jinja2 import FileSystemBytecodeCache

    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return False
    folder = Path(app.doctreedir) / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    # Jinja names each entry by the template's name and text, and writes it whole.
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return True


def _plain_title(node) -> str | None:
    """The text of a title made of text only (no markup), else None."""
    if not isinstance(node, nodes.title):
        return None
    if not all(isinstance(child, nodes.Text) for child in node.children):
        return None
    return node.astext()


def _render_plain_titles_directly(builder) -> bool:
    render_partial = getattr(builder, "render_partial", None)
    translator = builder.get_translator_class() if render_partial is not None else None
    if translator is None or translator.encode is not _html_base.HTMLTranslator.encode:
        return False
    table = translator.special_characters

    # A lone title node renders to no fragment and its encoded text as the
    # title (checked against the slow path in the tests).
    def fast_render_partial(node):
        text = _plain_title(node)
        if text is None:
            return render_partial(node)
        return {"fragment": "", "title": text.translate(table)}

    builder.render_partial = fast_render_partial
    return True


SHORTCUTS = (
    Shortcut("templates", _cache_compiled_templates,
             "the theme's jinja2.Environment without a bytecode cache (sphinx.jinja2glue)", {**SPHINX, **JINJA}),
    Shortcut("settings", lambda app: _patch_sphinx_settings(),
             "sphinx.util.docutils._get_settings (docutils OptionParser per page)", {**SPHINX, **DOCUTILS}),
    Shortcut("myst-document", lambda app: _patch_myst_make_document(),
             "myst_parser.mdit_to_docutils.base.make_document", {**MYST, **DOCUTILS}),
    Shortcut("titles", lambda app: _render_plain_titles_directly(app.builder),
             "sphinx.builders.html.StandaloneHTMLBuilder.render_partial", {**SPHINX, **DOCUTILS}),
)
