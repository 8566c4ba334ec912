"""Which code blocks of the site are proven, counted from what Sphinx rendered.

The blocks counted are the nodes a reader sees (``rendered.py``), per page and
language.  Each is reconciled with the harness's view of the English page
(``blocks.find_blocks``) by its source file and line:

- a console or Python block is *executed* when its page ran it;
- a ``literalinclude`` is *executed* when a command of the same page compiled the
  file it shows (Go) or consumed it (any other file; see ``provenance.py``);
- a block that says ``not-runnable="reason"`` is *marked* (the reader sees the reason);
- on a page skipped because a program it calls is missing here, the blocks it would
  run are *skipped*;
- anything else is *unaccounted*, with why: code the harness does not see (raw HTML,
  ``{eval-rst}``, ``{include}``, a substitution), a block in another language, a
  file no command compiled, a reason too short to help.

A Chinese block is proven like the English block it is identical to (``parity.py``).
Each page is accounted on its own (``account_page``), so pages can be proven one at
a time or in parallel; ``site_report`` adds up the pages a run proved.
"""

from __future__ import annotations

import json
from pathlib import Path

from tools.codeproof.blocks import Block, find_blocks, reason_problem
from tools.codeproof.pages import ROOT, PageRun, classify
from tools.codeproof.parity import first_difference
from tools.codeproof.rendered import Rendered, RenderedBlock

STATUSES = ("executed", "marked", "skipped", "unaccounted")
NEAR = 2  # lines by which myst-parser may misplace a block nested in a directive


def include_target(block: Block, root: Path = ROOT) -> Path:
    if block.include.startswith("/"):
        return (root / block.include.lstrip("/")).resolve()
    return (block.path.parent / block.include).resolve()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _shows(node: RenderedBlock, block: Block, root: Path) -> bool:
    """Whether ``node`` can be what ``block`` renders: the same code, or the same file shown."""
    if block.kind == "literalinclude":
        return node.file is not None and node.file == _relative(include_target(block, root), root)
    return node.node == "literal_block" and node.text.rstrip("\n") == block.content.rstrip("\n")


def match_blocks(nodes: list[RenderedBlock], blocks: list[Block], root: Path) -> list[int | None]:
    """For each rendered node, the index of the harness block it shows, or None.

    A node and a block meet when they come from the same file, show the same code (or file), and
    lie on the same line; failing that, on lines at most ``NEAR`` apart (myst-parser misplaces
    blocks nested in directives by a line or two).
    """
    sources = [_relative(b.path, root) for b in blocks]
    found: list[int | None] = [None] * len(nodes)
    taken: set[int] = set()
    for distance in range(NEAR + 1):
        for at, node in enumerate(nodes):
            if found[at] is not None or node.line is None:
                continue
            for index, block in enumerate(blocks):
                if (index not in taken and sources[index] == node.source and abs(block.line - node.line) == distance
                        and _shows(node, block, root)):
                    found[at] = index
                    taken.add(index)
                    break
    return found


def _entry(status: str, line, language: str, why: str | None = None, reason: str | None = None) -> dict:
    entry = {"line": line, "language": language, "status": status}
    if why:
        entry["why"] = why
    if reason:
        entry["reason"] = reason
    return entry


def _marked(node: RenderedBlock, line) -> dict:
    problem = reason_problem(node.not_run)
    if problem:
        return _entry("unaccounted", line, node.kind(), problem)
    return _entry("marked", line, node.kind(), reason=node.not_run)


def _english(nodes, blocks, run: PageRun | None, skipped: bool, failed: bool, root: Path,
             module_dir: Path) -> list[dict]:
    statuses = run.status if run is not None else [classify(b) for b in blocks]
    proven = run.proven_files if run is not None else set()
    entries = []
    for node, index in zip(nodes, match_blocks(nodes, blocks, root), strict=True):
        block = blocks[index] if index is not None else None
        line = block.line if block is not None else node.line
        if node.not_run is not None:
            entries.append(_marked(node, line))
            continue
        if block is None:
            entries.append(_entry("unaccounted", line, node.kind(),
                                  f"rendered as code ({node.kind()}), but the proof does not see a block here "
                                  f"(raw HTML, {{eval-rst}}, {{include}} or a substitution?): write it as a "
                                  f"fenced block, or show the file with {{literalinclude}}"))
            continue
        kind = classify(block)
        if kind in ("console", "python"):
            if statuses[index] == "executed":
                entries.append(_entry("executed", line, node.kind()))
            elif skipped:
                entries.append(_entry("skipped", line, node.kind()))
            else:
                entries.append(_entry("unaccounted", line, node.kind(),
                                      "not run: the page failed before this block" if failed else "not run"))
        elif kind == "include":
            if skipped:
                entries.append(_entry("skipped", line, node.kind()))
                continue
            target = include_target(block, root)
            shown = _relative(target, root)
            try:
                in_module = target.relative_to(module_dir.resolve()).as_posix()
            except ValueError:
                in_module = None
            if in_module is not None and in_module in proven:
                entries.append(_entry("executed", line, node.kind()))
            elif target.suffix == ".go":
                entries.append(_entry("unaccounted", line, node.kind(),
                                      f"{shown} is not among the files the Go toolchain compiled for a go run, "
                                      f"go build or go test command of this page"))
            else:
                entries.append(_entry("unaccounted", line, node.kind(),
                                      f"{shown} is not read by a command of this page (a generator such as "
                                      f"go tool kitex given the file, or a program run with go run)"))
        else:
            why = block.marked_reason is not None and reason_problem(block.marked_reason.strip())
            entries.append(_entry("unaccounted", line, node.kind(), why or (
                f"a {node.kind()} block the proof does not run: make it a console or python block, show "
                f"a file with {{literalinclude}}, or add not-runnable=\"reason\"")))
    return entries


def _other_language(zh_nodes, en_entries, identical: bool) -> list[dict]:
    entries = []
    for index, node in enumerate(zh_nodes):
        if node.not_run is not None:
            entries.append(_marked(node, node.line))
        elif identical:
            entries.append({**en_entries[index], "line": node.line})
        else:
            entries.append(_entry("unaccounted", node.line, node.kind(),
                                  "the page's code differs from the English page's (see the parity test)"))
    return entries


def _language_entry(path: Path | None, source: str, entries: list[dict], root: Path) -> dict:
    return {
        "file": _relative(path, root) if path is not None else source,
        **{key: sum(e["status"] == key for e in entries) for key in STATUSES},
        "blocks": entries,
    }


def account_page(page, rendered: Rendered, run: PageRun | None, *, skipped: list[str] | None = None,
                 failed: bool = False, root: Path = ROOT, module_dir: Path | None = None) -> dict:
    """The report of one page (``page`` is a translations.Page) in both languages."""
    module_dir = module_dir or root / "cookbook"
    en_nodes = rendered.blocks("en", page.docname) or []
    zh_nodes = rendered.blocks("zh", page.docname) or []
    report = {"docname": page.docname, "languages": {}, "skipped": skipped or [],
              "regenerated": run.regenerated if run is not None else []}
    en_path = page.paths.get("en")
    en_entries: list[dict] = []
    if en_path is not None:
        blocks = run.blocks if run is not None else find_blocks(en_path)
        en_entries = _english(en_nodes, blocks, run, bool(skipped), failed, root, module_dir)
        report["languages"]["en"] = _language_entry(en_path, page.docname, en_entries, root)
    elif en_nodes:
        en_entries = _other_language(en_nodes, [], False)
        report["languages"]["en"] = _language_entry(None, page.docname, en_entries, root)
    if zh_nodes or "zh" in page.paths:
        identical = en_path is not None and first_difference(en_nodes, zh_nodes) is None
        zh_entries = _other_language(zh_nodes, en_entries, identical)
        report["languages"]["zh"] = _language_entry(page.paths.get("zh"), page.docname, zh_entries, root)
    return report


def account_unrun(docname: str, rendered: Rendered) -> dict:
    """A page no proof test ran (a page the build generates, say): its code can only be marked."""
    report = {"docname": docname, "languages": {}, "skipped": [], "regenerated": []}
    for lang in ("en", "zh"):
        nodes = rendered.blocks(lang, docname) or []
        if nodes:
            entries = [_marked(n, n.line) if n.not_run is not None else
                       _entry("unaccounted", n.line, n.kind(), "code on a page the proof does not run")
                       for n in nodes]
            report["languages"][lang] = _language_entry(None, nodes[0].source, entries, ROOT)
    return report


def unaccounted(report: dict) -> list[str]:
    """``file:line (language): why`` for every unaccounted block of a page or site report."""
    pages = report["pages"].values() if "pages" in report else [report]
    return [
        f"{entry['file']}:{block['line']} ({block['language']}): {block.get('why', 'unaccounted')}"
        for page in pages for entry in page["languages"].values()
        for block in entry["blocks"] if block["status"] == "unaccounted"
    ]


def site_report(page_reports: list[dict], generated_roots: list[str] | None = None) -> dict:
    """Add up page reports; ``generated_roots`` (a full run with Go) must each have been regenerated."""
    report = {"summary": dict.fromkeys(STATUSES, 0), "pages": {}, "generated": {}}
    for page in sorted(page_reports, key=lambda p: p["docname"]):
        report["pages"][page["docname"]] = page
        for entry in page["languages"].values():
            for key in STATUSES:
                report["summary"][key] += entry[key]
        for root in page["regenerated"]:
            report["generated"].setdefault(root, []).append(page["docname"])
    if generated_roots is not None:
        report["not_regenerated"] = [r for r in generated_roots if r not in report["generated"]]
    return report


def summary_line(report: dict, pages: int | None = None) -> str:
    s = report["summary"]
    scope = f"code blocks of {pages} page(s)" if pages is not None else "code blocks"
    line = f"{scope}: {s['executed']} executed, {s['marked']} marked not runnable, {s['unaccounted']} unaccounted"
    if s["skipped"]:
        line += f", {s['skipped']} skipped (a program they need is missing here)"
    return line


def write(report: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
