"""Fixtures and the end-of-run accounting of the proof suite.

``tests/proof/test_pages.py`` runs every page's blocks; when the whole suite
ran, the accounting line is printed and ``_build/code-proof.json`` written,
and an unaccounted block fails the run.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tools.codeproof import accounting
from tools.codeproof.pages import ROOT, site_pages
from tools.codeproof.parity import first_difference
from tools.codeproof.workspace import copy_module

GO = shutil.which("go")
REPORT = ROOT / "_build" / "code-proof.json"


class ProofState:
    def __init__(self):
        self.runs = {}
        self.skipped: dict[str, list[str]] = {}  # page → the programs it needs that are missing
        self.pages = site_pages()
        self.expected = {p.docname for p in self.pages if "en" in p.paths}
        self.report = None


def pytest_configure(config):
    config.proof_state = ProofState()


@pytest.fixture(scope="session")
def proof_state(request):
    return request.config.proof_state


@pytest.fixture(scope="session")
def go_workspace(tmp_path_factory):
    """A scratch copy of cookbook/ with every Go package compiled once (warms the build cache)."""
    assert GO is not None, "pages that call go are skipped before they ask for the workspace"
    work = copy_module(ROOT / "cookbook", tmp_path_factory.mktemp("cookbook") / "cookbook")
    # The module and any module nested in it (a demo that needs other versions): compile every
    # package, and the tools go.mod declares (go tool …), so that pages never wait for downloads.
    for go_mod in sorted(work.rglob("go.mod")):
        steps = [[GO, "build", "./..."]]
        if re.search(r"^tool\b", go_mod.read_text(encoding="utf-8"), re.M):
            steps.append([GO, "build", "-o", str(tmp_path_factory.mktemp("tools")) + "/", "tool"])
        for step in steps:
            build = subprocess.run(step, cwd=go_mod.parent, capture_output=True, text=True, timeout=1800)
            if build.returncode != 0:
                where = go_mod.parent.relative_to(work.parent)
                pytest.fail(f"{' '.join(step[1:])} failed in {where}:\n{build.stdout}{build.stderr}")
    return work


def pytest_terminal_summary(terminalreporter, config):
    state = config.proof_state
    if state.report is not None:
        terminalreporter.write_line(accounting.summary_line(state.report))
        places = accounting.unaccounted_places(state.report)
        if places:
            terminalreporter.write_line("unaccounted code blocks (execute them, or add not-runnable=\"reason\"):")
            for place in places:
                terminalreporter.write_line(f"  {place}")
        missing = sorted({line for lines in state.skipped.values() for line in lines})
        if missing:
            terminalreporter.write_line(
                f"{len(state.skipped)} pages not run on this machine (CI runs them all); missing: " + "; ".join(missing))


def pytest_sessionfinish(session, exitstatus):
    state = session.config.proof_state
    ran = set(state.runs) | set(state.skipped)
    if not state.expected or not state.expected <= ran:
        return  # only part of the proof suite ran: no site-wide accounting
    identical = {
        p.docname: first_difference(p.paths["en"], p.paths["zh"]) is None
        for p in state.pages
        if "en" in p.paths and "zh" in p.paths
    }
    state.report = accounting.account(state.runs, state.pages, identical, set(state.skipped))
    accounting.write(state.report, REPORT)
    if state.report["summary"]["unaccounted"] and session.exitstatus == 0:
        session.exitstatus = 1
