"""Stop Sphinx and its parsers from redoing the same work on every page.

A profile of a 1,000-page build (``make bench``; see ``bench/README.md``)
showed about a fifth of the time going to work that is redone per page
although its result never differs between pages:

- docutils settings: Sphinx and MyST each build a docutils ``OptionParser``
  (hundreds of options) per page just to read its defaults;
- the Pygments HTML formatter recomputes its style table for every code block;
- titles of the page and its neighbours are rendered through a whole docutils
  transform and translator pass although almost all of them are plain text;
- the path of every stylesheet and script is resolved on the disk for every page.

In a parallel read, each worker pickles the whole environment back to the
main process, which unpickles it.  Sphinx reads in batches of about
sqrt(10 N / jobs) pages and forks each batch after merging the ones before,
so later batches carry every page read so far: at 1,000 pages the main
process spent more time unpickling environments than the workers spent
reading.  Reading in one batch per job sends each page's data back once.

In a parallel write, Sphinx's main process resolves every page (loads its
doctree, runs the post-transforms) and feeds it to the search index, one
page after another, while the workers only translate to HTML: on two cores
the main process was the bottleneck.  Here each worker resolves, indexes and
writes its own pages into an empty index table and sends the table back; the
main process merges the tables in the order Sphinx would have fed the pages.
Sphinx forks a new writer for each chunk of pages, and each started cold:
Pygments compiled the regular expressions of each lexer again (30 ms for
Python), and the Chinese splitter unpacked its table groups again.  Each
writer now sends back what it filled (``WRITER_CACHES``), the main process
fills it too, and the writers forked after that start with it.  Pygments also
found each lexer by walking its table of about 600 lexers, for every code
block; the class found for a name is kept.

A profile of an incremental build after a one-word edit showed a third of its
time going to parallel processes for one or two pages: each reading process
sends the whole environment back pickled (its cost grows with the site, not
with the pages read), and the main process polls for workers.  Few pages are
read and written in the main process instead.

The search index maps each word to the set of pages it appears on.  Sphinx
looked every occurrence of a word up in its tables: a Chinese page of a few
hundred distinct words brings thousands of occurrences.  Each page now gives
each distinct word once, in the order of its first appearance.  At the end of a build Sphinx prunes the index to
the pages of the environment, passing a dict: a set of its keys was made
again for every word of the index; it is made once.

After reading, Sphinx pickled the environment and waited for it before
writing the first page (0.18 s in a one-word rebuild at 1,000 pages).  A
child forked at that moment writes it while the build goes on.

English pages go through docutils' smartquotes, which turns quotes, dashes
and ellipses into their typographic forms, one block of text at a time: a
block with none of them comes out as it went in, and now skips the work.

Sphinx fixes the source of titles, terms and images for every page, and
writes each fix to its debug log with the node as XML: docutils builds a DOM
tree for it, at every verbosity.  The XML is now made only for a debug line
that is written.

Sphinx's logger accepted every debug line and left it to its handlers to
drop the ones the verbosity hides: each became a log record, and in a
parallel build was pickled back to the main process.  The logger now stops
at the level the handlers show.

MyST resolves every Markdown link on the disk through Sphinx, which resolves
the whole path, component by component, for every link of every page.  Each
folder is now resolved once per build; only the file's own name is checked
for a symbolic link.  docutils' HTML translator, made once per page and once
per local table of contents, looked its default stylesheets up on the disk
each time, though Sphinx's pages never show them; they are found once.

Each build compiled the theme's Jinja templates to Python again (a tenth of
a second before the first page is written); their compiled code is kept in
the doctree folder, keyed by each template's text.

Every doctree is a web of reference cycles, which only Python's cyclic
garbage collector frees, after walking it several times: at 1,000 pages that
was about a seventh of the writing time, and it grew per page with the site.
A doctree that Sphinx just pickled (a reading worker) or unpickled (writing)
has its downward links cut once it is done with, so its nodes are freed by
their reference counts; and a writing worker, whose chunk of pages ends with
the process, does not collect at all.  MyST's markdown-it syntax trees (their
nodes point to their parents too) are cut up once their page is rendered:
reading a page now leaves about 140 objects to the collector instead of 420.

Each cache below returns exactly what the uncached code returns (the build
with ``-D site_build_caches=0`` produces byte-identical output; tested in
``tests/site/test_build.py``).  They patch private functions of the
pinned Sphinx, MyST and Pygments versions, so each one checks that what it
replaces still looks as expected and otherwise leaves it alone.
"""

from __future__ import annotations

import copy
import functools
import gc
import inspect
import os
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.frontend import OptionParser
from docutils.writers import _html_base
from pygments.formatters.html import HtmlFormatter
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

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


def _replace_once(owner, name: str, fits, replacement_of) -> bool:
    """Replace ``owner.name`` by ``replacement_of(original)`` once per process.

    A second build in the same process (``make livehtml``) keeps the replacement
    already made.  An original that ``fits`` rejects (another version than the
    one the replacement was written against) is left alone.
    """
    original = getattr(owner, name)
    if getattr(original, "replaced_by_build_speed", False):
        return True
    if not fits(original):
        return False
    replacement = replacement_of(original)
    replacement.replaced_by_build_speed = True
    replacement.__wrapped__ = original
    setattr(owner, name, replacement)
    return True


def _sphinx_9_0(_original) -> bool:
    import sphinx

    return sphinx.version_info[:2] == (9, 0)


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

    return _replace_once(myst_sphinx, "create_md_parser",
                         lambda create: list(inspect.signature(create).parameters) == ["config", "renderer"],
                         reusing)


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


def _patch_asset_checksums() -> bool:
    # Every page asks for the checksum of every stylesheet and script; Sphinx caches
    # the file's checksum but resolves its path on the disk again for each page.
    from sphinx.builders import html

    original = getattr(html, "_file_checksum", None)
    if original is None or list(inspect.signature(original).parameters) != ["outdir", "filename"]:
        return False
    checksums: dict[tuple, str] = {}

    def _file_checksum(outdir, filename):
        key = (str(outdir), str(filename))
        if key not in checksums:
            checksums[key] = original(outdir, filename)
        return checksums[key]

    _file_checksum.__wrapped__ = original
    html._file_checksum = _file_checksum
    return True


def _plain_title(node) -> str | None:
    """The text of a title made of text only (no markup), else None."""
    if not isinstance(node, nodes.title):
        return None
    if not all(isinstance(child, nodes.Text) for child in node.children):
        return None
    return node.astext()


# Below this many pages a write goes serially: forking workers and passing
# doctrees costs more than writing them.  A read goes serially below this many
# or a tenth of the site, whichever is larger, since each reading worker pickles
# the whole environment back to the main process.
SERIAL_BELOW = 20


def read_serially_when_few(app: Sphinx, env, docnames: list[str]) -> None:
    if (app.config.site_build_caches and "serial-reads" not in switched_off(app.config)
            and app.parallel > 1 and len(docnames) < max(SERIAL_BELOW, len(env.found_docs) // 10)):
        app._site_parallel, app.parallel = app.parallel, 1


def restore_parallel(app: Sphinx, env) -> None:
    if hasattr(app, "_site_parallel"):
        app.parallel = app._site_parallel
        del app._site_parallel


def _one_batch_per_job(arguments, nproc, maxbatch=10):
    size = -(-len(arguments) // nproc) or 1  # ceiling division; contiguous, in Sphinx's order
    return [arguments[i : i + size] for i in range(0, len(arguments), size)]


def _patch_read_batches() -> bool:
    from sphinx import builders

    original = getattr(builders.Builder, "_read_parallel", None)
    chunker = getattr(builders, "make_chunks", None)
    if original is None or chunker is None or getattr(original, "__wrapped__", None):
        return bool(getattr(original, "__wrapped__", None))
    if list(inspect.signature(chunker).parameters) != ["arguments", "nproc", "maxbatch"]:
        return False

    def _read_parallel(self, docnames, nproc):
        # Only reads change their batches: writes return nothing, and Sphinx's
        # smaller write batches let the main process resolve pages as workers write.
        builders.make_chunks = _one_batch_per_job
        try:
            return original(self, docnames, nproc)
        finally:
            builders.make_chunks = chunker

    _read_parallel.__wrapped__ = original
    builders.Builder._read_parallel = _read_parallel
    return True


# The search-index tables IndexBuilder.feed fills, per page or per word.
_INDEX_TABLES = ("_titles", "_filenames", "_all_titles", "_index_entries", "_mapping", "_title_mapping")
_WORD_TABLES = ("_mapping", "_title_mapping")  # word -> set of pages; the others: page -> value


def _patch_parallel_writes(builder) -> bool:
    import sphinx
    from sphinx import builders
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.locale import __
    from sphinx.util.display import status_iterator
    from sphinx.util.parallel import ParallelTasks, make_chunks

    # Written against Sphinx 9.0's _write_parallel, IndexBuilder and HTML builder.
    if sphinx.version_info[:2] != (9, 0) or type(builder) is not StandaloneHTMLBuilder:
        return False

    def _write_parallel(docnames, nproc):
        indexer = builder.indexer
        if indexer is None or not all(isinstance(getattr(indexer, t, None), dict) for t in _INDEX_TABLES):
            return StandaloneHTMLBuilder._write_parallel(builder, docnames, nproc)
        # The first page in this process: templates and caches are then ready in every fork.
        first, rest = docnames[0], docnames[1:]
        builders._write_docname(first, env=builder.env, builder=builder, tags=builder.tags)
        chunks = make_chunks(rest, nproc)
        progress = status_iterator(chunks, __("writing output... "), "darkgreen", len(chunks),
                                   builder.config.verbosity)

        def write_process(numbered_chunk):
            # In a fork that ends after this chunk: its garbage is freed with the
            # process, so the cyclic collector would only walk it first.
            gc.disable()
            # Start empty tables, so that only this chunk's entries go back.
            for table in _INDEX_TABLES:
                setattr(indexer, table, {})
            known_images = set(builder.images)
            for docname in numbered_chunk[1]:
                builders._write_docname(docname, env=builder.env, builder=builder, tags=builder.tags)
            return ({t: getattr(indexer, t) for t in _INDEX_TABLES},
                    {k: v for k, v in builder.images.items() if k not in known_images},
                    {name: held() for name, (held, _) in WRITER_CACHES.items()})

        results = {}

        def on_chunk_done(numbered_chunk, result):
            tables, images, caches = result
            results[numbered_chunk[0]] = tables, images
            for name, held in caches.items():  # for the chunks not forked yet
                WRITER_CACHES[name][1](held)
            next(progress)

        tasks = ParallelTasks(nproc)
        for number, chunk in enumerate(chunks):
            tasks.add_task(write_process, (number, chunk), on_chunk_done)
        tasks.join()
        for number in range(len(chunks)):  # in chunk order: the order a serial write feeds pages
            tables, images = results[number]
            for table, entries in tables.items():
                target = getattr(indexer, table)
                if table in _WORD_TABLES:
                    for word, pages in entries.items():
                        target.setdefault(word, set()).update(pages)
                else:
                    target.update(entries)
            builder.images.update(images)
        logger.info("")

    builder._write_parallel = _write_parallel
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

    return _replace_once(highlighting, "get_lexer_by_name",
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


# Caches that a writer fills as it goes, by name: (what this process holds, make
# the main process hold it too).  Sphinx forks a writer for each chunk of pages;
# what the main process holds when it forks one, the writer starts with.  Each
# chunk's writer sends what it held back with its pages.
WRITER_CACHES: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {
    "lexers": (_lexers_made, _prepare_lexers),
}


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

    return _replace_once(BuildEnvironment, "relfn2path", _sphinx_9_0, by_folder)


def _patch_index_distinct_words() -> bool:
    from sphinx.search import IndexBuilder

    # Written against Sphinx 9.0's IndexBuilder.feed, which only adds pages to sets per word.
    def distinct(collect):
        def _word_collector(self, doctree):
            store = collect(self, doctree)
            store.words = list(dict.fromkeys(store.words))  # first appearances, in order
            store.title_words = list(dict.fromkeys(store.title_words))
            return store

        return _word_collector

    return _replace_once(IndexBuilder, "_word_collector", _sphinx_9_0, distinct)


def _patch_index_prune() -> bool:
    # At the end of every build Sphinx prunes the index to ``env.all_docs``, a
    # dict: set.intersection_update made a set of its 1,000 keys again for each
    # of the index's words, 0.05 s at 1,000 pages.  Made once, it is the same set.
    from sphinx.search import IndexBuilder

    def with_one_set(prune):
        def prune_to(self, docnames):
            return prune(self, docnames if isinstance(docnames, (set, frozenset)) else set(docnames))

        return prune_to

    return _replace_once(IndexBuilder, "prune", _sphinx_9_0, with_one_set)


# What docutils' smartquotes may change in a text: quotes, backticks, escapes
# (a backslash, or the null character docutils turns into one), dashes, ellipses.
_SMARTQUOTES_ACTIVE = re.compile(r"""["'`\\\x00]|--|\.\.\.|\. \. \.""")


def _patch_smartquotes() -> bool:
    from docutils.utils import smartquotes

    educate = smartquotes.educate_tokens
    if getattr(educate, "skips_plain_text", False):
        return True
    from sphinx.transforms import SphinxSmartQuotes

    get_tokens = SphinxSmartQuotes.get_tokens
    if (list(inspect.signature(educate).parameters) != ["text_tokens", "attr", "language"]
            or list(inspect.signature(get_tokens).parameters) != ["self", "txtnodes"]):
        return False

    def only_active_change(attr: str) -> bool:
        # '-1' (back to ASCII) and 'w' (&quot; entities) change other characters too.
        return attr != "-1" and "w" not in attr

    def educate_tokens(text_tokens, attr=smartquotes.default_smartypants_attr, language="en"):
        tokens = list(text_tokens)
        if not only_active_change(attr) or any(
                kind == "plain" and _SMARTQUOTES_ACTIVE.search(text) for kind, text in tokens):
            return educate(tokens, attr, language)
        return iter([text for _, text in tokens])

    educate_tokens.skips_plain_text = True
    smartquotes.educate_tokens = educate_tokens

    # Sphinx looks up each text's ancestors to tell text from code.  A text with
    # nothing smartquotes changes comes out as it went in either way, and the
    # character after it gives the next text the same context either way.
    def get_tokens_of_plain_text(self, txtnodes):
        if not only_active_change(self.smartquotes_action):
            yield from get_tokens(self, txtnodes)
            return
        for txtnode in txtnodes:
            text = str(txtnode)
            if _SMARTQUOTES_ACTIVE.search(text):
                yield from get_tokens(self, [txtnode])
            else:
                yield "literal", text

    SphinxSmartQuotes.get_tokens = get_tokens_of_plain_text
    return True


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


# What a dismantled document keeps: nothing of it leads back to its nodes (its
# reporter may, through the observers that transforms attach to it).
_DOCUMENT_KEPT = frozenset({"attributes", "settings", "current_source", "current_line", "source", "line"})


def _dismantle(doctree: nodes.document) -> None:
    """Cut the downward links of a doctree that nothing else refers to.

    A doctree is a web of reference cycles (each node points to its children
    and back to its parent; the document holds nodes by id and name), so it is
    freed only by the cyclic garbage collector, which walks it several times
    first: at 1,000 pages that was about a seventh of the writing time, and
    more per page as the site grows.  Without the downward links, the nodes
    are freed at once by their reference counts.  Each node keeps its parent,
    source and line, so that a warning about it, whose location Sphinx works
    out when the warning is shown, still names its file and line.
    """
    stack: list = [doctree]
    while stack:
        children = stack.pop().__dict__.get("children")
        if children:
            stack.extend(children)
            children.clear()
    state = doctree.__dict__
    for key in [key for key in state if key not in _DOCUMENT_KEPT]:
        del state[key]


def _patch_free_doctrees() -> bool:
    # Only doctrees that Sphinx itself just unpickled (writing) or pickled
    # (reading in a worker) are dismantled: nothing else holds their nodes.
    # A doctree Sphinx keeps from a serial read to write it later may share
    # nodes with what extensions stored while reading, and is left alone.
    from sphinx import builders
    from sphinx.builders import Builder

    def dismantling_after_write(original):
        def _write_docname(docname, /, *, env, builder, tags):
            unpickled = docname not in env._write_doc_doctree_cache
            builder.phase = builders.BuildPhase.RESOLVING
            doctree = env.get_and_resolve_doctree(docname, builder=builder, tags=tags)
            builder.phase = builders.BuildPhase.WRITING
            builder.write_doc_serialized(docname, doctree)
            builder.write_doc(docname, doctree)
            if unpickled:
                _dismantle(doctree)

        return _write_docname

    def dismantling_after_pickle(original):
        def write_doctree(self, docname, doctree, *, _cache=True):
            original(self, docname, doctree, _cache=_cache)
            if not _cache:  # a worker's doctree: written to disk, not kept for the write phase
                _dismantle(doctree)

        return write_doctree

    return (_replace_once(builders, "_write_docname", _sphinx_9_0, dismantling_after_write)
            and _replace_once(Builder, "write_doctree", _sphinx_9_0, dismantling_after_pickle))


def _patch_myst_syntax_trees() -> bool:
    # MyST renders each page through markdown-it's SyntaxTreeNode tree, whose
    # nodes point to their parents: cyclic garbage again, about three quarters
    # of what reading a page leaves to the collector.  The trees made while a
    # page renders are cut up once the page is rendered.
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.mdit_to_docutils import base

    if base.SyntaxTreeNode is not SyntaxTreeNode and getattr(base.SyntaxTreeNode, "made", None) is None:
        return False  # someone else's replacement
    if base.SyntaxTreeNode is SyntaxTreeNode:
        class RecordedSyntaxTreeNode(SyntaxTreeNode):
            # The roots made during renders, in order; None marks where a render
            # began, and a tree made outside any render is not recorded.
            made: list = []

            def __init__(self, tokens=(), *, create_root=True):
                super().__init__(tokens, create_root=create_root)
                if create_root and self.made:
                    self.made.append(self)

        base.SyntaxTreeNode = RecordedSyntaxTreeNode
    made = base.SyntaxTreeNode.made

    def cutting_after_render(render):
        def render_then_cut(self, *args, **kwargs):
            start = len(made)
            made.append(None)
            try:
                return render(self, *args, **kwargs)
            finally:
                stack = [root for root in made[start + 1:] if root is not None]
                del made[start:]
                while stack:
                    children = stack.pop()._children
                    stack.extend(children)
                    children.clear()

        return render_then_cut

    return _replace_once(base.DocutilsRenderer, "render",
                         lambda render: list(inspect.signature(render).parameters) == ["self", "tokens", "options", "md_env"],
                         cutting_after_render)


class _EnvironmentPickledInFork:
    """What ``sphinx.builders`` calls ``pickle``: the environment is written by a child.

    Sphinx pickles the environment after reading, before it writes a single
    page, and waits for it: 0.18 s in a one-word rebuild at 1,000 pages, a
    tenth of it.  A child forked at that moment holds exactly the environment
    Sphinx would have written, and writes it into the file Sphinx opened while
    the build goes on.  The build waits for it when it finishes, and fails
    if the child did.  Everything else Sphinx pickles goes through unchanged.
    """

    def __init__(self, module):
        self.module = module
        self.writing: list[tuple[int, str]] = []  # (pid of the child, file it writes)

    def __getattr__(self, name: str):
        return getattr(self.module, name)

    def dump(self, obj, file, protocol=None, **kwargs):
        from sphinx.environment import BuildEnvironment

        if not isinstance(obj, BuildEnvironment):
            return self.module.dump(obj, file, protocol, **kwargs)
        file.flush()  # nothing the parent wrote may be written twice
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                gc.disable()  # a collection would only copy the parent's pages
                self.module.dump(obj, file, protocol, **kwargs)
                file.flush()
                status = 0
            except BaseException:
                import traceback

                # Kept in a file that the parent's one-line error names (tools/build_report.py:
                # a failed build prints no traceback).
                with open(f"{file.name}.traceback", "w", encoding="utf-8") as log:
                    traceback.print_exc(file=log)
            finally:
                os._exit(status)  # not the parent's exit handlers, nor its buffered output
        self.writing.append((pid, file.name))
        return None

    def wait(self, app: Sphinx, exception) -> None:
        failed = []
        while self.writing:
            pid, path = self.writing.pop()
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                failed.append(path)
        for path in failed:
            Path(path).unlink(missing_ok=True)  # the next build reads every page again
        if failed and exception is None:
            from sphinx.errors import SphinxError

            raise SphinxError(f"the environment could not be saved to {failed[0]} "
                              f"(traceback: {failed[0]}.traceback)")


def _pickle_environment_in_fork(app: Sphinx) -> bool:
    import pickle

    from sphinx import builders

    if not hasattr(os, "fork"):
        return False
    if not _replace_once(builders, "pickle",
                         lambda original: original is pickle and _sphinx_9_0(original),
                         _EnvironmentPickledInFork):
        return False
    app.connect("build-finished", builders.pickle.wait)
    return True


def _write_serially_when_few(builder) -> bool:
    original = getattr(builder, "write_documents", None)
    if original is None or not hasattr(builder, "parallel_ok"):
        return False

    def write_documents(docnames):
        if not builder.parallel_ok or len(docnames) >= SERIAL_BELOW:
            return original(docnames)
        builder.parallel_ok = False
        try:
            return original(docnames)
        finally:
            builder.parallel_ok = True

    builder.write_documents = write_documents
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


# What docutils' get_stylesheet_list reads, and what it found for each value of them.
_STYLESHEET_SETTINGS = ("stylesheet", "stylesheet_path", "stylesheet_dirs")
_stylesheet_lists: dict[tuple, list[str]] = {}


def _patch_stylesheet_list() -> bool:
    # docutils' HTML translator looks its default stylesheets up in its folders
    # (a stat per folder) for every translator: one per page, one per local table of
    # contents.  Sphinx's pages never show them.  The answer depends on three
    # settings, and on which files exist in the folders they name (docutils' own,
    # the current folder): nothing a build changes.
    from docutils import utils

    _stylesheet_lists.clear()  # a new build: look the files up again

    def cached(find):
        def get_stylesheet_list(settings):
            key = tuple(repr(getattr(settings, name, None)) for name in _STYLESHEET_SETTINGS)
            if key not in _stylesheet_lists:
                _stylesheet_lists[key] = find(settings)
            return list(_stylesheet_lists[key])

        return get_stylesheet_list

    return _replace_once(utils, "get_stylesheet_list",
                         lambda find: list(inspect.signature(find).parameters) == ["settings"], cached)


def _share_pygments_styles(builder) -> bool:
    highlighter = getattr(builder, "highlighter", None)
    if highlighter is None or getattr(highlighter, "formatter", None) is not HtmlFormatter:
        return False
    highlighter.formatter = SharedStyleHtmlFormatter
    return True


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


# Each shortcut by the name the debug log gives it; each returns whether it applied.
_SHORTCUTS = (
    ("templates", _cache_compiled_templates),
    ("settings", lambda app: _patch_sphinx_settings()),
    ("myst-document", lambda app: _patch_myst_make_document()),
    ("myst-parsers", lambda app: _patch_myst_parser_reuse()),
    ("asset-checksums", lambda app: _patch_asset_checksums()),
    ("read-batches", lambda app: _patch_read_batches()),
    ("parallel-writes", lambda app: _patch_parallel_writes(app.builder)),
    ("serial-writes", lambda app: _write_serially_when_few(app.builder)),
    ("environment-pickle", _pickle_environment_in_fork),
    ("index-words", lambda app: _patch_index_distinct_words()),
    ("index-prune", lambda app: _patch_index_prune()),
    ("link-paths", lambda app: _patch_link_paths()),
    ("smartquotes", lambda app: _patch_smartquotes()),
    ("debug-xml", lambda app: _patch_debug_xml()),
    ("log-level", _log_only_what_is_shown),
    ("stylesheet-list", lambda app: _patch_stylesheet_list()),
    ("pygments", lambda app: _share_pygments_styles(app.builder)),
    ("lexer-lookup", lambda app: _patch_lexer_lookup()),
    ("titles", lambda app: _render_plain_titles_directly(app.builder)),
    ("free-doctrees", lambda app: _patch_free_doctrees()),
    ("myst-trees", lambda app: _patch_myst_syntax_trees()),
)


# Shortcuts that are not a replacement made at builder-inited but a hook of their own.
_HOOKS = ("serial-reads",)


def switched_off(config) -> set[str]:
    """The shortcuts ``-D site_build_speed_off=name1,name2`` turns off (each alone, to measure it)."""
    value = config.site_build_speed_off
    names = {name.strip() for name in (value.split(",") if isinstance(value, str) else value) if name.strip()}
    unknown = sorted(names - {name for name, _ in _SHORTCUTS} - set(_HOOKS))
    if unknown:
        from sphinx.errors import ConfigError

        raise ConfigError(f"site_build_speed_off: no shortcut named {', '.join(unknown)} "
                          f"(known: {', '.join([name for name, _ in _SHORTCUTS] + list(_HOOKS))})")
    return names


def install(app: Sphinx) -> None:
    if not app.config.site_build_caches:
        return
    off = switched_off(app.config)
    patched = [name for name, apply in _SHORTCUTS if name not in off and apply(app)]
    logger.debug("[build_speed] caches: %s", ", ".join(patched))


def setup(app: Sphinx) -> dict:
    # -D site_build_caches=0 turns the caches off, to compare outputs.
    app.add_config_value("site_build_caches", True, "env", (bool, int))
    # -D site_build_speed_off=name1,name2 turns those shortcuts off, each alone (bench/shortcuts.py);
    # the output is the same either way, so changing it rebuilds nothing.
    app.add_config_value("site_build_speed_off", [], "", (list, str))
    app.connect("builder-inited", install)
    app.connect("env-before-read-docs", read_serially_when_few)
    app.connect("env-updated", restore_parallel, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def names() -> list[str]:
    """Every shortcut's name, as ``site_build_speed_off`` takes them."""
    return [name for name, _ in _SHORTCUTS] + list(_HOOKS)
