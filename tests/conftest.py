"""Fixtures shared by the test folders: builds of the real site, made once per test run.

``built_site`` builds both languages into ``_build`` once per test run, as ``make
html`` does (incrementally: after ``make html`` there is little left to do); the
site tests and the browser tests read its pages, and the proof reads its records of
the code blocks (``tests/proof/conftest.py``).  That an incremental build publishes
what a clean one would is tested on its own (``tests/site/test_incremental.py``, and
the clean plain build that ``tests/site/test_build.py`` compares with this one).
``build`` runs ``python -m tools.build``.

``make test`` runs the tests in one process per core and one more (pytest-xdist, ``-n 3
--dist worksteal`` on two cores), in the order of ``order_for_processes``.  A session
fixture runs once per process, so what is expensive and the same for every process
(this build, the site build of the proof, the Go build cache) is made with
``once_per_run``: the first process makes it under a file lock, the others wait
for it and use it.

``--proof-pages=DOC,DOC`` (``make proof``, ``make test-changed``) keeps the proof
of those pages only (``none``: no page) and leaves every other test as it is.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
PAGE_TESTS = ("test_page_blocks_run", "test_code_blocks_identical")  # parametrised by page


def build(root: Path, builddir: Path, *args: str) -> subprocess.CompletedProcess:
    # Tests read the build's words; Sphinx colours them when CI is set or on a terminal.
    return subprocess.run(
        [sys.executable, "-m", "tools.build", "--builddir", str(builddir), *args],
        cwd=root, capture_output=True, text=True, timeout=900, env={**os.environ, "NO_COLOR": "1"},
    )


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """Run ``make(folder)`` once per test run, however many xdist workers ask; return the folder.

    The folder lies in the run's temporary folder, which all workers share.  A failure
    (``make`` raising AssertionError or pytest's fail) is recorded, and every worker that
    asks fails with the same message instead of trying again.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder; each worker's own is popen-gwN inside it
    folder, done = base / name, base / f"{name}.done"
    with FileLock(str(base / f"{name}.lock")):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            try:
                make(folder)
                outcome = {"error": None}
            except (AssertionError, pytest.fail.Exception) as error:
                outcome = {"error": str(error)}
            done.write_text(json.dumps(outcome), encoding="utf-8")
        error = json.loads(done.read_text(encoding="utf-8"))["error"]
    if error is not None:
        pytest.fail(error, pytrace=False)
    return folder


BUILD = ROOT / "_build"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    from tools.codeproof.rendered import BuildFailed
    from tools.codeproof.rendered import build as build_with_records

    def make(_folder: Path) -> None:
        try:
            build_with_records(ROOT, BUILD)
        except BuildFailed as error:
            pytest.fail(str(error), pytrace=False)

    once_per_run(tmp_path_factory, "site", make)
    return BUILD / "html"


def pytest_configure(config):
    from tests.proof.session import ProofState

    config.proof_state = ProofState()
    config.pluginmanager.register(config.proof_state, "proof_state")


def pytest_addoption(parser):
    parser.addoption("--proof-pages", default=None, metavar="DOC,DOC",
                     help="prove only these pages (docnames such as cookbook/hertz/routing; 'none': no page)")


def pytest_collection_modifyitems(config, items):
    keep_pages(config, items)
    items[:] = order_for_processes(items, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))


def pytest_collection_finish(session):
    # What collection made (modules, parametrized items, the pages' blocks) lives until the end of
    # the run: frozen, the cyclic collector no longer walks it again and again during the tests
    # (5 % of the test processes' own processor time on the quick tests).
    gc.collect()
    gc.freeze()


# Kinds of tests by what a process running them waits for: servers, sleeps and the browser, or the
# processor (whole-site and section builds).
def _waits(item) -> bool:
    return item.originalname == "test_page_blocks_run" or item.nodeid.startswith(("tests/browser/", "tests/demos/"))


def _waiting_order(item) -> int:
    # The proof of pages first, then the demos, whose long waits must not end the run alone.
    if item.originalname == "test_page_blocks_run":
        return 0
    return 1 if item.nodeid.startswith("tests/demos/") else 2


def _builds(item) -> bool:
    return item.nodeid.startswith(("tests/site/", "tests/meetings/"))


def order_for_processes(items: list, processes: int) -> list:
    """The order that keeps the cores busy under ``make test`` (``--dist worksteal``).

    Worksteal gives each of the ``processes`` an equal run of consecutive tests, the first process
    the first run; a process that runs out takes half of what another has left.  In collection
    order the processes ran tests that wait (the proof of pages, which waits for programs and
    servers, the demos, the browser tests) at the same time, and a test that waits could end the
    run alone.  Here the first process's run is those tests, and the others start with the tests
    that build sites, so that one process's waits are the others' processor time; quick tests
    fill the first run up and end every run.
    """
    waits = sorted((item for item in items if _waits(item)), key=_waiting_order)
    builds = [item for item in items if _builds(item) and not _waits(item)]
    rest = [item for item in items if not _waits(item) and not _builds(item)]
    fill = max(0, len(items) // max(processes, 2) - len(waits))
    return waits + rest[:fill] + builds + rest[fill:]


def keep_pages(config, items) -> None:
    """``--proof-pages``: drop the proof of every other page."""
    wanted = config.getoption("--proof-pages")
    if wanted is None:
        return
    names = {name.strip() for name in wanted.split(",") if name.strip() and name.strip() != "none"}
    pages = {item.callspec.params["page"].docname for item in items
             if item.originalname in PAGE_TESTS and hasattr(item, "callspec")}
    unknown = sorted(names - pages)
    if unknown and pages:
        raise pytest.UsageError(f"--proof-pages: {', '.join(unknown)}: no such page of the site")
    keep, drop = [], []
    for item in items:
        page = item.callspec.params.get("page") if item.originalname in PAGE_TESTS else None
        (drop if page is not None and page.docname not in names else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
