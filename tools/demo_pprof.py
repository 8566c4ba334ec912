"""Run the pprof walkthrough (demos/pprof.md) for a reader (``make demo-pprof``).

    python -m tools.demo_pprof                         # in _build/demo-pprof/
    python -m tools.demo_pprof --workdir /tmp/pprof    # elsewhere

Every console step of the page runs, in its order, in a copy of ``cookbook/``
under the work folder (``tools.walkthrough``): the builds, the servers, the
loads, the profiles and the checker's verdicts, the call graph, the heap
profiles and the goroutine dumps.  What the commands print is shown as they
print it; the first command that fails ends the run.  The call graph the page
draws is then copied to ``_build/demo-pprof/cpu-naive.svg``, and its path
printed with those of the profiles.

The ``Walkthrough`` class starts the demo service and profiles it from
Python: ``tools.pprof_graph`` uses it to capture a fresh profile for the
page's figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tools import walkthrough
from tools.processes import free_port, stop_group

ROOT = walkthrough.ROOT
COOKBOOK = ROOT / "cookbook"
PAGE = ROOT / "demos" / "pprof.md"
WORKDIR = ROOT / "_build" / "demo-pprof"
GRAPH = "cpu-naive.svg"  # drawn by the page's Step 5, in the cookbook copy
TOKEN = "demo-token"
HOT_FUNCTION = "main.isPrimeNaive"
SLOW_PATH = "/api/primes?below=20000"
PROFILE_SECONDS = 3  # as the page's commands
BUILD_TIMEOUT = 600.0
STEP_TIMEOUT = 60.0
READY_TIMEOUT = 30.0
BINARIES = {
    "pprof-demo": "./demos/pprof",
    "pprof-load": "./demos/pprof/load",
}


class DemoError(RuntimeError):
    """A step of the walkthrough did not do what the page says."""


def http_get(url: str, token: str | None = None, timeout: float = STEP_TIMEOUT) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Capture:
    """One round of load with a CPU profile taken while it ran."""

    load_summary: str
    profile: Path
    top: str


def load_args(seconds: int) -> tuple[str, ...]:
    """The load generator's flags: the page's load, for ``seconds``."""
    return ("-c", "2", "-rate", "2000", "-duration", f"{seconds}s")


class Walkthrough:
    """The binaries of the walkthrough, and the processes started from them."""

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        self.bin = self.workdir / "bin"
        self.procs: list[subprocess.Popen] = []
        self.go = shutil.which("go")
        if self.go is None:
            raise DemoError("the Go toolchain (go) is not on PATH")

    def __enter__(self) -> Walkthrough:
        return self

    def __exit__(self, *exc) -> None:
        self.stop_all()

    def stop_all(self) -> None:
        while self.procs:
            stop_group(self.procs.pop())

    def build(self) -> None:
        self.bin.mkdir(parents=True, exist_ok=True)
        for name, package in BINARIES.items():
            result = subprocess.run(
                [self.go, "build", "-o", str(self.bin / name), package],
                cwd=COOKBOOK,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
            )
            if result.returncode != 0:
                raise DemoError(f"go build {package} failed:\n{result.stdout}{result.stderr}")

    def _spawn(
        self, args: list[str], env: dict[str, str] | None = None, log: Path | None = None, stdout=None
    ) -> subprocess.Popen:
        sink = open(log, "wb") if log is not None else stdout  # closed below, once the child has it
        try:
            proc = subprocess.Popen(
                args,
                cwd=self.workdir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            if log is not None:
                sink.close()
        self.procs.append(proc)
        return proc

    def start_server(self, *flags: str, token: str | None = None) -> str:
        """Start the demo service on a free port; return its base URL once it accepts connections."""
        port = free_port()
        env = dict(os.environ)
        env.pop("PPROF_TOKEN", None)
        if token is not None:
            env["PPROF_TOKEN"] = token
        log = self.workdir / f"server-{port}.log"
        proc = self._spawn([str(self.bin / "pprof-demo"), "-addr", f"127.0.0.1:{port}", *flags], env, log)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise DemoError(f"the service exited with status {proc.returncode}:\n{log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return f"http://127.0.0.1:{port}"
            except OSError:
                if time.monotonic() > deadline:
                    raise DemoError(
                        f"the service did not listen on 127.0.0.1:{port} in {READY_TIMEOUT:.0f} s"
                    ) from None
                time.sleep(0.1)

    def load_and_profile(self, base: str, name: str, token: str = TOKEN, prefix: str = "/admin/pprof",
                         seconds: int = PROFILE_SECONDS) -> Capture:
        """Load the slow endpoint and take a CPU profile of ``seconds`` meanwhile."""
        load = self._spawn([str(self.bin / "pprof-load"), "-url", base + SLOW_PATH, *load_args(seconds)],
                           stdout=subprocess.PIPE)
        try:
            status, body = http_get(f"{base}{prefix}/profile?seconds={seconds}", token)
            if status != 200:
                raise DemoError(f"the profile request answered {status}: {body[:200]!r}")
            profile = self.workdir / f"cpu-{name}.pprof"
            profile.write_bytes(body)
            out, _ = load.communicate(timeout=STEP_TIMEOUT)
        finally:
            stop_group(load)
            self.procs.remove(load)
        if load.returncode != 0:
            raise DemoError(f"the load generator failed:\n{out.decode()}")
        return Capture(out.decode().strip(), profile, self.top(profile))

    def top(self, profile: Path, *flags: str) -> str:
        result = subprocess.run(
            [self.go, "tool", "pprof", "-top", *flags, str(profile)],
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
        if result.returncode != 0:
            raise DemoError(f"go tool pprof failed:\n{result.stderr}")
        return result.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=WORKDIR, help=f"where to run (default: {WORKDIR})")
    args = parser.parse_args(argv)
    workdir = args.workdir.resolve()
    try:
        cookbook = walkthrough.run(PAGE, workdir)
    except walkthrough.StepFailed as error:
        print(f"\ndemo-pprof: {error}", file=sys.stderr)
        return 1
    graph = workdir / GRAPH
    shutil.copyfile(cookbook / GRAPH, graph)
    profiles = " ".join(sorted(p.name for p in cookbook.glob("*.pprof")))
    print(f"\nthe call graph: {graph}\nthe profiles, in {cookbook}: {profiles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
