"""Console sessions: ``$ command`` lines followed by the output they print.

Expected and actual output are compared line by line after trailing spaces
and trailing blank lines are dropped; a line ``...`` matches any number of
lines.  The page's ``proof.normalize`` rules (regex → replacement) are
applied to both sides first, so values that vary between runs (durations,
ids) are named on the page's source.

A rule is bounded, so that it can only blur a value, never hide output: no
``(?s)``, no pattern that matches the empty string, no match across a line
break, and no match that takes all the text of a line (part of every line
stays as written).  A rule that breaks this fails the page, naming it.
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


class RuleError(ValueError):
    """A normalisation rule that could hide output; the message says which and why."""


@dataclass
class Rule:
    pattern: re.Pattern
    replacement: str
    name: str  # where the page declares it, e.g. "docs/x.md:4: proof.normalize[0]"

    @classmethod
    def make(cls, pattern: str, replacement: str, name: str) -> Rule:
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise RuleError(f"{name}: {error}") from None
        if compiled.flags & re.DOTALL:
            raise RuleError(f"{name}: {pattern!r} uses (?s): a rule may not match across lines")
        if compiled.search("") is not None:
            raise RuleError(f"{name}: {pattern!r} matches the empty string: a rule must match some text")
        return cls(compiled, replacement, name)

    def apply(self, line: str) -> str:
        def replace(match: re.Match) -> str:
            if match.start() == match.end():
                raise RuleError(f"{self.name}: {self.pattern.pattern!r} matched the empty string in {line!r}")
            if match.start() <= len(line) - len(line.lstrip()) and match.end() >= len(line.rstrip()):
                raise RuleError(f"{self.name}: {self.pattern.pattern!r} takes the whole line {line!r}: "
                                f"part of every line must stay as written; match only the value that varies")
            return match.expand(self.replacement)

        return self.pattern.sub(replace, line)


def normalise(lines: list[str], rules: list[Rule]) -> list[str]:
    """Apply the rules line by line (so no match crosses a line break)."""
    out = []
    for line in lines:
        for rule in rules:
            line = rule.apply(line)
        out.append(line)
    return out


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


def first_changed_line(diff: str) -> int | None:
    """The page line of the first line a unified diff removes, when its hunks count page lines."""
    line = None
    for text in diff.splitlines():
        text = text[2:] if text.startswith("  ") else text  # pytest-examples indents its diff
        header = re.match(r"^@@ -(\d+)", text)
        if header:
            line = int(header.group(1))
        elif line is not None and text.startswith("-") and not text.startswith("---"):
            return line
        elif line is not None and not text.startswith("+"):
            line += 1
    return None
