"""What is worked out once per build (or per process) instead of once per page.

A profile of a 1,000-page build (``make bench``; see ``bench/README.md``)
showed about a fifth of the time going to work that is redone per page
although its result never differs between pages:

- docutils settings: Sphinx and MyST each build a docutils ``OptionParser``
  (hundreds of options) per page just to read its defaults;
- MyST builds a markdown-it parser and renderer for every page;
- titles of the page and its neighbours are rendered through a whole docutils
  transform and translator pass although almost all of them are plain text.

MyST resolves every Markdown link on the disk through Sphinx, which resolves
the whole path, component by component, for every link of every page.  Each
folder is now resolved once per build; only the file's own name is checked
for a symbolic link.

Each build compiled the theme's Jinja templates to Python again (a tenth of
a second before the first page is written); their compiled code is kept in
the doctree folder, keyed by each template's text.
"""

from __future__ import annotations

import copy
import inspect
import os
import warnings
from pathlib import Path

from docutils import nodes
from docutils.frontend import OptionParser
from docutils.writers import _html_base
from sphinx.application import Sphinx

from .shortcut import DOCUTILS, JINJA, MYST, SPHINX, Shortcut, any_version, replace_once

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


def _patch_myst_parser_reuse() -> bool:
    # MyST creates a markdown-it parser and renderer for every page (half a
    # millisecond: plugins, rule chains, the renderer's method table).  One set
    # up for an equal configuration does the same, as long as it is not in the
    # middle of rendering another page: each render starts from a fresh
    # markdown-it environment and resets the renderer's per-page state.
    from myst_parser.parsers import sphinx_ as myst_sphinx

    def reusing(create):
        idle: list[tuple[object, type, object]] = []  # (configuration, renderer class, parser)

        def create_md_parser(config, renderer):
            for entry in idle:
                if entry[1] is renderer and entry[0] == config:
                    idle.remove(entry)  # a page that includes another gets a second parser
                    return entry[2]
            parser = create(config, renderer)
            render = parser.render

            def render_then_release(src, env=None):
                try:
                    return render(src, env)
                finally:
                    parser.options.pop("document", None)  # no page kept alive by the cache
                    if len(idle) < 4:
                        idle.append((config, renderer, parser))

            parser.render = render_then_release
            return parser

        return create_md_parser

    return replace_once(myst_sphinx, "create_md_parser",
                         lambda create: list(inspect.signature(create).parameters) == ["config", "renderer"],
                         reusing)


# The real path of each folder a link was resolved from, during one build: the
# folders of a source tree do not move while Sphinx reads it.
_real_folders: dict[str, str] = {}


def _real_path(path: str) -> str:
    """``str(Path(path).resolve())``, with the real path of its folder looked up once per build.

    The real path of ``folder/name`` is the real path of ``folder`` joined with
    ``name``, unless ``name`` is itself a symbolic link, which is then resolved
    in full as before.
    """
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        return str(Path(path).resolve())
    real_folder = _real_folders.get(folder)
    if real_folder is None:
        real_folder = _real_folders[folder] = str(Path(folder).resolve())
    candidate = os.path.join(real_folder, name)
    return str(Path(candidate).resolve()) if os.path.islink(candidate) else candidate


def _patch_link_paths() -> bool:
    from sphinx.environment import BuildEnvironment
    from sphinx.util.osutil import _relative_path

    _real_folders.clear()  # a new build: folders may have moved since the last one

    # Written against Sphinx 9.0's relfn2path, which resolves the whole path (an
    # lstat per component, then a stat) for every Markdown link of every page.
    def by_folder(relfn2path):
        def relfn2path_by_folder(self, filename, docname=None):
            name = os.fspath(filename)
            docname = docname or self.docname
            if not docname or name.startswith(("/", "\\")) or os.path.isabs(name):
                return relfn2path(self, filename, docname)
            source = os.fspath(self.srcdir)
            # Path() drops "." parts and repeated slashes, as Sphinx's Path(filename) did.
            relative = os.fspath(Path(os.path.dirname(self.doc2path(docname, base=False)), name))
            try:
                absolute = _real_path(os.path.join(source, relative))
            except (OSError, RuntimeError):  # a symbolic link loop: Sphinx's own error, naming the whole path
                return relfn2path(self, filename, docname)
            if absolute.startswith(source + os.sep):
                return absolute[len(source) + 1:].replace(os.sep, "/"), absolute
            return _relative_path(Path(absolute), self.srcdir).as_posix(), absolute

        return relfn2path_by_folder

    return replace_once(BuildEnvironment, "relfn2path", any_version, by_folder)


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
    Shortcut("myst-parsers", lambda app: _patch_myst_parser_reuse(),
             "myst_parser.parsers.sphinx_.create_md_parser", MYST),
    Shortcut("link-paths", lambda app: _patch_link_paths(),
             "sphinx.environment.BuildEnvironment.relfn2path", SPHINX),
    Shortcut("titles", lambda app: _render_plain_titles_directly(app.builder),
             "sphinx.builders.html.StandaloneHTMLBuilder.render_partial", {**SPHINX, **DOCUTILS}),
)
