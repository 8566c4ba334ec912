"""Trace waterfalls: ``tools/waterfall.py`` draws them, ``extensions/trace_waterfall.py`` puts them in pages.

The drawing is checked on a small trace (sizes, order, what it may not carry);
the directive in a minimal Sphinx project (the figure is there, and a broken
trace file is reported with the page's file and line); and the page's own
trace file must be one the drawing accepts.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tools import waterfall

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
TRACE = {"traces": [
    {"request": "lane", "baggage": "env=dev", "spans": [
        {"service": "productpage", "version": "v1", "kind": "server", "name": "GET /productpage",
         "depth": 0, "start_us": 0, "end_us": 1000},
        {"service": "productpage", "version": "v1", "kind": "client",
         "name": "bookinfo.ReviewsService/ListReviews", "depth": 1, "start_us": 100, "end_us": 600},
        {"service": "reviews", "version": "v2", "kind": "server", "name": "bookinfo.ReviewsService/ListReviews",
         "depth": 2, "start_us": 200, "end_us": 500},
    ]},
    {"request": "unmarked", "baggage": "", "spans": [
        {"service": "productpage", "version": "v1", "kind": "server", "name": "GET /productpage",
         "depth": 0, "start_us": 0, "end_us": 2000},
    ]},
]}


def drawn(trace: dict = TRACE, titles=("In the lane <env=dev>", "Outside")) -> ET.Element:
    return ET.fromstring(waterfall.svg(trace["traces"], list(titles), "Two traces & more"))


def test_the_picture_scales_with_the_page_and_takes_its_colours():
    root = drawn()
    assert root.get("viewBox", "").startswith(f"0 0 {waterfall.WIDTH} ")
    assert root.get("width") is None and root.get("height") is None, "a fixed size would not scale to a phone"
    assert root.get("fill") == "currentColor"
    assert root.get("role") == "img" and root.get("aria-label") == "Two traces & more"
    assert root.find(f"{SVG}title").text == "Two traces & more"
    assert root.find(f".//{SVG}script") is None and root.find(f".//{SVG}style") is None
    assert all(el.get("style") is None for el in root.iter()), "inline styles are blocked by the site's CSP"


def test_bars_sit_on_one_time_axis_in_tree_order():
    bars = [r for r in drawn().iter(f"{SVG}rect") if r.get("class", "").startswith("cw-wf-")]
    assert [b.get("class") for b in bars] == ["cw-wf-server", "cw-wf-client", "cw-wf-server", "cw-wf-server"]
    scale = (waterfall.WIDTH - 2 * waterfall.PAD) / 2000  # the longest trace sets the scale
    widths = [float(b.get("width")) for b in bars]
    assert widths == pytest.approx([1000 * scale, 500 * scale, 300 * scale, 2000 * scale], abs=0.1)
    xs = [float(b.get("x")) for b in bars]
    assert xs == pytest.approx([waterfall.PAD + us * scale for us in (0, 100, 200, 0)], abs=0.1)
    ys = [float(b.get("y")) for b in bars]
    assert ys == sorted(ys)


def test_labels_name_service_version_kind_operation_and_duration():
    texts = ["".join(t.itertext()) for t in drawn().iter(f"{SVG}text")]
    assert "In the lane <env=dev>" in texts and "Outside" in texts
    assert "reviews v2 server ListReviews 0.30 ms" in texts
    assert "productpage v1 server GET /productpage 1.00 ms" in texts
    assert texts[-3:] == ["1 ms", "1.5 ms", "2 ms"]  # the axis, in round steps


@pytest.mark.parametrize(("total", "step"), [(1000, 200), (2000, 500), (941, 200), (14148, 5000), (3, 1)])
def test_tick_steps_are_round(total, step):
    assert waterfall.tick_step(total) == step


@pytest.mark.parametrize(("content", "message"), [
    ("{", "Expecting property name"),
    ('{"traces": []}', "no 'traces' list"),
    ('{"traces": [{"spans": []}]}', "traces[0] has no spans"),
    ('{"traces": [{"spans": [{"service": "a", "kind": "server", "name": "x", "depth": 0, "start_us": 5}]}]}',
     "traces[0].spans[0].end_us is missing or not a int"),
    ('{"traces": [{"spans": [{"service": "a", "kind": "server", "name": "x", "depth": 0, '
     '"start_us": 5, "end_us": 1}]}]}', "traces[0].spans[0] ends before it starts"),
])
def test_bad_trace_files_are_named(tmp_path, content, message):
    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(waterfall.TraceError, match=re.escape(message)):
        waterfall.load(path)


def test_the_pages_trace_file_draws():
    traces = waterfall.load(ROOT / "demos" / "images" / "lanes-trace.json")
    assert [t["request"] for t in traces] == ["lane", "unmarked"]
    assert ET.fromstring(waterfall.svg(traces, [], "x")) is not None


def sphinx_project(tmp_path, trace: str) -> subprocess.CompletedProcess:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'extensions')!r}]\n"
        "extensions = ['myst_parser', 'trace_waterfall']\n"
        "myst_enable_extensions = ['colon_fence']\n",
        encoding="utf-8")
    (src / "t.json").write_text(trace, encoding="utf-8")
    (src / "index.md").write_text(
        "# Traces\n\n:::{trace-waterfall} t.json\n:titles: First | Second\n:alt: Two traces.\n\n"
        "The *caption*.\n:::\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(src), str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)


def test_the_directive_draws_the_figure_inline(tmp_path):
    result = sphinx_project(tmp_path, json.dumps(TRACE))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    figure = html[html.index('<figure class="cw-waterfall-figure'):html.index("</figure>")]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="cw-waterfall"' in figure
    assert 'aria-label="Two traces."' in figure and ">First</text>" in figure and ">Second</text>" in figure
    assert "<figcaption>" in figure and "The <em>caption</em>." in figure


def test_a_broken_trace_file_fails_the_build_with_file_and_line(tmp_path):
    result = sphinx_project(tmp_path, '{"traces": []}')
    assert result.returncode != 0
    assert re.search(r"index\.md:3: ERROR: trace-waterfall: .*t\.json: no 'traces' list", result.stderr), result.stderr
