"""Killed, failed and concurrent builds never leave published pages that differ from a clean build.

On a small synthetic site (``bench/corpus.py``) with the site's configuration,
a build of a change is killed (the whole process group, as a crash would) at
several points of its run; the next build must publish exactly what a clean
build of the same sources publishes (issue 28, points 7 to 10).
"""

from __future__ import annotations

import fcntl
import filecmp
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench import corpus

from .conftest import build

PAGES = 20


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> tuple[Path, Path]:
    """A built site, kept aside: each test starts from a copy of it at the same place."""
    live = tmp_path_factory.mktemp("interrupted")
    root = corpus.synthetic_site(live / "site", PAGES)
    shutil.copytree(corpus.ROOT / "hosting", root / "hosting")  # for the root files of a build of both languages
    result = build(root, live / "build", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    kept = live.parent / f"{live.name}-kept"
    shutil.copytree(live, kept, symlinks=True)
    return live, kept


@pytest.fixture
def site(snapshot) -> tuple[Path, Path]:
    # The environment records the source folder: the copy goes where the build was made.
    live, kept = snapshot
    shutil.rmtree(live)
    shutil.copytree(kept, live, symlinks=True)
    return live / "site", live / "build"


def set_title(page: Path, title: str) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"^# .*$", f"# {title}", text, count=1, flags=re.M), encoding="utf-8")


def start_build(root: Path, builddir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tools.build", "--builddir", str(builddir), *args],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def kill_when(root: Path, builddir: Path, ready: Callable[[], bool]) -> None:
    """Start a build and kill it, with every process it started, as soon as ``ready()``."""
    build_process = start_build(root, builddir, "--lang", "en")
    deadline = time.monotonic() + 300
    while not ready():
        assert build_process.poll() is None, "the build ended before the point it was to be killed at"
        assert time.monotonic() < deadline, "the build never reached the point it was to be killed at"
        time.sleep(0.002)
    os.killpg(build_process.pid, signal.SIGKILL)
    build_process.communicate()
    wait_until_unlocked(builddir)


def wait_until_unlocked(builddir: Path, timeout: float = 60) -> None:
    """Wait until the killed build's processes are gone: the Sphinx processes hold the build
    folder's lock until the last of them has exited, some milliseconds after the kill, and a
    build started before then rightly stops as a second build."""
    deadline = time.monotonic() + timeout
    with open(builddir / ".lock", "a+", encoding="utf-8") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                assert time.monotonic() < deadline, "the killed build's processes still hold the lock"
                time.sleep(0.01)
                continue
            fcntl.flock(lock, fcntl.LOCK_UN)
            return


def changed_since(path: Path, moment: int) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return path.stat().st_mtime_ns > moment
        except FileNotFoundError:
            return False
    return ready


# Clean builds by what they were made of: the tests that kill a build at different points make
# the same change, so one clean build serves them all.
_CLEAN_BUILDS: dict[tuple[str, str], Path] = {}


def sources_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def assert_same_as_clean_build(root: Path, builddir: Path, tmp_path: Path, langs: str = "en") -> None:
    result = build(root, builddir, "--lang", langs)
    assert result.returncode == 0, result.stdout + result.stderr
    key = (sources_digest(root), langs)
    clean = _CLEAN_BUILDS.get(key)
    if clean is None:
        clean = tmp_path / "clean"
        result = build(root, clean, "--lang", langs)
        assert result.returncode == 0, result.stdout + result.stderr
        _CLEAN_BUILDS[key] = clean
    differ = []

    def compare(a: Path, b: Path) -> None:
        cmp = filecmp.dircmp(a, b, ignore=[])
        differ.extend(str(a / n) for n in cmp.left_only + cmp.right_only)
        _, diff, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
        differ.extend(str(a / n) for n in diff + errors)
        for sub in cmp.common_dirs:
            compare(a / sub, b / sub)

    compare(builddir / "html", clean / "html")
    assert not differ, f"published files differ from a clean build: {sorted(differ)[:10]}"


# Where a build of a title change is killed: while reading, once the environment is saved
# (Sphinx saves it before it writes a page), and while pages are being written.
KILL_POINTS = {
    "reading": lambda build_dir: build_dir / "doctrees/en/docs/000/page-10.doctree",
    "environment-saved": lambda build_dir: build_dir / "doctrees/en/environment.pickle",
    "writing": lambda build_dir: build_dir / "work/html/en/docs/000/page-11.html",
}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_during_its_run_is_finished_by_the_next(site, tmp_path, point):
    # Point 8: the neighbours of a page whose title changed must not keep the old title.
    root, builddir = site
    set_title(root / "docs/000/page-10.md", "A renamed page")
    moment = time.time_ns()
    kill_when(root, builddir, changed_since(KILL_POINTS[point](builddir), moment))
    assert_same_as_clean_build(root, builddir, tmp_path)
    assert "A renamed page" in (builddir / "html/en/docs/000/page-11.html").read_text(encoding="utf-8")


def test_a_build_killed_after_a_failed_build_is_finished_by_the_next(site, tmp_path):
    # Point 7: the failed build forgot its output; the killed one had written part of it again.
    root, builddir = site
    page = root / "docs/000/page-3.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nSee [nowhere](no-such-page.md).\n", encoding="utf-8")
    assert build(root, builddir, "--lang", "en").returncode != 0
    page.write_text(text + "\nA sentence.\n", encoding="utf-8")
    moment = time.time_ns()
    kill_when(root, builddir, changed_since(builddir / "work/html/en/docs/000/page-3.html", moment))
    assert_same_as_clean_build(root, builddir, tmp_path)


def test_a_deleted_page_is_no_longer_published(site, tmp_path):
    # Point 9: its page, its sitemap entry and its search-index entry go with it.
    root, builddir = site
    for suffix in (".md", ".zh.md"):
        (root / f"docs/000/page-7{suffix}").unlink()
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        fixed = re.sub(r"^page-7\n", "", text, flags=re.M) if path.stem.startswith("index") else text
        fixed = re.sub(r"page-7(?=(\.zh)?\.md\))", "page-8", fixed)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
    assert_same_as_clean_build(root, builddir, tmp_path, langs="all")
    assert not (builddir / "html/en/docs/000/page-7.html").exists()
    assert "docs/000/page-7.html" not in (builddir / "html/sitemap.xml").read_text(encoding="utf-8")
    assert '"docs/000/page-7"' not in (builddir / "html/en/searchindex.js").read_text(encoding="utf-8")


def test_a_second_build_in_the_same_folder_stops_and_names_the_first(site, tmp_path):
    # Point 10.
    root, builddir = site
    set_title(root / "docs/000/page-10.md", "Renamed while another build runs")
    first = start_build(root, builddir, "--lang", "en")
    try:
        lock = builddir / ".lock"
        while not (lock.exists() and lock.read_text().strip() == str(first.pid)):  # the first holds the lock
            assert first.poll() is None, first.communicate()[0]
            time.sleep(0.01)
        second = build(root, builddir, "--lang", "en")
    finally:
        output, _ = first.communicate(timeout=300)
    assert first.returncode == 0, output
    assert second.returncode != 0
    assert second.stderr.strip() == (f"another build is running in {builddir.resolve()} (pid {first.pid}): "
                                     "wait for it to finish, or use another BUILDDIR"), second.stderr
    assert "Traceback" not in second.stdout + second.stderr
    assert_same_as_clean_build(root, builddir, tmp_path)
