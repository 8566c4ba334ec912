"""The traffic-lanes driver itself: routing by the rules, the traces it saves, and a crash it must see.

The page's proof runs the demo once as the page shows it; these tests run the
driver again with fewer requests, so that routing that goes to the wrong
version, a lane marker that stops travelling or a trace that falls apart
fails here too, and kill one of its services to see the driver notice.
``make demo-lanes`` (``tools/demo_lanes.py``) runs the page's own steps
(``tools/walkthrough.py``, tested in ``test_walkthrough.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tools import demo_lanes, waterfall
from tools.codeproof.workspace import go_env

from .conftest import children_of, go_build, need, processes_running_from

LANES = demo_lanes.ROOT / "cookbook" / "demos" / "lanes"
COOKBOOK = demo_lanes.ROOT / "cookbook"
AMOUNTS = ["-requests", "100", "-lane-requests", "20", "-timeout", "120s"]


@pytest.fixture(scope="module")
def binaries(tmp_path_factory) -> Path:
    # Each test process builds its own: the crash test looks for processes started from this
    # folder, which another process's run must not share. With -trimpath (go_build) the packages
    # come from the build cache the proof filled, so a build here only links.
    bindir = tmp_path_factory.mktemp("lanes-bin")
    purpose = "run the traffic-lanes driver"
    go_build(LANES, ".", bindir / "lanes", purpose)
    go_build(LANES, "./services", bindir / "services", purpose)
    go_build(COOKBOOK, "./tools/otlp-receiver", bindir / "otlp-receiver", purpose)
    return bindir


def test_the_driver_kills_every_process_that_outlives_its_grace_period():
    # The driver's own Go test: processes that ignore SIGTERM are all killed after 3 s.
    result = subprocess.run([need("go", "test the traffic-lanes driver"), "test", "-count=1", "."], cwd=LANES,
                            capture_output=True, text=True, timeout=600, env=go_env())
    assert result.returncode == 0, result.stdout + result.stderr


def compiled_deps(module: Path, *packages: str) -> dict[str, str]:
    """The packages outside the standard library and ``module`` a build compiles: import path -> version."""
    listing = subprocess.run(
        [need("go", "list the traffic-lanes builds"), "list", "-deps", "-f",
         "{{if not .Standard}}{{.ImportPath}} {{with .Module}}{{.Version}}{{end}}{{end}}", *packages],
        cwd=module, capture_output=True, text=True, check=True, timeout=300, env=go_env()).stdout
    return dict(line.split() for line in listing.splitlines() if len(line.split()) == 2)


def test_the_receiver_and_the_validator_need_no_second_build_of_a_shared_package():
    # The page builds the OTLP receiver in the cookbook's module and the validator in its own; a
    # package they share with the demo's builds is compiled once only if every module pins it at
    # the same version (the page says so).
    demo = compiled_deps(LANES, ".", "./services")
    for module, package in ((COOKBOOK, "./tools/otlp-receiver"), (LANES / "k8s" / "validate", ".")):
        own = compiled_deps(module, package)
        shared = own.keys() & demo.keys()
        assert shared, f"{module.relative_to(demo_lanes.ROOT)}: {package} shares no package with the demo"
        differ = sorted(f"{path} {own[path]} (demo: {demo[path]})" for path in shared if own[path] != demo[path])
        assert not differ, f"{module.relative_to(demo_lanes.ROOT)}/go.mod pins other versions than the demo's:\n" + \
            "\n".join(differ)


def driver(binaries: Path, *extra: str) -> list[str]:
    return [str(binaries / "lanes"), "-services", str(binaries / "services"),
            "-receiver", str(binaries / "otlp-receiver"), *AMOUNTS, *extra]


def shape(traces: list[dict]) -> list[list[tuple]]:
    """What a trace must keep from run to run: its spans, in tree order, without their times."""
    return [[(s["service"], s["version"], s["kind"], s["name"], s["depth"]) for s in t["spans"]] for t in traces]


def test_driver_routes_by_the_rules_and_saves_the_traces(binaries, tmp_path):
    trace = tmp_path / "trace.json"
    result = subprocess.run(driver(binaries, "-trace-out", str(trace)), capture_output=True, text=True,
                            timeout=300, start_new_session=True)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "FAIL" not in out
    for verdict in (
        "PASS lane: only reviews v2, ratings v2 and details v1 served these requests",
        "PASS lane: only reviews v1, ratings v1 and details v1 served these requests",
        "PASS unmarked: only reviews v2, ratings v2 and details v1 served these requests",
        "PASS the baggage reached every hop of every lane request, and no hop of another",
        "PASS the lane request's spans form one trace with productpage at its root",
        "PASS the 7 service processes ran through the change, never restarted",
    ):
        assert verdict in out
    assert "acknowledged by the xDS client of productpage-v1, reviews-v1, reviews-v2" in out
    # Every call goes through xDS, details included.
    assert "productpage v1  LDS, RDS: details reviews" in out
    assert "CDS, EDS: details-v1 reviews-v1 reviews-v2 reviews-v3" in out
    assert out.rstrip().endswith("all checks passed")
    # The page's figure is drawn from a saved run: a fresh run has the same spans.
    fresh = waterfall.load(trace)
    assert shape(fresh) == shape(waterfall.load(demo_lanes.PAGE_TRACE)), (
        "the traces changed shape: run python -m tools.demo_lanes --save-trace to refresh the page's figure")
    assert all(s["end_us"] >= s["start_us"] >= 0 for t in fresh for s in t["spans"])
    assert json.loads(trace.read_text())["traces"][0]["baggage"] == "env=dev"
    assert processes_running_from(binaries) == []


def test_a_service_that_dies_fails_the_check(binaries):
    """Killed before the live change, after which no request needs it, reviews v3 must still be missed.

    The driver waits at -pause until the test has killed it, so the kill always comes before the check.
    """
    proc = subprocess.Popen(driver(binaries, "-pause"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines, killed = [], None
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("paused before the live change"):
                for pid, cmdline in children_of(proc.pid).items():
                    if cmdline[1:5] == ["-service", "reviews", "-version", "v3"]:
                        os.kill(pid, signal.SIGKILL)
                        killed = pid
                proc.stdin.write("\n")
                proc.stdin.close()
        status = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    out = "\n".join(lines)
    assert killed is not None, f"reviews v3 was not found among the driver's children:\n{out}"
    assert status == 1, out
    assert (f"FAIL the 7 service processes ran through the change, never restarted: "
            f"reviews v3 (pid {killed}) exited: signal: killed") in lines, out
    assert processes_running_from(binaries) == []
    # A failed run keeps the processes' logs for the reader, and says where.
    kept = [line.removeprefix("process logs kept in ") for line in lines if line.startswith("process logs kept in ")]
    assert len(kept) == 1 and (Path(kept[0]) / "reviews-v3.log").exists(), out
    shutil.rmtree(kept[0])
