"""Build the whole site: the English and the Chinese Sphinx builds, then the root files.

    python -m tools.build                  # both languages into _build/html/{en,zh}
    python -m tools.build --lang zh        # one language only
    python -m tools.build -- -E            # anything after -- goes to sphinx-build

Both builds are strict (-W --keep-going -n): every warning is listed with its
file and line, and any warning fails the build.  The two languages build in
parallel (one process each).  On failure the previous good output is left
untouched: each build writes to a staging folder that replaces the old one
only when it succeeded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools import site_root

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"en": "en", "zh": "zh_CN"}
STRICT = ["-W", "--keep-going", "-n"]


def source_date_epoch() -> str:
    """The last commit's time, so that dates in the output depend on the commit only."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError:
        out = ""
    return out or "1661126400"  # 2022-08-22, the project's first meeting notes


def sphinx_command(lang: str, builder: str, builddir: Path, outdir: Path, extra: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "sphinx",
        "-b", builder,
        *STRICT,
        "-D", f"language={LANGUAGES[lang]}",
        "-d", str(builddir / "doctrees" / lang),
        *extra,
        str(ROOT), str(outdir),
    ]


def run_builds(langs: list[str], builder: str, builddir: Path, extra: list[str]) -> dict[str, Path]:
    """Run one sphinx-build per language in parallel; return the staging folder of each."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch())
    env.setdefault("PYTHONHASHSEED", "0")
    staging, procs = {}, {}
    for lang in langs:
        final = builddir / builder / lang
        stage = builddir / builder / f".{lang}.new"
        shutil.rmtree(stage, ignore_errors=True)
        if final.is_dir():
            shutil.copytree(final, stage)  # keeps incremental builds incremental
        staging[lang] = stage
        log = open(builddir / f"{builder}-{lang}.log", "w", encoding="utf-8")
        procs[lang] = (subprocess.Popen(sphinx_command(lang, builder, builddir, stage, extra),
                                        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log)
    failed = []
    for lang, (proc, log) in procs.items():
        proc.wait()
        log.close()
        text = (builddir / f"{builder}-{lang}.log").read_text(encoding="utf-8")
        print(f"--- {builder} ({lang}) ---")
        print(text.rstrip())
        if proc.returncode != 0:
            failed.append(lang)
    if failed:
        for stage in staging.values():
            shutil.rmtree(stage, ignore_errors=True)
        raise SystemExit(f"build failed for {', '.join(failed)}: see the warnings above (file:line: message)")
    return staging


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(prog="python -m tools.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=[*LANGUAGES, "all"], default="all")
    parser.add_argument("--builder", default="html", help="Sphinx builder (html, linkcheck, …)")
    parser.add_argument("--builddir", type=Path, default=ROOT / "_build")
    args = parser.parse_args(argv)

    langs = list(LANGUAGES) if args.lang == "all" else [args.lang]
    builddir = args.builddir.resolve()
    (builddir / args.builder).mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    staging = run_builds(langs, args.builder, builddir, extra)
    for lang, stage in staging.items():
        final = builddir / args.builder / lang
        shutil.rmtree(final, ignore_errors=True)
        stage.rename(final)
    if args.builder == "html" and args.lang == "all":
        site_root.write(builddir / "html", ROOT)
    print(f"built {', '.join(langs)} in {time.monotonic() - started:.1f} s: {builddir / args.builder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
