"""Scratch copies of the site's sources for tests that break a page on purpose.

A test that checks how one broken page is reported needs the site around that page,
not the text of every other page: ``outline_pages`` cuts the others down to their
outline, which halves the time of each such build and reports the same lines.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.conftest import ROOT, build

__all__ = ["ROOT", "build", "outline_pages", "site_copy", "site_lines"]

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


# A fence opens with three or more backticks, tildes or colons (MyST's colon fence), maybe indented
# under a list item, and closes with at least as many of the same character and nothing else.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{[\w-]+\})?")
_LABEL = re.compile(r"^\([\w.-]+\)=\s*$")
OUTLINED = ("docs", "cookbook", "demos", "contributing")  # meetings are records: kept whole


def outline(text: str) -> str:
    """A page cut down to what other pages and the build rely on: its front matter, headings
    (the anchors links point at), labels and toctrees. Code, prose and other directives go."""
    lines, kept = text.split("\n"), []
    if lines[0] == "---" and "---" in lines[1:]:
        end = lines.index("---", 1) + 1
        kept, lines = lines[:end], lines[end:]
    fence, toctree = None, False
    for line in lines:
        if fence is None:
            opening = _FENCE.match(line)
            if opening:
                fence, toctree = opening.group(1), opening.group(2) == "{toctree}"
                if toctree:
                    kept.append(line)
            elif line.startswith("#") or _LABEL.match(line):
                kept += [line, ""]
            continue
        if toctree:
            kept.append(line)
        bare = line.strip()
        if bare and set(bare) == {fence[0]} and len(bare) >= len(fence):
            fence = None
            if toctree:
                kept.append("")
    return "\n".join(kept) + "\n"


def outline_pages(root: Path, keep: Iterable[str]) -> None:
    """Cut every page of the copy at ``root`` to its outline, but the docnames in ``keep`` (both languages)."""
    whole = set(keep)
    for folder in OUTLINED:
        for path in (root / folder).rglob("*.md"):
            docname = path.relative_to(root).as_posix().removesuffix(".md").removesuffix(".zh")
            if docname not in whole:
                path.write_text(outline(path.read_text(encoding="utf-8")), encoding="utf-8")
