"""Run the pprof walkthrough (demos/pprof.md) for a reader and print what it finds.

    python -m tools.demo_pprof            # behind ``make demo-pprof``

It builds the demo service, the load generator and the checker from
``cookbook/demos/pprof/`` into a temporary directory (the work tree is not
touched), starts the servers on free ports of 127.0.0.1, puts bounded load
on the slow endpoint, captures CPU profiles before and after the fix, and
prints the results.  Every process it starts runs in its own process group
and is stopped by PID when the run ends, whatever happens.

The ``Walkthrough`` class is also what ``tools.pprof_graph`` and the tests
in ``tests/demos/`` use to get a real profile.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tools.processes import free_port, stop_group

ROOT = Path(__file__).resolve().parent.parent
COOKBOOK = ROOT / "cookbook"
TOKEN = "demo-token"
HOT_FUNCTION = "main.isPrimeNaive"
SLOW_PATH = "/api/primes?below=20000"
PROFILE_SECONDS = 5
LOAD_ARGS = ("-n", "60", "-rate", "10", "-c", "4", "-max", "20s")
BUILD_TIMEOUT = 600.0
STEP_TIMEOUT = 60.0
READY_TIMEOUT = 30.0
BINARIES = {
    "pprof-demo": "./demos/pprof",
    "pprof-load": "./demos/pprof/load",
    "pprof-checktop": "./demos/pprof/checktop",
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

    def load_and_profile(self, base: str, name: str, token: str = TOKEN, prefix: str = "/admin/pprof") -> Capture:
        """Load the slow endpoint and take a CPU profile of PROFILE_SECONDS meanwhile."""
        load = self._spawn([str(self.bin / "pprof-load"), "-url", base + SLOW_PATH, *LOAD_ARGS], stdout=subprocess.PIPE)
        try:
            status, body = http_get(f"{base}{prefix}/profile?seconds={PROFILE_SECONDS}", token)
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

    def check(self, top: str, expect: str, n: int = 3) -> tuple[bool, str]:
        result = subprocess.run(
            [str(self.bin / "pprof-checktop"), "-func", HOT_FUNCTION, "-n", str(n), "-expect", expect],
            input=top,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
        return result.returncode == 0, (result.stdout + result.stderr).strip()


def total_samples(top: str) -> str:
    match = re.search(r"Total samples = ([^\n]*)", top)
    return match.group(1).strip() if match else "?"


def mean_latency(summary: str) -> str:
    match = re.search(r"latency: mean (\S+?),", summary)
    return match.group(1) if match else "?"


def run(workdir: Path) -> bool:
    ok = True

    def verdict(passed: bool, line: str) -> None:
        nonlocal ok
        ok = ok and passed
        print(("  PASS " if passed else "  FAIL ") + line)

    with Walkthrough(workdir) as walk:
        print("1. Building the service, the load generator and the checker (cookbook/demos/pprof/)")
        walk.build()

        print("2. pprof on the default routes, open to anyone")
        open_base = walk.start_server("-pprof", "open")
        status, _ = http_get(open_base + "/debug/pprof/")
        verdict(status == 200, f"GET /debug/pprof/ without credentials -> {status}")
        _, cmdline = http_get(open_base + "/debug/pprof/cmdline")
        print("  /debug/pprof/cmdline tells anyone:", cmdline.replace(b"\0", b" ").decode())

        print("3. pprof under /admin/pprof behind a bearer token")
        base = walk.start_server("-pprof", "auth", token=TOKEN)
        for label, token, want in (("no token", None, 401), ("a wrong token", "guess", 401), ("the token", TOKEN, 200)):
            status, _ = http_get(base + "/admin/pprof/", token)
            verdict(status == want, f"GET /admin/pprof/ with {label} -> {status} (want {want})")
        status, _ = http_get(base + "/debug/pprof/")
        verdict(status == 404, f"GET /debug/pprof/ -> {status}: the default routes are not there")

        print(f"4. Slow build: load on {SLOW_PATH} with a {PROFILE_SECONDS} s CPU profile meanwhile")
        before = walk.load_and_profile(base, "before")
        print("  " + before.load_summary.replace("\n", "\n  "))
        print("  " + "\n  ".join(walk.top(before.profile, "-nodecount=5").splitlines()))
        verdict(*walk.check(before.top, "present"))

        print("5. Fixed build (-fixed): the same load and profile")
        fixed_base = walk.start_server("-pprof", "auth", "-fixed", token=TOKEN)
        after = walk.load_and_profile(fixed_base, "after")
        print("  " + after.load_summary.replace("\n", "\n  "))
        verdict(*walk.check(after.top, "absent"))

        print("6. Before and after")
        print(f"  mean latency:          {mean_latency(before.load_summary)} -> {mean_latency(after.load_summary)}")
        print(f"  CPU samples in {PROFILE_SECONDS} s:   {total_samples(before.top)} -> {total_samples(after.top)}")

        from tools.pprof_graph import problems, render

        svg = workdir / "pprof-before.svg"
        wrong = problems(render(before.profile, svg))
        print(f"7. Call graph of the slow build drawn with Graphviz: {svg}")
        verdict(not wrong, "; ".join(wrong) or f"the graph names {HOT_FUNCTION}")
        if workdir.name.startswith("demo-pprof-"):
            print("  (a temporary file: run with --keep DIR to keep it)")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", metavar="DIR", help="write binaries and profiles to DIR and keep them")
    args = parser.parse_args(argv)
    try:
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            ok = run(Path(args.keep).resolve())
        else:
            with tempfile.TemporaryDirectory(prefix="demo-pprof-") as tmp:
                ok = run(Path(tmp))
    except (DemoError, subprocess.TimeoutExpired) as error:
        print(f"demo-pprof: {error}", file=sys.stderr)
        return 1
    print("all checks passed" if ok else "some checks FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
