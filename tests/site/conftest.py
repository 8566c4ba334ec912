"""Scratch copies of the site's sources for tests that break a page on purpose.

A test that checks how one broken page is reported needs the site around that page,
not every other page: ``trim_site`` keeps the pages the test names and one meeting
record whole, and the pages the build needs for them (what they link to, and the
toctrees above) cut down to their outline; every other page goes, with its toctree
entries.  The build is still a clean build of real pages with the site's own
configuration, of about a sixth of the pages.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.conftest import ROOT, build

__all__ = ["ROOT", "build", "published_files", "site_copy", "site_lines", "trim_site"]

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


def published_files(folder: Path) -> dict[str, Path]:
    """Every file a build wrote into ``folder``, by its relative path, but ``.buildinfo``: Sphinx
    writes it once for the configuration, which a plain build without the caches changes."""
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*")
            if p.is_file() and p.name != ".buildinfo"}


def site_lines(pattern: str = "*.md") -> list[str]:
    """Every line of the site's pages (``*.zh.md``: of its Chinese pages): prose, code, tables."""
    lines = []
    for folder in ("docs", "cookbook", "meetings", "demos", "contributing"):
        for path in sorted((ROOT / folder).rglob(pattern)):
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


_MD_LINK = re.compile(r"\]\(([^)\s#:]+?)\.md(?:#[^)]*)?\)")
_DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`<>]+)>?`")
_CARD_LINK = re.compile(r"^:link:\s*([^\s:]+)\s*$", re.M)  # a sphinx-design card's page (not a URL)
_REF_ROLE = re.compile(r"\{ref\}`(?:[^`<]*<)?([^`<>]+)>?`")
_LABEL_DEF = re.compile(r"^\(([\w.-]+)\)=\s*$", re.M)
_OPTION = re.compile(r"^\s*:[\w-]+:")
_RECORD = re.compile(r"^meetings/\d{4}-\d{2}-\d{2}$")


def _docname(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix().removesuffix(".md").removesuffix(".zh")


def _resolve(page: str, target: str) -> str:
    """A docname named from ``page`` (relative to its folder unless it starts with /)."""
    if target.startswith("/"):
        return target.strip("/")
    parts = page.split("/")[:-1]
    for part in target.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _toctree_entries(text: str) -> list[tuple[int, str]]:
    """(line index, target) of each entry of the page's toctrees."""
    found, inside, lines = [], False, text.split("\n")
    for index, line in enumerate(lines):
        bare = line.strip()
        if not inside:
            inside = bare.startswith("```{toctree}")
            continue
        if bare.startswith("```"):
            inside = False
        elif bare and not _OPTION.match(line):
            target = re.search(r"<([^<>]+)>$", bare)
            found.append((index, target.group(1) if target else bare))
    return found


def trim_site(root: Path, keep: Iterable[str]) -> None:
    """Trim the site copy at ``root`` around the docnames in ``keep`` (both languages).

    Kept whole: the pages in ``keep``, the home page and one meeting record (the latest, or
    the ones in ``keep``) with the people and projects it names. Kept as outlines (front
    matter, headings, labels and toctrees): the pages they link to, the other pages of the
    meetings section, and every page whose toctree leads to a kept page. Every other page is
    deleted, and so are the toctree entries that named it.
    """
    _trim_meetings(root, {doc.removeprefix("meetings/") for doc in keep if doc.startswith("meetings/")})
    pages = {}
    for path in sorted(root.rglob("*.md")):
        if path.relative_to(root).parts[0] in (*OUTLINED, "meetings") or path.parent == root:
            pages.setdefault(_docname(path, root), []).append(path)
    texts = {doc: "\n".join(p.read_text(encoding="utf-8") for p in paths) for doc, paths in pages.items()}
    labels = {label: doc for doc, text in texts.items() for label in _LABEL_DEF.findall(text)}
    parents: dict[str, set[str]] = {}
    for doc, text in texts.items():
        for _, target in _toctree_entries(text):
            parents.setdefault(_resolve(doc, target), set()).add(doc)

    # The meeting records left are kept whole; the other pages of meetings/ (which the build's
    # meetings index lists) as outlines.
    whole = {doc for doc in pages if doc in set(keep) or doc == "index" or _RECORD.match(doc)}
    needed = whole | {doc for doc in pages if doc.startswith("meetings/")}
    for doc in whole:
        text = texts[doc]
        targets = _MD_LINK.findall(text) + _DOC_ROLE.findall(text) + _CARD_LINK.findall(text)
        needed |= {_resolve(doc, t) for t in targets}
        needed |= {labels[label] for label in _REF_ROLE.findall(text) if label in labels}
    queue = list(needed)
    while queue:  # what leads to a needed page in the navigation is needed too
        for parent in parents.get(queue.pop(), ()):
            if parent not in needed:
                needed.add(parent)
                queue.append(parent)
    gone = set(pages) - needed
    for doc, paths in pages.items():
        for path in paths:
            if doc in gone:
                path.unlink()
                continue
            text = path.read_text(encoding="utf-8")
            if doc not in whole:
                text = outline(text)
            lines = text.split("\n")
            for index, target in reversed(_toctree_entries(text)):
                if _resolve(doc, target) in gone:
                    del lines[index]
            path.write_text("\n".join(lines), encoding="utf-8")


def _strings(value) -> set[str]:
    """Every scalar of a parsed YAML value, as text."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*map(_strings, value))
    return {str(value)}


def _trim_meetings(root: Path, keep: set[str]) -> None:
    """Keep the meeting records in ``keep`` (the latest one if none) and the people and projects
    they name; the pages made from the records are made again by the build."""
    import yaml

    folder = root / "meetings"
    records = sorted(folder.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*.md"))
    kept = keep or {max(p.name.split(".")[0] for p in records)}
    named: set[str] = set()
    for record in records:
        if record.name.split(".")[0] not in kept:
            record.unlink()
            continue
        text = record.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\n---" in text[4:]:
            try:
                named |= _strings(yaml.safe_load(text[4:text.index("\n---", 4)]) or {})
            except yaml.YAMLError:
                pass  # a record a test broke: its people and projects stay
    made = [folder / "people", folder / "projects",
            *(folder / f"{name}{suffix}" for name in ("index", "actions", "issues") for suffix in (".md", ".zh.md"))]
    for path in made:
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    for name, key in (("people.yaml", "handles"), ("projects.yaml", None)):
        listing = folder / name
        entries = yaml.safe_load(listing.read_text(encoding="utf-8")) or []
        wanted = [e for e in entries if named & (set(map(str, e.get(key) or [])) if key else {str(e.get("id"))})]
        listing.write_text(yaml.safe_dump(wanted, allow_unicode=True, sort_keys=False), encoding="utf-8")
