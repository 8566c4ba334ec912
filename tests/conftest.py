"""Fixtures shared by the test folders: builds of the real site.

``built_site`` builds both languages from scratch once per test run (the site
tests and the browser tests both read it); ``build`` runs ``python -m tools.build``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def build(root: Path, builddir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.build", "--builddir", str(builddir), *args],
        cwd=root, capture_output=True, text=True, timeout=900,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    builddir = tmp_path_factory.mktemp("site")
    result = build(ROOT, builddir)
    assert result.returncode == 0, f"make html failed:\n{result.stdout}\n{result.stderr}"
    return builddir / "html"
