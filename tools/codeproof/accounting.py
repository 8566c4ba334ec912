"""Which code blocks of the site are proven, per page and per language.

A console or Python block is *executed* when its page ran it successfully.
A ``literalinclude`` is executed when an executed command names the file or
its directory (``go run ./hertz/hello-server`` proves ``hertz/hello-server/main.go``).
A Chinese block is proven by the English block it is byte-identical to.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import shlex
from pathlib import Path

from tools.codeproof.blocks import Block, find_blocks
from tools.codeproof.pages import ROOT, PageRun, classify, rel

MODULE_DIR = ROOT / "cookbook"
MODULE_PATH = "cookbook/"  # import paths of the module (and modules nested in it) map to its folders


def include_target(block: Block) -> Path:
    if block.include.startswith("/"):
        return (ROOT / block.include.lstrip("/")).resolve()
    return (block.path.parent / block.include).resolve()


def named_paths(commands: list[str]) -> set[str]:
    """Paths named by commands, relative to the module directory (``-C dir`` and ``cd dir`` followed)."""
    names: set[str] = set()
    for command in commands:
        try:
            words = shlex.split(command, comments=True)
        except ValueError:
            words = command.split()
        base = "."
        for i, word in enumerate(words):
            if word in ("-C", "cd") and i + 1 < len(words):
                base = posixpath.normpath(posixpath.join(base, words[i + 1]))
                names.add(base)
                continue
            if "/" in word or word.startswith("."):
                word = word.split("=", 1)[-1]
                for candidate in (word, posixpath.join(base, word)):
                    names.add(posixpath.normpath(candidate))
                if word.startswith(MODULE_PATH):
                    names.add(posixpath.normpath(word[len(MODULE_PATH):]))
    return names


def include_proven(block: Block, names: set[str]) -> bool:
    try:
        target = include_target(block).relative_to(MODULE_DIR).as_posix()
    except ValueError:
        return False
    folder = posixpath.dirname(target)
    return any(fnmatch.fnmatchcase(target, name) or fnmatch.fnmatchcase(folder, name) for name in names)


def account(runs: dict[str, PageRun], pages, identical: dict[str, bool], skipped: set[str]) -> dict:
    """Build the report; ``pages`` are translations.Page objects."""
    names = named_paths([c for run in runs.values() for c in run.commands])
    report = {"summary": {"executed": 0, "marked": 0, "unaccounted": 0, "skipped": 0}, "pages": {}}
    for page in pages:
        entry = {}
        en_statuses: list[str] = []
        for lang in ("en", "zh"):
            path = page.paths.get(lang)
            if path is None:
                continue
            if lang == "en":
                blocks = runs[page.docname].blocks if page.docname in runs else find_blocks(path)
                statuses = []
                for index, block in enumerate(blocks):
                    kind = classify(block)
                    if kind == "marked":
                        statuses.append("marked")
                    elif kind == "include":
                        statuses.append("executed" if include_proven(block, names) else "unaccounted")
                    elif page.docname in skipped:
                        statuses.append("skipped")
                    elif page.docname in runs and runs[page.docname].status[index] == "executed":
                        statuses.append("executed")
                    else:
                        statuses.append("unaccounted")
                en_statuses = statuses
            else:
                blocks = find_blocks(path)
                if identical.get(page.docname):
                    statuses = list(en_statuses)
                else:
                    statuses = ["marked" if classify(b) == "marked" else "unaccounted" for b in blocks]
            counts = {key: statuses.count(key) for key in report["summary"]}
            for key, value in counts.items():
                report["summary"][key] += value
            entry[lang] = {
                "file": rel(path),
                **counts,
                "blocks": [
                    {"line": b.line, "language": b.language or b.kind, "status": s,
                     **({"reason": b.marked_reason} if s == "marked" else {})}
                    for b, s in zip(blocks, statuses, strict=True)
                ],
            }
        if any(entry[lang]["blocks"] for lang in entry):
            report["pages"][page.docname] = entry
    return report


def summary_line(report: dict) -> str:
    s = report["summary"]
    line = f"code blocks: {s['executed']} executed, {s['marked']} marked not runnable, {s['unaccounted']} unaccounted"
    if s["skipped"]:
        line += f", {s['skipped']} skipped (a program they need is missing here)"
    return line


def unaccounted_places(report: dict, limit: int = 20) -> list[str]:
    places = []
    for entry in report["pages"].values():
        for lang_entry in entry.values():
            for block in lang_entry["blocks"]:
                if block["status"] == "unaccounted":
                    places.append(f"{lang_entry['file']}:{block['line']} ({block['language']})")
    return places[:limit]


def write(report: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
