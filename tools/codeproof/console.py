"""Console sessions: ``$ command`` lines followed by the output they print.

Expected and actual output are compared line by line after trailing spaces
and trailing blank lines are dropped; a line ``...`` matches any number of
lines.  The page's ``proof.normalize`` rules (regex → replacement) are
applied to both sides first, so values that vary between runs (durations,
ids) are named on the page's source.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

PROMPT = "$ "
ELLIPSIS = "..."


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)
    line: int = 0  # line of the command in the page

    @property
    def background(self) -> bool:
        return self.command.rstrip().endswith(" &")

    @property
    def shell_command(self) -> str:
        return self.command.rstrip().removesuffix("&").rstrip() if self.background else self.command


def parse_session(content: str, first_line: int) -> list[Step]:
    """Split a console block into steps; ``first_line`` is the line of its first content line.

    A command may continue on the next lines with a trailing backslash.
    """
    steps: list[Step] = []
    lines = content.splitlines()
    i = 0
    while i < len(lines):
        raw = lines[i]
        if raw.startswith(PROMPT) or raw.rstrip() == "$":
            command, line = raw[len(PROMPT):], first_line + i
            while command.endswith("\\") and i + 1 < len(lines):
                i += 1
                command = command + "\n" + lines[i]
            steps.append(Step(command, [], line))
        elif steps:
            steps[-1].expected.append(raw)
        else:
            raise ValueError(f"line {first_line + i}: output before the first '$ ' command: {raw!r}")
        i += 1
    return steps


def _clean(lines: list[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def normalise(lines: list[str], rules: list[tuple[re.Pattern, str]]) -> list[str]:
    text = "\n".join(lines)
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text.split("\n") if text else []


def matches(expected: list[str], actual: list[str]) -> bool:
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line == ELLIPSIS else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def compare(expected: list[str], actual_text: str, rules) -> str | None:
    """None when the output matches, else a unified diff (expected → actual)."""
    want = normalise(_clean(expected), rules)
    got = normalise(_clean(actual_text.splitlines()), rules)
    if matches(_clean(want), _clean(got)):
        return None
    diff = difflib.unified_diff(want, got, "expected (page)", "actual (run)", lineterm="")
    return "\n".join(diff)
