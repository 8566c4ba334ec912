"""Fixtures of the proof suite (the accounting at the end of a run is ``session.py``).

``rendered`` reads what Sphinx rendered in the test run's build of the site
(``built_site``: into ``_build``, incrementally, as ``make html`` does; once per
test run, however many processes ask); ``tests/proof/test_pages.py`` runs each
page's blocks and accounts for the page's rendered code, both languages, on its own.  The page reports travel
with the test reports (``user_properties``), so they add up the same way when
tests run in several processes: under pytest-xdist the workers send their reports
to the controller, which alone adds them up at the end.  The tally of the pages
that ran is printed; after a full run ``_build/code-proof.json`` is written, and
code on pages no test ran, or committed generated code that no page regenerated,
fails the run.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import once_per_run
from tests.proof.session import BUILD, PAGE_REPORT, REPORT  # noqa: F401 (PAGE_REPORT: for test_pages.py)
from tools.codeproof.pages import ROOT
from tools.codeproof.rendered import records
from tools.codeproof.workspace import copy_module, go_env, reader_env

GO = shutil.which("go")
WARM_UP_FROM = 3  # pages in the run from which every Go package is compiled up front


@pytest.fixture(scope="session")
def proof_state(request):
    return request.config.proof_state


@pytest.fixture(scope="session")
def rendered(proof_state, built_site):
    """What Sphinx renders for the site: the records of the test run's build into _build."""
    if proof_state.rendered is None:
        proof_state.rendered = records(BUILD)
    return proof_state.rendered


@pytest.fixture(scope="session")
def go_cache(tmp_path_factory, request):
    """Every Go package of cookbook/ compiled once per test run, into Go's build cache.

    Each page runs in its own scratch copy of cookbook/ (``test_pages.py``); the copies
    lie at different paths, so the commands run with ``-trimpath`` (``go_env``) and every
    copy finds what this build compiled.  The first process builds; under xdist the
    other waits rather than compile the same packages at the same time.  A run of a
    page or two (``make proof``) compiles only what its pages use.
    """
    assert GO is not None, "pages that call go are skipped before they ask for the build cache"
    if sum(item.originalname == "test_page_blocks_run" for item in request.session.items) < WARM_UP_FROM:
        return

    def make(folder):
        work = copy_module(ROOT / "cookbook", folder / "cookbook")
        run_with_go_tool = modules_running_go_tool()
        # The module and any module nested in it (a demo that needs other versions): compile every
        # package, and the tools go.mod declares (go tool …), so that pages never wait for downloads.
        # `go list -export` compiles without linking: `go build ./...` would link every program of
        # the module, each run again (go build keeps no linked program in the cache; go run does).
        for go_mod in sorted(work.rglob("go.mod")):
            module = go_mod.parent
            steps = [(["./..."], go_env())]
            if re.search(r"^tool\b", go_mod.read_text(encoding="utf-8"), re.M):
                # `go tool X` takes no build flags, so it ignores GOFLAGS' -trimpath, and -trimpath is
                # part of every package's key in the cache: compiled with it, a cold run compiled
                # the Kitex generator twice (67 s of processor time each). `go install tool` does
                # take the flags.
                if module.relative_to(work) in run_with_go_tool:
                    steps.append((["tool"], reader_env()))
                else:
                    steps[0][0].append("tool")
            for patterns, env in steps:
                step = [GO, "list", "-export", "-f", "{{.ImportPath}}", *patterns]
                build_ = subprocess.run(step, cwd=module, capture_output=True, text=True, timeout=1800, env=env)
                if build_.returncode != 0:
                    where = module.relative_to(work.parent)
                    pytest.fail(f"go list -export {' '.join(patterns)} (compiling every package) failed in "
                                f"{where}:\n{build_.stderr}", pytrace=False)
        shutil.rmtree(work)

    once_per_run(tmp_path_factory, "go-cache", make)


# A page command that runs a module's tool with `go tool`, from the cookbook's root: `go tool …`,
# `go -C DIR tool …` or `cd DIR && go tool …`.
_GO_TOOL = re.compile(r"^\$ (?:cd (\S+) && )?go (?:-C (\S+) )?tool \w", re.M)


def modules_running_go_tool() -> set[Path]:
    """The module folders (relative to cookbook/) whose tools some page runs with `go tool`."""
    found = set()
    for folder in ("docs", "cookbook", "demos", "contributing"):
        for page in (ROOT / folder).rglob("*.md"):
            for match in _GO_TOOL.finditer(page.read_text(encoding="utf-8")):
                found.add(Path(match.group(1) or ".") / (match.group(2) or "."))
    return found


# --------------------------------------------------------------------------- scratch sites
# A small copy of the site (its configuration, extensions, tools and this test suite, with
# pages a test writes) on which the proof suite itself runs in a subprocess, as `make test`
# would run it: for tests that break a page on purpose.

SCRATCH_FILES = ("conf.py", "redirects.yaml", ".gitignore", "pyproject.toml", "extensions", "theme", "tools",
                 "hosting", "tests/__init__.py", "tests/conftest.py", "tests/proof")
SCRATCH_PEOPLE = "- id: ada\n  name: Ada\n  handles: [Ada]\n"
SCRATCH_PROJECTS = "- {id: kitex, en: Kitex, zh: Kitex}\n"


class ScratchSite:
    def __init__(self, root):
        self.root = root
        self._runs = itertools.count(1)

    def write(self, relpath: str, text: str) -> None:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def page(self, docname: str, en: str, zh: str | None = None) -> None:
        """Write both languages of a page (the Chinese one shows the same text unless given)."""
        self.write(f"{docname}.md", en)
        self.write(f"{docname}.zh.md", en if zh is None else zh)

    def index(self, docnames: list[str]) -> None:
        toctree = "\n".join(["```{toctree}", *docnames, "meetings/index", "```"])
        self.write("index.md", f"# Home\n\n{toctree}\n")
        self.write("index.zh.md", f"# 首页\n\n{toctree}\n")

    def proof(self, *args: str, path: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
        """Run the proof suite of the scratch site (``pytest tests/proof/… ARGS``)."""
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
        if path is not None:
            env["PATH"] = path
        # Its own temporary folder: pytest's default one would rotate out this session's folders.
        basetemp = self.root.parent / f"pytest-{next(self._runs)}"
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--basetemp={basetemp}", *args],
                              cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def scratch_site(tmp_path_factory) -> ScratchSite:
    root = tmp_path_factory.mktemp("scratch") / "site"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SCRATCH_FILES:
        source, target = ROOT / name, root / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    site = ScratchSite(root)
    site.write("meetings/people.yaml", SCRATCH_PEOPLE)
    site.write("meetings/projects.yaml", SCRATCH_PROJECTS)
    site.write("cookbook/go.mod", "module cookbook\n\ngo 1.26\n")
    # Two packages, so that `go build ./...` of the workspace writes no binary.
    site.write("cookbook/internal/lib/lib.go", "package lib\n")
    return site
