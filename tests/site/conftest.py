"""Scratch copies of the site's sources for tests that break a page on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, build

__all__ = ["ROOT", "build", "site_copy", "site_lines"]

SOURCES = ("conf.py", "redirects.yaml", "index.md", "index.zh.md", "extensions", "theme", "tools",
           "hosting", "docs", "cookbook", "meetings", "demos", "contributing")


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """A copy of the site's sources (not a git checkout: pages show no dates)."""
    root = tmp_path / "site"
    root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.tmp", "bin")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, root / name)
    return root


def site_lines() -> list[str]:
    """Every line of the site's pages: prose in both languages, code, tables."""
    lines = []
    for folder in ("docs", "cookbook", "meetings", "demos", "contributing"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines
