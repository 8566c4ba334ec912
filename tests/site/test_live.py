"""`make livehtml`: the server rebuilds an edited page, in a fork of its warm process.

Runs ``python -m tools.live`` on a small synthetic site (``bench/corpus.py``),
serving on a free port of 127.0.0.1, and stops it by its process group.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench import corpus
from tools import live
from tools.processes import free_port, stop_group

PAGES = 50
STEP = 0.5  # seconds between polls


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_until(condition, seconds: float, proc: subprocess.Popen, log: Path, what: str):
    for _ in range(int(seconds / STEP)):
        value = condition()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"tools.live exited with {proc.returncode} before {what}:\n{log.read_text()[-3000:]}")
        time.sleep(STEP)
    pytest.fail(f"no {what} within {seconds} s:\n{log.read_text()[-3000:]}")


def test_live_server_serves_an_edit_rebuilt_in_a_fork(tmp_path):
    root = corpus.synthetic_site(tmp_path / "site", PAGES)
    port, log = free_port(), tmp_path / "live.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tools.live", "--lang", "en", "--builddir", str(tmp_path / "build"),
             "--port", str(port)],
            cwd=root, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/docs/000/page-3.html"
        first = wait_until(lambda: fetch(url), 180, proc, log, "first page served")
        assert "liveword" not in first

        page = root / "docs/000/page-3.md"
        page.write_text(page.read_text(encoding="utf-8").replace("\n## ", "\nliveword\n\n## ", 1), encoding="utf-8")
        wait_until(lambda: "liveword" in (fetch(url) or ""), 60, proc, log, "rebuilt page served")
        # "Built in" is printed by tools.live's builder only: the rebuild ran in its fork.
        wait_until(lambda: log.read_text().count("Built in") >= 2, 60, proc, log, "report of the rebuild")
    finally:
        stop_group(proc)


def test_a_failing_build_in_a_fork_returns_its_exit_code():
    assert live.build_in_fork(["--no-such-option"]) == 2
