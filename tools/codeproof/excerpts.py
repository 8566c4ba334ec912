"""Excerpts of programs (``literalinclude`` with ``:lines:``) that still show what they meant to.

A line range is fixed in the page while the program can change under it: one
line added above the range shifts it, and the page would silently show half a
function.  A range that shows a whole construct starts and ends on a line with
code and opens as many brackets as it closes; after a shift it almost never
does.  Strings and comments are left out of the count.
"""

from __future__ import annotations

import re
from pathlib import Path

from tools.codeproof.blocks import Block

_RANGE = re.compile(r"^(\d+)-(\d+)$")
_GO_STRING = re.compile(r'"(?:\\.|[^"\\])*"|`[^`]*`|\'(?:\\.|[^\'\\])*\'')
_GO_COMMENT = re.compile(r"//.*")
PAIRS = ("{}", "()", "[]")


def excerpt_problem(block: Block, target: Path) -> str | None:
    """Why the ``:lines:`` range of ``block`` in ``target`` is not a whole construct, or None."""
    spec = block.options.get("lines")
    if spec is None:
        return None
    where = f"{block.path}:{block.line}: {{literalinclude}} {block.include} :lines: {spec}"
    match = _RANGE.match(spec.strip())
    if not match:
        return f"{where}: write one range, first-last"
    first, last = int(match.group(1)), int(match.group(2))
    lines = target.read_text(encoding="utf-8").splitlines()
    if not 1 <= first <= last <= len(lines):
        return f"{where}: the file has {len(lines)} lines"
    shown = lines[first - 1 : last]
    if not shown[0].strip() or not shown[-1].strip():
        return f"{where}: starts or ends on a blank line (did the program change?)"
    if target.suffix == ".go":
        code = "\n".join(_GO_COMMENT.sub("", _GO_STRING.sub('""', line)) for line in shown)
        unbalanced = [f"{o}{c} {code.count(o) - code.count(c):+d}" for o, c in PAIRS if code.count(o) != code.count(c)]
        if unbalanced:
            return (f"{where}: brackets do not balance ({', '.join(unbalanced)}); it starts with "
                    f"{shown[0].strip()!r} and ends with {shown[-1].strip()!r} (did the program change?)")
    return None
