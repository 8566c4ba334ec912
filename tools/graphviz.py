"""Graphviz layouts with the site's pinned Graphviz, no system package needed.

``tools/go/dot2svg`` is Graphviz compiled to WebAssembly (github.com/goccy/go-graphviz,
pinned in ``tools/go/go.mod``).  ``go tool dot2svg`` builds it the first time
(about half a minute) and then runs it from Go's build cache, so the only
prerequisite is the Go toolchain the site needs anyway.

    svg = graphviz.layout("digraph { a -> b }")
    graphviz.draw_files([(Path("a.dot"), Path("a.svg"))])
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

MODULE = Path(__file__).resolve().parent / "go"
TIMEOUT = 600  # the first run compiles the program and its modules
_LINE = re.compile(r"\bline (\d+)\b")


class GraphvizError(Exception):
    """A graph could not be laid out; ``source`` and ``line`` say where, when known."""

    def __init__(self, message: str, source: Path | None = None, line: int | None = None):
        super().__init__(message)
        self.source, self.line = source, line


def _run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    go = shutil.which("go")
    if go is None:
        raise GraphvizError("laying out Graphviz diagrams needs the Go toolchain on PATH (Go 1.26, https://go.dev/dl/)")
    try:
        return subprocess.run([go, "tool", "dot2svg", *args], cwd=MODULE, input=stdin, capture_output=True,
                              text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"dot2svg did not finish within {TIMEOUT} s") from None


def layout(source: str) -> str:
    """The SVG of one graph given in Graphviz's language."""
    result = _run([], stdin=source)
    if result.returncode != 0:
        raise _error_of(result.stderr, {"<stdin>": None})
    return result.stdout


def draw_files(pairs: list[tuple[Path, Path]]) -> None:
    """Write the SVG of each (source, target) file pair, in one process; each target whole or not at all."""
    result = _run([str(path) for pair in pairs for path in pair])
    if result.returncode != 0:
        raise _error_of(result.stderr, {str(source): source for source, _ in pairs})


def _error_of(stderr: str, sources: dict[str, Path | None]) -> GraphvizError:
    """The first problem dot2svg reported ("SOURCE: message"), with Graphviz's line number when it gave one."""
    for line in stderr.splitlines():
        name, _, message = line.partition(": ")
        if name in sources and message:
            at = _LINE.search(message)
            return GraphvizError(message, sources[name], int(at.group(1)) if at else None)
    lines = [line for line in stderr.splitlines() if line.strip()]
    # Go's own failure (a module that cannot be downloaded, a compile error) names no graph.
    return GraphvizError("dot2svg failed: " + (lines[-1] if lines else "no message"))
