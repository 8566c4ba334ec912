"""How pages are shared out between processes when Sphinx reads and writes in parallel.

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
fills it too, and the writers forked after that start with it.

A profile of an incremental build after a one-word edit showed a third of its
time going to parallel processes for one or two pages: each reading process
sends the whole environment back pickled (its cost grows with the site, not
with the pages read), and the main process polls for workers.  Few pages are
read and written in the main process instead.

After reading, Sphinx pickled the environment and waited for it before
writing the first page (0.18 s in a one-word rebuild at 1,000 pages).  A
child forked at that moment writes it while the build goes on.
"""

from __future__ import annotations

import gc
import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from .shortcut import SPHINX, Shortcut, replace_once

logger = logging.getLogger(__name__)

# Caches that a writer fills as it goes, by name: (what this process holds, make
# the main process hold it too).  Sphinx forks a writer for each chunk of pages;
# what the main process holds when it forks one, the writer starts with.  Each
# chunk's writer sends what it held back with its pages.  Filled by
# highlighting.py and extensions/chinese_search.py.
WRITER_CACHES: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {}


# Below this many pages a write goes serially: forking workers and passing
# doctrees costs more than writing them.  A read goes serially below this many
# or a tenth of the site, whichever is larger, since each reading worker pickles
# the whole environment back to the main process.
SERIAL_BELOW = 20


def read_serially_when_few(app: Sphinx, env, docnames: list[str]) -> None:
    if ("serial-reads" in getattr(app, "site_build_speed", ())
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
    from sphinx import builders
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.locale import __
    from sphinx.util.display import status_iterator
    from sphinx.util.parallel import ParallelTasks, make_chunks

    # Written against Sphinx 9.0's _write_parallel, IndexBuilder and HTML builder.
    if type(builder) is not StandaloneHTMLBuilder:
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
    if not replace_once(builders, "pickle", lambda original: original is pickle,
                         _EnvironmentPickledInFork):
        return False
    app.connect("build-finished", builders.pickle.wait)
    return True


SHORTCUTS = (
    Shortcut("read-batches", lambda app: _patch_read_batches(),
             "sphinx.builders.Builder._read_parallel (its make_chunks batches)", SPHINX),
    Shortcut("parallel-writes", lambda app: _patch_parallel_writes(app.builder),
             "sphinx.builders.html.StandaloneHTMLBuilder._write_parallel", SPHINX),
    Shortcut("serial-writes", lambda app: _write_serially_when_few(app.builder),
             "sphinx.builders.Builder.write_documents (parallel below 20 pages)", SPHINX),
    Shortcut("serial-reads", lambda app: True,
             "sphinx.builders.Builder.read (app.parallel, for fewer than 20 pages or a tenth)", SPHINX),
    Shortcut("environment-pickle", _pickle_environment_in_fork,
             "sphinx.builders.pickle.dump of the environment (Builder.read)", SPHINX),
)


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", read_serially_when_few)
    app.connect("env-updated", restore_parallel, priority=900)
