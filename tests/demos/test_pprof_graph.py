"""The call graph on demos/pprof.md comes from a real profile, and a fresh one still shows the hot spot.

The committed graph (``demos/images/pprof-cpu.dot``, laid out as SVG by the
site build) cannot be byte-identical from one capture to the next, so its
properties are checked; then a fresh profile of the slow build is captured
as the page does (for one second) and drawn again.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from tools import pprof_graph
from tools.demo_pprof import HOT_FUNCTION

GO = shutil.which("go")


def need(tool: str | None, name: str) -> None:
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must check the pprof graph, but {name} is not on PATH")
        pytest.skip(f"{name} is not on PATH")


def test_committed_graph_is_pprof_output_of_a_cpu_profile():
    source = pprof_graph.PAGE_GRAPH.read_text(encoding="utf-8")
    assert source.startswith('digraph "pprof-demo" {'), "not written by go tool pprof -dot for the demo service"
    assert "Type: cpu\\l" in source
    assert re.search(r"Total samples = \d", source)
    assert "Build ID" not in source
    # The hot function's node: "main" and "isPrimeNaive" on the lines of its label.
    assert re.search(r'label="main\\nisPrimeNaive\\n', source), f"{HOT_FUNCTION} is not a node of the graph"


def test_committed_graph_lays_out_as_a_clean_svg():
    # With the site's pinned Graphviz (tools/graphviz.py): no Graphviz package needed, only Go.
    need(GO, "go")
    svg = pprof_graph.layout(pprof_graph.PAGE_GRAPH.read_text(encoding="utf-8"))
    assert pprof_graph.problems(svg) == []


def test_problems_are_found():
    assert pprof_graph.problems("<svg") != []
    clean = '<svg xmlns="http://www.w3.org/2000/svg"><text>isPrimeNaive</text></svg>'
    assert pprof_graph.problems(clean) == []
    assert pprof_graph.problems(clean.replace("isPrimeNaive", "countPrimesSieve")) == [
        f"the graph does not name {HOT_FUNCTION}"
    ]
    scripted = clean.replace("<text>", '<script>alert(1)</script><text onclick="x()">')
    assert "the SVG carries script" in pprof_graph.problems(scripted)


def test_fresh_capture_names_the_hot_function(tmp_path):
    need(GO, "go")
    # One second instead of the page's three: the slow build's hot spot fills a shorter profile as
    # well, and the proof of the page captures three seconds the page's way.
    profile = pprof_graph.capture(tmp_path / "work", seconds=1)
    svg = pprof_graph.render(profile, tmp_path / "graph.svg")
    assert pprof_graph.problems(svg) == []
    assert (tmp_path / "graph.svg").read_text(encoding="utf-8") == svg
    source_path = tmp_path / "graph.dot"
    pprof_graph.render(profile, source_path)
    assert source_path.read_text(encoding="utf-8").startswith('digraph "pprof-demo" {')
