"""sphinx-build with the process settings the site's builds want.

    python -m tools.run_sphinx -b html … SOURCEDIR OUTDIR     # the arguments of sphinx-build

``tools.build`` starts one of these per language.  Each difference from
``python -m sphinx`` comes from a profile of the benchmark's builds
(``python -m bench.build``; see ``bench/README.md``) and leaves the output
unchanged:

- Python's cyclic garbage collector runs far less often.  A build allocates
  millions of small objects (nodes, tokens, index entries), most of which
  live for a page or for the whole build, so frequent collections walk the
  same objects again and again: about a tenth of a build.  Until Sphinx has
  loaded the environment of the last build it does not run at all, and what
  was made until then (modules, extensions, the environment) is frozen out of
  it: a one-word rebuild took 1.19 s instead of 1.22 s, and clean builds of
  5,000 pages were no slower.
- An HTML build does not import the builders it never runs (LaTeX, ePub,
  linkcheck with its HTTP stack, Texinfo …): a fifth of a second per build.
- Sphinx's HTTP helpers (``sphinx.util.requests``, which imports
  ``requests``: a tenth of a second) are loaded when first used rather than
  when the image post-transform imports them: an HTML build shows remote
  images by their address and never downloads one.  Likewise
  ``sphinx.ext.doctest`` (with ``doctest``, ``unittest`` and ``packaging``:
  15 ms), which Sphinx's code post-transforms import only to trim doctest
  flags from Python console blocks.
- Regular expressions are compiled from the opcodes the last build worked
  out for them (``tools/regex_cache.py``): a tenth of a second per build.
- When the build is over the process ends at once, after flushing its output
  and running its exit handlers, instead of freeing the whole environment
  object by object: more than half a second at 1,000 pages.

One difference is not about speed: an exception that ends the build (an
extension that failed on a page's content, or a bug) is reported in one line
by ``tools/build_report.py``, with its file and line when it names them,
instead of Sphinx's crash report and its "please report this" banner; the
traceback is saved beside the doctrees.  ``-T`` (or ``-v``) still shows
Sphinx's report.
"""

from __future__ import annotations

import atexit
import gc
import importlib.util
import os
import sys
from pathlib import Path

# The youngest generation is collected after 50,000 new objects (default 700),
# the middle one after 20 of those and the oldest after 100 of the middle's
# (default 10 and 10).
GC_THRESHOLD = (50_000, 20, 100)

# Next to the doctrees, so that `make clean` removes it with them (tools/regex_cache.py).
REGEX_CACHE = "regex-cache.marshal"

# Built-in extensions an HTML build never uses; each registers only its own
# builder (and that builder's configuration values, which an HTML build never reads).
UNUSED_BY_HTML = frozenset({
    "sphinx.builders.changes",
    "sphinx.builders.epub3",
    "sphinx.builders.dirhtml",
    "sphinx.builders.dummy",
    "sphinx.builders.latex",
    "sphinx.builders.linkcheck",
    "sphinx.builders.manpage",
    "sphinx.builders.singlehtml",
    "sphinx.builders.texinfo",
    "sphinx.builders.text",
    "sphinx.builders.xml",
    "sphinxcontrib.applehelp",
    "sphinxcontrib.devhelp",
    "sphinxcontrib.htmlhelp",
    "sphinxcontrib.qthelp",
    "sphinxcontrib.serializinghtml",
})


def option_of(argv: list[str], *flags: str) -> str | None:
    for flag, value in zip(argv, argv[1:], strict=False):
        if flag in flags:
            return value
    return None


def builder_of(argv: list[str]) -> str | None:
    return option_of(argv, "-b", "--builder")


def import_when_used(name: str) -> None:
    """Put ``name`` in ``sys.modules`` as a module that runs its code on first use."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


def collect_after_loading_the_environment(application) -> None:
    """Turn the cyclic collector back on once Sphinx has loaded its environment."""
    load = getattr(application.Sphinx, "_init_env", None)
    if load is None:
        gc.enable()
        return

    def _init_env(self, *args, **kwargs):
        try:
            return load(self, *args, **kwargs)
        finally:
            gc.freeze()
            gc.enable()

    application.Sphinx._init_env = _init_env


def doctree_dir_of(argv: list[str]) -> str | None:
    return option_of(argv, "-d", "--doctree-dir")


def report_exceptions_in_one_line(argv: list[str]) -> None:
    """Sphinx's handler of the exception that ends a build, replaced by tools.build_report's line."""
    from sphinx._cli.util import errors

    from tools import build_report

    original = errors.handle_exception
    warnfile, doctrees = option_of(argv, "-w", "--warning-file"), doctree_dir_of(argv)
    details = Path(doctrees) / "last-error.log" if doctrees else None

    def handle_exception(exception, /, *, stderr=sys.stderr, use_pdb=False, print_traceback=False, **context):
        if use_pdb or print_traceback or isinstance(exception, KeyboardInterrupt):
            return original(exception, stderr=stderr, use_pdb=use_pdb, print_traceback=print_traceback, **context)
        build_report.report_exception(exception, stderr, Path(warnfile) if warnfile else None, details)
        return None

    errors.handle_exception = handle_exception


def main(argv: list[str]) -> int:
    doctrees = doctree_dir_of(argv)
    if doctrees:  # before Sphinx and its parsers compile their patterns on import
        from tools import regex_cache

        regex_cache.install(Path(doctrees) / REGEX_CACHE)
    gc.set_threshold(*GC_THRESHOLD)
    # Imports, extension setup and the environment of the last build make objects
    # that live as long as the build: collecting among them finds nothing.
    gc.disable()
    from sphinx import application
    from sphinx.cmd import build

    collect_after_loading_the_environment(application)
    report_exceptions_in_one_line(argv)
    if builder_of(argv) == "html":
        application.builtin_extensions = tuple(
            name for name in application.builtin_extensions if name not in UNUSED_BY_HTML)
        import_when_used("sphinx.util.requests")
        import_when_used("sphinx.ext.doctest")
    return build.main(argv)


if __name__ == "__main__":
    code = main(sys.argv[1:])
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
