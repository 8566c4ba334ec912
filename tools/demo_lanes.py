"""Run the traffic-lanes demo (``make demo-lanes``).

    python -m tools.demo_lanes                      # build, run, print, stop
    python -m tools.demo_lanes --requests 1000      # more unmarked requests
    python -m tools.demo_lanes --timeout 120

Builds the demo's two programs from ``cookbook/demos/lanes`` (its own Go
module) into a temporary folder, then runs the driver: it starts a local
xDS control plane and seven service processes on free 127.0.0.1 ports,
sends the requests, prints the table and the verdicts, switches the lane
while the services run, and stops every process it started.  This script
starts only the driver, in its own process group, and stops it by PID if it
outlives the time limit (the driver then stops its own children); the exit
status is the driver's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.processes import stop_group

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "cookbook" / "demos" / "lanes"
BUILD_TIMEOUT = 600


def build(bindir: Path) -> tuple[Path, Path]:
    services, driver = bindir / "services", bindir / "lanes"
    for output, package in ((services, "./services"), (driver, ".")):
        print(f"building {package} in {DEMO.relative_to(ROOT)} ...", flush=True)
        subprocess.run(
            ["go", "build", "-o", str(output), package],
            cwd=DEMO,
            check=True,
            timeout=BUILD_TIMEOUT,
        )
    return services, driver


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="unmarked requests per phase")
    parser.add_argument("--lane-requests", type=int, default=50, help="lane requests per phase")
    parser.add_argument("--timeout", type=int, default=90, help="seconds before everything stops")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="demo-lanes-") as tmp:
        try:
            services, driver = build(Path(tmp))
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            print(f"build failed: {err}", file=sys.stderr)
            return 1
        command = [
            str(driver),
            "-services",
            str(services),
            "-requests",
            str(args.requests),
            "-lane-requests",
            str(args.lane_requests),
            "-timeout",
            f"{args.timeout}s",
        ]
        proc = subprocess.Popen(command, cwd=DEMO, start_new_session=True)
        try:
            # The driver stops itself at --timeout; allow it time to clean up.
            return proc.wait(timeout=args.timeout + 15)
        except subprocess.TimeoutExpired:
            print("the demo did not finish in time; stopping it", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
        finally:
            stop_group(proc, timeout=10)


if __name__ == "__main__":
    sys.exit(main())
