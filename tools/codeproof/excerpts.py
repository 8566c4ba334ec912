"""Excerpts of programs that still show what they meant to: named markers, not line numbers.

A ``:lines:`` range is fixed in the page while the program changes under it:
one line added above the range shifts it, and the page silently shows half a
function.  So a page shows part of a file between named markers, comment lines
the program carries around the part::

    // [handler]
    func handle(…) { … }
    // [/handler]

and on the page ``:start-after: // [handler]`` and ``:end-before: // [/handler]``.
The markers move with the code.  Generated files (``// Code generated … DO NOT
EDIT.``) cannot carry markers; there ``:start-at:`` / ``:end-before:`` (or
``:end-at:``) name lines of the code itself.  Every anchor must name exactly one
line of the file (Sphinx would silently take the first), a marker stands alone on
its line and pairs ``[name]`` with ``[/name]``, and the excerpt is not empty.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tools.codeproof.accounting import include_target
from tools.codeproof.blocks import Block
from tools.codeproof.generated import is_generated
from tools.codeproof.pages import rel

ANCHORS = ("start-after", "start-at", "end-before", "end-at")
MARKER = re.compile(r"^(//|#|--|;)\s*\[(/?)([\w.-]+)\]$")


def option(block: Block, name: str) -> str | None:
    """An option's value as MyST reads it (quotes removed)."""
    value = block.options.get(name)
    if value and len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0]:
        return str(yaml.safe_load(value))
    return value


def check(block: Block) -> str | None:
    """Why the excerpt a page shows is not sound, naming the page by its path in the repository; or None."""
    return excerpt_problem(block, include_target(block), f"{rel(block.path)}:{block.line}")


def excerpt_problem(block: Block, target: Path, where: str) -> str | None:
    """Why the excerpt ``block`` shows of ``target`` is not sound, or None; ``where`` is page:line."""
    where = f"{where}: {{literalinclude}} {block.include}"
    if "lines" in block.options:
        return (f"{where}: :lines: {block.options['lines']} shifts when the program changes; mark the part "
                f"in the program with // [name] … // [/name] and write :start-after: // [name] and "
                f":end-before: // [/name]")
    anchors = {name: option(block, name) for name in ANCHORS if option(block, name) is not None}
    if not anchors:
        return None
    lines = target.read_text(encoding="utf-8").splitlines()
    generated = is_generated(target)
    found: dict[str, int] = {}
    for name, anchor in anchors.items():
        hits = [i for i, line in enumerate(lines) if anchor in line]
        if len(hits) != 1:
            return (f"{where}: :{name}: {anchor!r} is on {len(hits)} lines of the file; "
                    f"an anchor must name exactly one line")
        found[name] = hits[0]
        marker = MARKER.match(anchor)
        if marker is None and not generated:
            return (f"{where}: :{name}: {anchor!r} is not a named marker; write // [name] and // [/name] "
                    f"comment lines around the part and use those")
        if marker is not None and lines[hits[0]].strip() != anchor:
            return f"{where}: the marker {anchor!r} must be alone on its line"
    start = anchors.get("start-after") or anchors.get("start-at")
    end = anchors.get("end-before") or anchors.get("end-at")
    opening = MARKER.match(start) if start else None
    closing = MARKER.match(end) if end else None
    if opening and (opening.group(2) or not closing or closing.group(2) != "/"
                    or closing.group(3) != opening.group(3) or closing.group(1) != opening.group(1)):
        return (f"{where}: :start-after: {start!r} must be paired with "
                f":end-before: {opening.group(1)} [/{opening.group(3)}]")
    first = found["start-after"] + 1 if "start-after" in found else found.get("start-at", 0)
    last = found["end-before"] if "end-before" in found else (
        found["end-at"] + 1 if "end-at" in found else len(lines))
    shown = lines[first:last]
    if not any(line.strip() for line in shown):
        return f"{where}: the excerpt is empty (is the end before the start?)"
    return None
