"""Serve one language of the site with live reload (``make livehtml``).

    python -m tools.live --lang zh     # Chinese; default English

sphinx-autobuild rebuilds the language on every change and reloads the
browser; it serves on 127.0.0.1 only.

Rebuilds start warm.  sphinx-autobuild would start a new Python for every
change, and importing Sphinx, MyST, the site's extensions (and, for Chinese,
loading jieba's dictionary) takes longer than rebuilding a page.  Here the
server imports all of that once; each build runs in a child forked from it,
so the modules are ready and no state of one build reaches the next.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import runpy
import sys
import time
import traceback
from pathlib import Path

from sphinx_autobuild import __main__ as autobuild
from sphinx_autobuild.build import Builder
from sphinx_autobuild.utils import show_message

from tools.build import LANGUAGES, ROOT, default_jobs, source_date_epoch
from tools.run_sphinx import GC_THRESHOLD


def preload(lang: str) -> None:
    """Import what every build imports: Sphinx's own extensions and the site's."""
    from sphinx import application

    extensions = runpy.run_path(str(ROOT / "conf.py"))["extensions"]  # also puts extensions/ on sys.path
    for name in (*application.builtin_extensions, *extensions, f"sphinx.search.{lang}"):
        importlib.import_module(name)
    if lang == "zh":
        import jieba

        jieba.setLogLevel(60)  # quiet: its start-up messages say nothing to a contributor
        jieba.initialize()


def build_in_fork(sphinx_args: list[str]) -> int:
    """Run sphinx-build with ``sphinx_args`` in a forked child; return its exit code."""
    from sphinx.cmd.build import build_main

    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: build, then leave without running the parent's clean-up
        gc.set_threshold(*GC_THRESHOLD)  # as tools/run_sphinx.py does for make html
        code = 1
        try:
            code = build_main(sphinx_args)
        except SystemExit as stop:  # sphinx-build's own argument errors
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


class WarmBuilder(Builder):
    """sphinx-autobuild's builder, running Sphinx in a fork instead of a new Python.

    Defined at module level: sphinx-autobuild hands it to a process pool, which pickles it.
    """

    def __call__(self, *, changed_paths=()):
        if changed_paths:
            show_message(f"Detected changes ({', '.join(p.name for p in changed_paths[:5])})")
            show_message("Rebuilding...")
        started = time.monotonic()
        code = build_in_fork(list(self.sphinx_args))
        if code == 0:
            show_message(f"Built in {time.monotonic() - started:.1f} s; serving on {self.uri}")
        else:
            print(f"Sphinx exited with code {code}: the pages served are the last ones that built. "
                  "Fix the warnings above and save again, or press Ctrl+C to stop.")


def sphinx_args(lang: str, builddir: Path, extra: list[str]) -> list[str]:
    """The sphinx-build arguments of a live build (its own doctrees and output folder)."""
    jobs = [] if any(a.startswith(("-j", "--jobs")) for a in extra) else ["-j", str(default_jobs())]
    return [
        *jobs,
        "-D", f"language={LANGUAGES[lang]}",
        "-d", str(builddir / "doctrees" / f"live-{lang}"),
        *extra,
        str(ROOT), str(builddir / "live" / lang),
    ]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(prog="python -m tools.live", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en")
    parser.add_argument("--builddir", type=Path, default=ROOT / "_build")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    builddir = args.builddir.resolve()
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch())
    os.chdir(ROOT)
    if hasattr(os, "fork") and getattr(autobuild, "Builder", None) is Builder:
        preload(args.lang)
        autobuild.Builder = WarmBuilder
    else:  # no fork (Windows), or a sphinx-autobuild this was not written for
        print("tools.live: each rebuild starts a new Python (slower; the pages are the same)")
    autobuild.main([
        "--host", "127.0.0.1", "--port", str(args.port),
        "--ignore", str(builddir), "--ignore", str(ROOT / ".venv"),
        *sphinx_args(args.lang, builddir, extra),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
