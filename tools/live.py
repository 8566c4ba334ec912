"""Serve one language of the site with live reload (``make livehtml``).

    python -m tools.live --lang zh     # Chinese; default English

sphinx-autobuild rebuilds the language on every change and reloads the
browser; it serves on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tools.build import LANGUAGES, ROOT, source_date_epoch


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
    command = [
        sys.executable, "-m", "sphinx_autobuild",
        "--host", "127.0.0.1", "--port", str(args.port),
        "--ignore", str(builddir), "--ignore", str(ROOT / ".venv"),
        "-D", f"language={LANGUAGES[args.lang]}",
        "-d", str(builddir / "doctrees" / f"live-{args.lang}"),
        *extra,
        str(ROOT), str(builddir / "live" / args.lang),
    ]
    os.chdir(ROOT)
    os.execv(sys.executable, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
