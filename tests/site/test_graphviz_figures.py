"""Diagrams are drawn with the pinned Graphviz (no Graphviz package), link to their file, and fail clearly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from extensions import graphviz_figures

from .conftest import trim_site


def path_without(programs: set[str], folder: Path) -> str:
    """A PATH of one folder of links to every program on PATH but ``programs``."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(entry):
            continue
        for name in os.listdir(entry):
            link, program = folder / name, os.path.join(entry, name)
            if name in programs or link.exists() or not os.access(program, os.X_OK) or os.path.isdir(program):
                continue
            link.symlink_to(program)
    return str(folder)


def build_en(root: Path, builddir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.build", "--builddir", str(builddir), "--lang", "en"],
                          cwd=root, capture_output=True, text=True, timeout=900, env=env)


def test_diagrams_are_drawn_without_graphviz_installed(site_copy, tmp_path):
    trim_site(site_copy, ["demos/traffic-lanes"])
    for old in (site_copy / "demos/images").glob("*.svg"):
        old.unlink()
    env = dict(os.environ, PATH=path_without({"dot", "neato", "twopi", "circo", "fdp", "sfdp"}, tmp_path / "bin"))
    result = build_en(site_copy, tmp_path / "out", env)
    assert result.returncode == 0, result.stdout + result.stderr
    svg = (site_copy / "demos/images/traffic-lanes.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<!-- dot2svg " in svg and ">reviews v2<" in svg
    page = (tmp_path / "out/html/en/demos/traffic-lanes.html").read_text(encoding="utf-8")
    # A reader taps the picture to open it at full size; the theme styles it for dark mode.
    link = re.search(r'<a class="[^"]*diagram-link[^"]*" href="([^"]+)"><img [^>]*class="diagram', page)
    assert link, "the diagram is not a link to its file"
    assert (tmp_path / "out/html/en/demos" / link.group(1)).resolve() == (
        tmp_path / "out/html/en/_images/traffic-lanes.svg").resolve()
    assert (tmp_path / "out/html/en/_images/traffic-lanes.svg").is_file()


def test_a_broken_diagram_fails_the_build_with_its_file_and_line(site_copy, tmp_path):
    trim_site(site_copy, ["demos/traffic-lanes"])
    source = site_copy / "demos/images/traffic-lanes.dot"
    lines = source.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "  client -> [label=oops;")
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build_en(site_copy, tmp_path / "out")
    assert result.returncode != 0
    assert f"{source}:5: WARNING: cannot draw the diagram: syntax error in line 5" in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_diagram_is_drawn_again_only_when_its_inputs_change(tmp_path):
    source = tmp_path / "a.dot"
    source.write_text("digraph { a -> b }\n", encoding="utf-8")
    renderer = graphviz_figures.renderer_key()
    jobs = graphviz_figures.stale([source], renderer)
    assert [(s, t) for s, t, _ in jobs] == [(source, tmp_path / "a.svg")]
    graphviz_figures.draw(jobs)
    assert graphviz_figures.stale([source], renderer) == []
    assert graphviz_figures.stale([source], renderer + b"another go.sum") != []
    source.write_text("digraph { a -> c }\n", encoding="utf-8")
    assert graphviz_figures.stale([source], renderer) != []

