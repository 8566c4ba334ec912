"""Where page commands run: a scratch copy of ``cookbook/``, free ports, servers.

Every ``127.0.0.1:NNNN`` a page writes, and every ``--port NNNN`` (servers such as
``redis-server`` take the port on its own), is given a free port of its own for
the run (one mapping per page), and the free port is written back as NNNN in
what the commands print.  Background servers run in their own process group
and are stopped by PID, with a bounded wait, when the page is done.

Every command runs in ``bash -o pipefail``: a failing command before a pipe
(``go run ./x | grep ok``) fails the step as it would fail a reader's script.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.processes import free_port, kill_group, stop_group

ADDRESS = re.compile(r"(?<![\d.])(127\.0\.0\.1:|localhost:)(\d{2,5})\b")
PORT_FLAG = re.compile(r"(?<![\w-])(--port[ =])(\d{2,5})\b")
COMMAND_TIMEOUT = 120.0
READY_TIMEOUT = 120.0
BASH = ("bash", "-o", "pipefail", "-c")


def reader_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a reader's shell, without colours: Go keeps its own build flags."""
    return dict(os.environ if base is None else base, NO_COLOR="1", TERM="dumb")


def go_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of page commands: no colours, and Go builds with ``-trimpath``.

    Every page runs in a scratch copy of the module at a path of its own; without
    ``-trimpath`` Go keys its build cache on that path and would compile the module's
    packages again for every page and every run.  Programs see no difference, except
    that file names in stack traces start at the module (``cookbook/hertz/…``).
    ``go tool`` ignores the flag (it takes no build flags), so what it builds for a
    tool is not shared with the builds made here.
    """
    env = reader_env(base)
    flags = env.get("GOFLAGS", "").split()
    if "-trimpath" not in flags:
        env["GOFLAGS"] = " ".join([*flags, "-trimpath"])
    return env


def copy_module(source: Path, target: Path) -> Path:
    """A scratch copy of the Go module, so page commands never touch the work tree."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    return target


@dataclass
class Ports:
    """The page's documented ports and the free ports that stand in for them."""

    mapping: dict[str, str] = field(default_factory=dict)

    def to_run(self, text: str) -> str:
        def swap(match: re.Match) -> str:
            documented = match.group(2)
            if documented not in self.mapping:
                self.mapping[documented] = str(free_port())
            return f"{match.group(1)}{self.mapping[documented]}"

        return PORT_FLAG.sub(swap, ADDRESS.sub(swap, text))

    def to_page(self, text: str) -> str:
        for documented, real in self.mapping.items():
            text = re.sub(rf"\b{real}\b", documented, text)
        return text

    def real_ports(self, documented_command: str) -> list[int]:
        """The free ports standing in for the ports a command (as on the page) names."""
        self.to_run(documented_command)
        named = [*ADDRESS.finditer(documented_command), *PORT_FLAG.finditer(documented_command)]
        return list(dict.fromkeys(int(self.mapping[m.group(2)]) for m in named if m.group(2) in self.mapping))


def wait_for_ports(ports: list[int], proc: subprocess.Popen, timeout: float | None = None) -> None:
    timeout = READY_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with status {proc.returncode} before port {port} was ready")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s") from None
                time.sleep(0.02)  # a refused connection costs next to nothing; a page starts ~2 servers


@dataclass
class Shell:
    """Runs a page's commands in ``cwd``; remembers the servers it started."""

    cwd: Path
    logs: Path
    env: dict[str, str] = field(default_factory=go_env)
    servers: list[tuple[subprocess.Popen, str, Path]] = field(default_factory=list)

    def run(self, command: str, timeout: float = COMMAND_TIMEOUT) -> tuple[int, str]:
        proc = subprocess.Popen(
            [*BASH, command], cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc.pid)  # the whole group: a child may still hold the output pipe
            out, _ = proc.communicate()
            return -1, out.decode("utf-8", "replace") + f"\n[timed out after {timeout:.0f} s]"
        finally:
            kill_group(proc.pid)  # nothing a foreground command started outlives it
        return proc.returncode, out.decode("utf-8", "replace")

    def start(self, command: str, ports: list[int]) -> None:
        log = self.logs / f"server-{len(self.servers) + 1}.log"
        with open(log, "wb") as sink:
            proc = subprocess.Popen(
                [*BASH, command], cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
                stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.servers.append((proc, command, log))
        try:
            wait_for_ports(ports, proc)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n--- server output ---\n{log.read_text(errors='replace')[-4000:]}") from None

    def failed_server(self) -> tuple[int, str, str] | None:
        """A background server that has exited with an error: (index, status, its output), or None."""
        for index, (proc, _command, log) in enumerate(self.servers):
            if proc.poll() is not None and proc.returncode != 0:
                return index, str(proc.returncode), log.read_text(errors="replace")[-4000:]
        return None

    def stop_all(self) -> None:
        for proc, _command, _log in reversed(self.servers):
            stop_group(proc)
        self.servers.clear()
