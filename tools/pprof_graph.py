"""Draw the call graph of a CPU profile, for demos/pprof.md.

    python -m tools.pprof_graph                        # capture a fresh profile, write the page's graph
    python -m tools.pprof_graph --profile cpu.pprof    # draw an existing profile
    python -m tools.pprof_graph --out /tmp/graph.svg   # write elsewhere (.dot or .svg)

The graph comes from a real profile of the demo service: without
``--profile`` the slow build of ``cookbook/demos/pprof`` is started, loaded
and profiled exactly as on the page (see ``tools.demo_pprof``).

``go tool pprof -dot`` writes the graph in Graphviz's language; the page's
copy is kept as ``demos/images/pprof-cpu.dot``, which the site build turns
into ``pprof-cpu.svg`` (``extensions/graphviz_figures.py``), like every
diagram in that folder.  Writing to a ``.svg`` path lays it out here instead.
Both lay it out with the site's pinned Graphviz (``tools/graphviz.py``), so
no Graphviz package is needed.  Either way the result is laid out and checked before it is
written: the SVG must be well-formed, small, free of script, and name the
hot function.  (``go tool pprof -svg`` is not used: it embeds a pan-and-zoom
script in the file.)
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from tools import graphviz
from tools.demo_pprof import HOT_FUNCTION, PROFILE_SECONDS, ROOT, DemoError, Walkthrough

PAGE_GRAPH = ROOT / "demos" / "images" / "pprof-cpu.dot"
NODECOUNT = 20
MAX_BYTES = 100_000
TIMEOUT = 60.0
# The build id differs on every build and tells a reader nothing.
_BUILD_ID = re.compile(r"Build ID: [0-9a-f]+\\l")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DemoError(f"drawing the graph needs {name} on PATH")
    return path


def dot_source(profile: Path, nodecount: int = NODECOUNT) -> str:
    """The call graph of ``profile`` in Graphviz's language, from ``go tool pprof -dot``."""
    graph = subprocess.run(
        [_tool("go"), "tool", "pprof", "-dot", f"-nodecount={nodecount}", str(profile)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if graph.returncode != 0:
        raise DemoError(f"go tool pprof -dot failed:\n{graph.stderr}")
    return _BUILD_ID.sub("", graph.stdout)


def layout(source: str) -> str:
    """Lay a Graphviz graph out as SVG, as the site build does."""
    try:
        return graphviz.layout(source)
    except graphviz.GraphvizError as error:
        raise DemoError(f"laying out the graph failed: {error}") from None


def render(profile: Path, out: Path, nodecount: int = NODECOUNT) -> str:
    """Write the graph of ``profile`` to ``out`` (.dot source or .svg picture); return the SVG."""
    source = dot_source(profile, nodecount)
    svg = layout(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(source if out.suffix == ".dot" else svg, encoding="utf-8")
    return svg


def problems(svg: str, hot: str = HOT_FUNCTION) -> list[str]:
    """What is wrong with a picture for the page; empty when it is fine."""
    found = []
    try:
        root = ET.fromstring(svg.encode("utf-8"))
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if not root.tag.endswith("svg"):
        found.append(f"the root element is {root.tag}, not svg")
    texts = {t.strip() for t in root.itertext()}
    # A node's label is split over lines: "main" / "isPrimeNaive" / "2.41s (98.77%)".
    if hot.rsplit(".", 1)[-1] not in texts:
        found.append(f"the graph does not name {hot}")
    if re.search(r"<script|\son\w+\s*=|javascript:", svg, re.I):
        found.append("the SVG carries script")
    size = len(svg.encode("utf-8"))
    if size > MAX_BYTES:
        found.append(f"the SVG is {size} bytes (at most {MAX_BYTES})")
    return found


def capture(workdir: Path, token: str = "graph-token", seconds: int = PROFILE_SECONDS) -> Path:
    """Profile the slow build under load, as the page does; return the profile's path."""
    with Walkthrough(workdir) as walk:
        walk.build()
        base = walk.start_server("-pprof", "auth", token=token)
        return walk.load_and_profile(base, "graph", token=token, seconds=seconds).profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, help="a CPU profile to draw (default: capture one)")
    parser.add_argument("--out", type=Path, default=PAGE_GRAPH, help=f"file to write (default: {PAGE_GRAPH})")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="pprof-graph-") as tmp:
            profile = args.profile if args.profile is not None else capture(Path(tmp))
            candidate = Path(tmp) / ("graph" + args.out.suffix)
            wrong = problems(render(profile, candidate))
            if wrong:
                print("pprof_graph: not written:\n  " + "\n  ".join(wrong), file=sys.stderr)
                return 1
            args.out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(candidate, args.out)
    except (DemoError, subprocess.TimeoutExpired) as error:
        print(f"pprof_graph: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
