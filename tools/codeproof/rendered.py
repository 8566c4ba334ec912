"""The code blocks a reader sees: what Sphinx rendered, read from the build's record.

``extensions/code_blocks.py`` notes, during the normal build, every node that renders
as code with its source file and line, and writes the notes of each language to
``<builddir>/doctrees/<lang>/code-blocks.json``.  ``build`` runs that build
(``python -m tools.build``: incremental, strict, both languages) so the proof counts
what the site really shows, not what a scanner of Markdown finds.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

LANGS = ("en", "zh")
RECORD = "code-blocks.json"  # as in extensions/code_blocks.py


class BuildFailed(RuntimeError):
    """The site did not build; the message holds the build's warnings (file:line: message)."""


@dataclass(frozen=True)
class RenderedBlock:
    """One node of a rendered page that shows code."""

    source: str  # the file it came from, relative to the site root (the page or a file it includes)
    line: int | None
    node: str  # literal_block, doctest_block or raw
    language: str
    text: str
    not_run: str | None = None  # the reason of a block marked not-runnable="…"
    file: str | None = None  # for a literalinclude: the file shown

    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    def kind(self) -> str:
        if self.node == "raw":
            return "raw HTML <pre>"
        if self.node == "doctest_block":
            return "doctest block"
        return self.language or "code"


@dataclass
class Rendered:
    """The records of one build: ``doctrees`` maps a language to its doctree folder."""

    doctrees: dict[str, Path]
    _records: dict[str, dict] = field(default_factory=dict, repr=False)

    def _record(self, lang: str) -> dict:
        if lang not in self._records:
            path = self.doctrees[lang] / RECORD
            self._records[lang] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return self._records[lang]

    def blocks(self, lang: str, docname: str) -> list[RenderedBlock] | None:
        """The code of ``docname`` in ``lang`` as rendered, or None when the build has no such page."""
        entries = self._record(lang).get(docname)
        return None if entries is None else [RenderedBlock(**entry) for entry in entries]

    def docnames(self, lang: str) -> list[str]:
        return sorted(self._record(lang))


def build(root: Path, builddir: Path, timeout: float = 900) -> Rendered:
    """Build the site at ``root`` into ``builddir`` (incrementally) and return its records.

    One build at a time per folder (a lock), so that parallel test processes share it.
    """
    builddir.mkdir(parents=True, exist_ok=True)
    with open(builddir / ".code-proof-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = subprocess.run(
            [sys.executable, "-m", "tools.build", "--builddir", str(builddir)],
            cwd=root, capture_output=True, text=True, timeout=timeout,
        )
    if result.returncode != 0:
        lines = [line for line in (result.stdout + result.stderr).splitlines()
                 if "WARNING" in line or "ERROR" in line or "failed" in line]
        raise BuildFailed("the site does not build (python -m tools.build, as make html runs it), so no "
                          "test can read its pages or count its code blocks:\n"
                          + "\n".join(lines[-30:] or (result.stdout + result.stderr).splitlines()[-30:]))
    return records(builddir)


def records(builddir: Path) -> Rendered:
    """The records of the last build into ``builddir``."""
    return Rendered({lang: builddir / "doctrees" / lang for lang in LANGS})
