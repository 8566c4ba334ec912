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
traceback is saved beside the doctrees.  For that, ``build`` runs the
application itself, through Sphinx's public API (``sphinx.application.Sphinx``
with the arguments of ``sphinx.cmd.build.get_parser``), where ``sphinx-build``
would hand the exception to its crash report.  ``-T`` (or ``-v``) still shows
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


class _TeeWithoutColour:
    """Sphinx's warnings to the terminal and, without colour codes, to the ``-w`` file (as sphinx-build does)."""

    def __init__(self, stream, file):
        from sphinx.util.console import strip_colors

        self.stream, self.file, self.strip = stream, file, strip_colors

    def write(self, text: str) -> None:
        self.stream.write(text)
        self.file.write(self.strip(text))

    def flush(self) -> None:
        self.stream.flush()
        self.file.flush()


def build(argv: list[str]) -> int:
    """``sphinx-build argv``, through Sphinx's public application API.

    An exception that ends the build is reported in one line by
    ``tools.build_report`` (its traceback saved beside the doctrees), not by
    Sphinx's crash report.  With ``-T``, ``-v`` or ``-P``, or a command line
    Sphinx itself rejects, Sphinx's own ``build_main`` runs, report and all.
    """
    import locale

    import sphinx.locale
    from sphinx.application import Sphinx
    from sphinx.cmd.build import build_main, get_parser
    from sphinx.util import console
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from tools import build_report

    try:
        args = get_parser().parse_args(argv)
    except SystemExit:
        return build_main(argv)  # its usage message and status
    if args.traceback or args.verbosity or args.pdb or (args.force_all and args.filenames):
        return build_main(argv)
    locale.setlocale(locale.LC_ALL, "")
    sphinx.locale.init_console()
    if args.color == "no" or (args.color == "auto" and not console.color_terminal()):
        console.nocolor()
    status = None if args.quiet or args.really_quiet else sys.stdout
    warning = None if args.really_quiet else sys.stderr
    warnfp = None
    if warning is not None and args.warnfile:
        Path(args.warnfile).parent.mkdir(parents=True, exist_ok=True)
        warnfp = open(args.warnfile, "w", encoding="utf-8")  # noqa: SIM115  (closed below)
        warning = _TeeWithoutColour(warning, warnfp)
    overrides: dict = {}
    for value in args.define:
        key, _, value = value.partition("=")
        overrides[key] = value
    for value in args.htmldefine:
        key, _, value = value.partition("=")
        overrides[f"html_context.{key}"] = int(value) if value.lstrip("-").isdigit() else value
    if args.nitpicky:
        overrides["nitpicky"] = True
    confdir = None if args.noconfig else (args.confdir or args.sourcedir)
    doctrees = args.doctreedir or str(Path(args.outputdir) / ".doctrees")
    try:
        with patch_docutils(confdir or args.sourcedir), docutils_namespace():
            app = Sphinx(args.sourcedir, confdir, args.outputdir, doctrees, args.builder,
                         confoverrides=overrides, status=status, warning=warning, freshenv=args.freshenv,
                         warningiserror=args.warningiserror, tags=args.tags, verbosity=args.verbosity,
                         parallel=args.jobs, exception_on_warning=args.exception_on_warning)
            app.build(args.force_all, args.filenames)
            return app.statuscode
    except KeyboardInterrupt:
        print("Interrupted!", file=sys.stderr)
        return 2
    except Exception as exception:
        if warnfp is not None:
            warnfp.close()
            warnfp = None
        build_report.report_exception(exception, sys.stderr, Path(args.warnfile) if args.warnfile else None,
                                      Path(doctrees) / "last-error.log")
        return 2
    finally:
        if warnfp is not None:
            warnfp.close()


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

    collect_after_loading_the_environment(application)
    if builder_of(argv) == "html":
        application.builtin_extensions = tuple(
            name for name in application.builtin_extensions if name not in UNUSED_BY_HTML)
        import_when_used("sphinx.util.requests")
        import_when_used("sphinx.ext.doctest")
    return build(argv)


if __name__ == "__main__":
    code = main(sys.argv[1:])
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
