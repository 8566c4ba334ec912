"""Run the traffic-lanes walkthrough (demos/traffic-lanes.md) for a reader (``make demo-lanes``).

    python -m tools.demo_lanes                 # the page's steps, in _build/demo-lanes/
    python -m tools.demo_lanes --save-trace    # and keep the run's traces for the page's figure

Every console step of the page runs, in its order, in a copy of ``cookbook/``
under ``_build/demo-lanes/`` (``tools.walkthrough``): the builds, the driver
(an OTLP receiver, the xDS control plane and seven service processes on free
127.0.0.1 ports, the traffic, the live change, the checks; it stops every
process it started) and the strict decoding of the Kubernetes and Istio
manifests.  The driver saves the spans of one lane request and one unmarked
request; they are drawn as ``_build/demo-lanes/waterfall.svg``.  With
``--save-trace`` they also replace ``demos/images/lanes-trace.json``, the data
from which the site draws the page's waterfall.

The steps run with Go's own build flags, as in a reader's shell, not with the
proof's ``-trimpath``: the page's first step, ``go tool kitex``, builds the
generator without it whatever ``GOFLAGS`` says, and the flag is part of the key
of every compiled package, the standard library's included.  With it, the
builds after ``go tool`` compiled again the 230 packages the generator had
compiled (about 35 s of CPU of a cold run).  The work folder keeps its path from
run to run, so a second run finds every package in the build cache.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from tools import walkthrough, waterfall
from tools.codeproof.workspace import reader_env

ROOT = walkthrough.ROOT
PAGE = ROOT / "demos" / "traffic-lanes.md"
WORKDIR = ROOT / "_build" / "demo-lanes"
PAGE_TRACE = ROOT / "demos" / "images" / "lanes-trace.json"
TRACE = "trace.json"  # written by the page's driver command, in the cookbook copy
TITLES = ["A request in the lane (baggage: env=dev)", "A request outside the lane, served by reviews v1"]


def draw(trace: Path, out: Path) -> Path:
    """The waterfall of a trace file, as a picture that opens on its own."""
    label = "Spans of a lane request and an unmarked request of the traffic-lanes demo"
    out.write_text(waterfall.svg(waterfall.load(trace), TITLES, label, standalone=True), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=WORKDIR, help=f"where to run (default: {WORKDIR})")
    parser.add_argument("--save-trace", action="store_true", help=f"copy the run's traces to {PAGE_TRACE}")
    args = parser.parse_args(argv)
    workdir = args.workdir.resolve()
    try:
        cookbook = walkthrough.run(PAGE, workdir, env=reader_env())
        trace = cookbook / TRACE
        picture = draw(trace, workdir / "waterfall.svg")
    except (walkthrough.StepFailed, waterfall.TraceError) as error:
        print(f"\ndemo-lanes: {error}", file=sys.stderr)
        return 1
    print(f"\nthe two traces: {trace}\ntheir waterfall: {picture}")
    if args.save_trace:
        shutil.copyfile(trace, PAGE_TRACE)
        print(f"saved as the page's figure data: {PAGE_TRACE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
