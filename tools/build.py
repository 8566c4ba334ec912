"""Build the whole site: the English and the Chinese Sphinx builds, then the root files.

    python -m tools.build                  # both languages into _build/html/{en,zh}
    python -m tools.build --lang zh        # one language only
    python -m tools.build -- -E            # anything after -- goes to sphinx-build

Both builds are strict (-W --keep-going -n): every warning is listed with its
file and line, and any warning fails the build.  A failed run ends with the
list of its errors, each once, and one summary line (``tools/build_report.py``).  The two languages build in
parallel (one process each, each with its own worker processes, ``--jobs``).

On failure the published output is left untouched: Sphinx writes into a work
folder (``_build/work/html/en``) that is kept between builds, so that they
stay incremental, and only a successful build is mirrored into
``_build/html/en`` (each changed file replaced whole, removed files deleted).
A failed build also forgets its environment, so that the next build reads
every page again and reports every warning again.

A build that was stopped before it finished (killed, interrupted) is found
out by the next one: each language build leaves a mark beside its doctrees
(``html.unfinished``) until its output is published.  Sphinx saves the
environment before it writes the pages, so after a kill the environment
would claim pages that were never written, and their neighbours' navigation,
to be current; the next build starts that language from scratch instead.

Sphinx reads a page again when the page changes, not when the code that reads
it does: after an edit to ``conf.py``, an extension or a pinned package, an
incremental build would publish pages made by the old code.  Nor does it write
a page again when the theme changes a stylesheet or a script: every page names
those files with a checksum (``site.css?v=…``), and unchanged pages would keep
the old one.  Each language build therefore records two fingerprints beside
its doctrees: of the code (``site-code.sha256``; when it differs, that language
is built from scratch) and of the theme (``site-theme.sha256``; when it
differs, every page is written again, ``-a``, without being read again).

Only one build runs in a build folder at a time: a second one stops at once
and names the process of the first.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tools import build_report

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


def default_jobs() -> int:
    # Sphinx's write phase runs in jobs - 1 worker processes next to the main one,
    # so one more job than cores keeps every core busy (measured: bench/README.md).
    return (os.cpu_count() or 1) + 1


def sphinx_command(lang: str, builder: str, builddir: Path, outdir: Path, jobs: int,
                   extra: list[str], plain: bool = False) -> list[str]:
    return [
        sys.executable, "-m", "sphinx" if plain else "tools.run_sphinx",
        "-b", builder,
        *STRICT,
        "-j", str(jobs),
        "-D", f"language={LANGUAGES[lang]}",
        "-d", str(builddir / "doctrees" / lang),
        "-w", str(warnings_file(builddir, builder, lang)),
        *extra,
        str(ROOT), str(outdir),
    ]


def warnings_file(builddir: Path, builder: str, lang: str) -> Path:
    return builddir / f"{builder}-{lang}.warnings"


def unfinished_mark(builddir: Path, builder: str, lang: str) -> Path:
    return builddir / "doctrees" / lang / f"{builder}.unfinished"


def _fingerprint(root: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_fingerprint(root: Path = ROOT) -> str:
    """A hash of what turns sources into pages: conf.py, the extensions and the pinned packages."""
    return _fingerprint(root, [root / "conf.py", root / "requirements.txt",
                               *sorted((root / "extensions").rglob("*.py"))])


def theme_fingerprint(root: Path = ROOT) -> str:
    """A hash of the theme: its templates, stylesheets and scripts."""
    return _fingerprint(root, sorted((root / "theme").rglob("*")))


FINGERPRINTS = {"code": code_fingerprint, "theme": theme_fingerprint}


def fingerprint_file(builddir: Path, lang: str, kind: str) -> Path:
    return builddir / "doctrees" / lang / f"site-{kind}.sha256"


def fingerprints(root: Path = ROOT) -> dict[str, str]:
    return {kind: make(root) for kind, make in FINGERPRINTS.items()}


def _differs(builddir: Path, lang: str, kind: str, value: str) -> bool:
    """True when the language has an environment and it was made with another ``kind`` of fingerprint."""
    if not (builddir / "doctrees" / lang / "environment.pickle").is_file():
        return False
    recorded = fingerprint_file(builddir, lang, kind)
    return not recorded.is_file() or recorded.read_text(encoding="utf-8").strip() != value


def forget(builddir: Path, builder: str, lang: str) -> None:
    """Make the next build of ``lang`` read and write every page."""
    (builddir / "doctrees" / lang / "environment.pickle").unlink(missing_ok=True)
    shutil.rmtree(work_dir(builddir, builder, lang), ignore_errors=True)


@contextmanager
def only_build(builddir: Path):
    """Hold the build folder's lock; stop at once if another build holds it."""
    builddir.mkdir(parents=True, exist_ok=True)
    with open(builddir / ".lock", "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            raise SystemExit(f"another build is running in {builddir} (pid {holder}): "
                             "wait for it to finish, or use another BUILDDIR") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        # The Sphinx processes inherit the lock, so that it is held until the last of them
        # ends, even if this process is killed first.
        yield lock.fileno()


def work_dir(builddir: Path, builder: str, lang: str) -> Path:
    return builddir / "work" / builder / lang


def run_builds(langs: list[str], builder: str, builddir: Path, jobs: int, extra: list[str],
               plain: bool = False, lock: int | None = None, prints: dict[str, str] | None = None
               ) -> dict[str, Path]:
    """Run one sphinx-build per language in parallel; return the work folder of each."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch())
    env.setdefault("PYTHONHASHSEED", "0")
    work, procs = {}, {}
    prints = fingerprints() if prints is None else prints
    for lang in langs:
        work[lang] = work_dir(builddir, builder, lang)
        warnings_file(builddir, builder, lang).unlink(missing_ok=True)
        mark = unfinished_mark(builddir, builder, lang)
        write_all = []
        if mark.exists():
            print(f"the last {builder} build of {lang} did not finish: building it from scratch")
            forget(builddir, builder, lang)
        elif _differs(builddir, lang, "code", prints["code"]):
            print(f"conf.py, an extension or a pinned package changed since the last build of {lang}: "
                  "building it from scratch")
            forget(builddir, builder, lang)
        elif _differs(builddir, lang, "theme", prints["theme"]):
            print(f"the theme changed since the last build of {lang}: writing every page again")
            write_all = ["-a"]
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
        log = open(builddir / f"{builder}-{lang}.log", "w", encoding="utf-8")
        procs[lang] = (subprocess.Popen(sphinx_command(lang, builder, builddir, work[lang], jobs,
                                                       [*write_all, *extra], plain),
                                        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        pass_fds=() if lock is None else (lock,)), log)
    failed: dict[str, int] = {}
    for lang, (proc, log) in procs.items():
        proc.wait()
        log.close()
        text = (builddir / f"{builder}-{lang}.log").read_text(encoding="utf-8")
        print(f"--- {builder} ({lang}) ---")
        print(text.rstrip())
        if proc.returncode != 0:
            failed[lang] = proc.returncode
    if failed:
        for lang in failed:
            # Sphinx would not read the failing pages again until they change, and
            # their warnings would be lost: start the next build from scratch.
            forget(builddir, builder, lang)
            unfinished_mark(builddir, builder, lang).unlink(missing_ok=True)
        sys.stdout.flush()  # the logs above, before the list on stderr, even through a pipe
        raise SystemExit(failure_report(builddir, builder, failed))
    return work


def failure_report(builddir: Path, builder: str, failed: dict[str, int]) -> str:
    """The end of a failed run: its errors, each once, and one summary line."""
    found = {lang: build_report.errors_of(warnings_file(builddir, builder, lang)) for lang in failed}
    unexplained = [f"{lang} (exit status {code})" for lang, code in failed.items() if not found[lang]]
    if unexplained:  # killed, or failed before it could say why
        return f"build failed for {', '.join(unexplained)} without naming an error: see its output above"
    return "\n".join(["", "Errors:", *build_report.summary(found)])


def publish(path: str, partial: Path) -> None:
    """Give ``partial`` the contents of ``path``: an HTML page by a link, anything else by a copy.

    Creating a file costs far more than linking one (0.9 ms against 0.02 ms on
    the benchmark machine).  Sphinx writes every page into a new file once its
    old file is shared (``extensions/page_files.py``), so a published page never
    changes during a build; other output files are written in place and copied.
    """
    partial.unlink(missing_ok=True)  # left by an interrupted run, and maybe a link itself
    if path.endswith(".html"):
        try:
            os.link(path, partial)
            return
        except OSError:  # a file system without hard links: copy
            pass
    shutil.copy2(path, partial)


def mirror(source: Path, target: Path) -> int:
    """Make ``target`` a copy of ``source``, writing only what differs; return files written."""
    written = 0
    wanted: set[str] = set()

    def copy_tree(folder: str) -> None:
        nonlocal written
        with os.scandir(source / folder if folder else source) as entries:
            for entry in entries:
                relative = f"{folder}/{entry.name}" if folder else entry.name
                wanted.add(relative)
                copy = target / relative
                if entry.is_dir():
                    copy.mkdir(parents=True, exist_ok=True)
                    copy_tree(relative)
                    continue
                stat = entry.stat()
                try:
                    old = os.stat(copy)
                    if old.st_size == stat.st_size and old.st_mtime_ns == stat.st_mtime_ns:
                        continue
                except FileNotFoundError:
                    pass
                partial = copy.with_name(f".{copy.name}.part")
                publish(entry.path, partial)
                os.replace(partial, copy)  # a reader sees the old file or the new one, never half of one
                written += 1

    target.mkdir(parents=True, exist_ok=True)
    copy_tree("")

    def remove_unwanted(folder: str) -> None:
        with os.scandir(target / folder if folder else target) as entries:
            for entry in entries:
                relative = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir(follow_symlinks=False):
                    remove_unwanted(relative)  # children before their folder
                    if relative not in wanted:
                        os.rmdir(entry.path)
                elif relative not in wanted:
                    os.unlink(entry.path)

    remove_unwanted("")
    return written


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
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(),
                        help="Sphinx processes per language (default: cores + 1)")
    parser.add_argument("--plain", action="store_true",
                        help="run `python -m sphinx` instead of tools.run_sphinx (to compare outputs)")
    args = parser.parse_args(argv)

    langs = list(LANGUAGES) if args.lang == "all" else [args.lang]
    builddir = args.builddir.resolve()
    started = time.monotonic()
    with only_build(builddir) as lock:
        (builddir / args.builder).mkdir(parents=True, exist_ok=True)
        prints = fingerprints()  # of what the pages are built with, also if it changes meanwhile
        work = run_builds(langs, args.builder, builddir, args.jobs, extra, args.plain, lock, prints)
        for lang, folder in work.items():
            mirror(folder, builddir / args.builder / lang)
        if args.builder == "html" and args.lang == "all":
            from tools import site_root  # imports PyYAML: only when writing the root files

            site_root.write(builddir / "html", ROOT)
        for lang in work:
            for kind, value in prints.items():
                fingerprint_file(builddir, lang, kind).write_text(value + "\n", encoding="utf-8")
            unfinished_mark(builddir, args.builder, lang).unlink()
    print(f"built {', '.join(langs)} in {time.monotonic() - started:.1f} s: {builddir / args.builder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
