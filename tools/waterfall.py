"""Draw traces as a waterfall: one bar per span on a shared time axis, as SVG.

The input is what the traffic-lanes driver writes with ``-trace-out``::

    {"traces": [{"request": "lane", "baggage": "env=dev",
                 "spans": [{"service": "productpage", "version": "v1", "kind": "server",
                            "name": "GET /productpage", "depth": 0, "start_us": 0, "end_us": 941}, ...]}]}

Spans come in tree order (each after its parent) with times in microseconds
from the start of the trace.  ``svg`` draws every trace on one time scale so
that their lengths compare, each span as a label line (service, version,
kind, operation, duration) over its bar.

The picture is made to sit inline in a page of the site: it is as wide as
the text column and scales with it (``viewBox``, no fixed size), its text
is ``currentColor`` and its bars and axis carry classes (``cw-wf-*``) that the
theme colours for light and dark mode, with colours as attributes for a
viewer without the theme.  It carries no script and no style element (the
site's Content-Security-Policy allows neither inline).
"""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path

WIDTH = 360  # viewBox units; about a phone's text column, so that 11-unit text stays about 11 px there
PAD = 4
LINE = 13  # a label line
BAR = 7
ROW = LINE + BAR + 7
HEADING = 20
AXIS = 22
GAP = 12
INDENT = 8
# Fallback colours (used where the theme's CSS does not apply): contrast of 3:1 or more on white and on #0d1117.
SERVER_FILL, CLIENT_FILL, AXIS_STROKE = "#3b82d6", "#c17d11", "#8b949e"


class TraceError(ValueError):
    """The trace file does not hold what the waterfall needs."""


def load(path: Path) -> list[dict]:
    """The traces of a ``-trace-out`` file, checked."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TraceError(f"{path}: {error}") from None
    traces = data.get("traces") if isinstance(data, dict) else None
    if not isinstance(traces, list) or not traces:
        raise TraceError(f"{path}: no 'traces' list")
    for i, trace in enumerate(traces):
        spans = trace.get("spans") if isinstance(trace, dict) else None
        if not isinstance(spans, list) or not spans:
            raise TraceError(f"{path}: traces[{i}] has no spans")
        for j, span in enumerate(spans):
            for key, kind in (("service", str), ("kind", str), ("name", str), ("depth", int),
                              ("start_us", int), ("end_us", int)):
                if not isinstance(span.get(key), kind):
                    raise TraceError(f"{path}: traces[{i}].spans[{j}].{key} is missing or not a {kind.__name__}")
            if span["end_us"] < span["start_us"]:
                raise TraceError(f"{path}: traces[{i}].spans[{j}] ends before it starts")
    return traces


def operation(name: str) -> str:
    """``bookinfo.ReviewsService/ListReviews`` -> ``ListReviews``; HTTP names stay."""
    return name.rsplit("/", 1)[-1] if "/" in name and " " not in name else name


def milliseconds(us: int) -> str:
    return f"{us / 1000:.2f} ms"


def tick_step(total_us: int) -> int:
    """A round step (1, 2 or 5 times a power of ten, in µs) giving at most five ticks."""
    raw = max(total_us, 1) / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power) or 1
    return int(10 * power)


def svg(traces: list[dict], titles: list[str], label: str, standalone: bool = False) -> str:
    """The waterfall of ``traces`` as SVG; ``titles`` head the traces, ``label`` names the picture."""
    total = max(span["end_us"] for trace in traces for span in trace["spans"])
    scale = (WIDTH - 2 * PAD) / max(total, 1)
    parts: list[str] = []
    y = PAD
    for index, trace in enumerate(traces):
        title = titles[index] if index < len(titles) else trace.get("request", "")
        y += HEADING - 6
        parts.append(f'<text x="{PAD}" y="{y}" font-weight="bold" font-size="12">{escape(title)}</text>')
        y += 6
        for span in trace["spans"]:
            x0 = PAD + span["start_us"] * scale
            width = max((span["end_us"] - span["start_us"]) * scale, 1.5)
            text = " ".join(filter(None, (span["service"], span.get("version", ""), span["kind"],
                                          operation(span["name"]))))
            duration = milliseconds(span["end_us"] - span["start_us"])
            indent = PAD + span["depth"] * INDENT
            parts.append(
                f'<text x="{indent}" y="{y + LINE - 3}" font-size="11">{escape(text)}'
                f'<tspan class="cw-wf-muted" fill-opacity=".75"> {duration}</tspan></text>'
            )
            kind = "server" if span["kind"] == "server" else "client"
            fill = SERVER_FILL if kind == "server" else CLIENT_FILL
            parts.append(
                f'<rect class="cw-wf-{kind}" x="{x0:.1f}" y="{y + LINE}" width="{width:.1f}" height="{BAR}" '
                f'rx="1.5" fill="{fill}"><title>{escape(text)}: {duration}</title></rect>'
            )
            y += ROW
        y += GAP
    # The shared time axis.
    step = tick_step(total)
    parts.append(f'<line class="cw-wf-axis" x1="{PAD}" y1="{y}" x2="{WIDTH - PAD}" y2="{y}" stroke="{AXIS_STROKE}"/>')
    for tick in range(0, total + 1, step):
        x = PAD + tick * scale
        anchor = "start" if tick == 0 else ("end" if x > WIDTH - 30 else "middle")
        parts.append(f'<line class="cw-wf-axis" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 4}" stroke="{AXIS_STROKE}"/>')
        text = f"{tick / 1000:g} ms" if tick else "0"
        parts.append(f'<text x="{x:.1f}" y="{y + 15}" font-size="10" text-anchor="{anchor}">{text}</text>')
    height = y + AXIS
    background = f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>' if standalone else ""
    spans = sum(len(trace["spans"]) for trace in traces)
    desc = f"{len(traces)} traces, {spans} spans, on one time axis of {milliseconds(total)}."
    # Inline, the text takes the page's font; on its own, a sans-serif one.
    font = ' font-family="sans-serif"' if standalone else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cw-waterfall" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(label)}" fill="currentColor"{font}>'
        f"<title>{escape(label)}</title><desc>{escape(desc)}</desc>{background}{''.join(parts)}</svg>"
    )
