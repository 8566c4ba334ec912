"""Builds of the real site, shared by the site tests.

``built_site`` builds both languages from scratch once per test run;
``site_copy`` is a scratch copy of the sources for tests that break a page on
purpose.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("conf.py", "redirects.yaml", "index.md", "index.zh.md", "extensions", "theme", "tools",
           "docs", "cookbook", "meetings", "demos", "contributing")


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


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """A copy of the site's sources (not a git checkout: pages show no dates)."""
    root = tmp_path / "site"
    root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.svg.tmp")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, root / name)
    return root
