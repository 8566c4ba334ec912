"""Helpers of the demo tests: the programs they need, and Go builds of the demos' commands."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.codeproof.workspace import go_env

BUILD_TIMEOUT = 900


def need(program: str, purpose: str) -> str:
    """The path of ``program``; skip the test without it (CI fails instead)."""
    path = shutil.which(program)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must {purpose}, but {program} is not on PATH")
        pytest.skip(f"{program} is not on PATH")
    return path


def go_build(module: Path, package: str, output: Path, purpose: str) -> Path:
    """Build one Go package of ``module`` into ``output``.

    With ``-trimpath``, as the proof's pages build (``go_env``): the packages are then found
    in the build cache the proof filled, and only the program is linked here.
    """
    subprocess.run(
        [need("go", purpose), "build", "-o", str(output), package], cwd=module, check=True, timeout=BUILD_TIMEOUT,
        env=go_env(),
    )
    return output


def processes_running_from(folder: Path) -> list[int]:
    """PIDs of running programs whose executable lies in ``folder`` (zombies have none)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            exe = os.readlink(entry / "exe")
        except OSError:
            continue
        if exe.startswith(str(folder) + os.sep):
            found.append(int(entry.name))
    return found


def children_of(pid: int) -> dict[int, list[str]]:
    """The child processes of ``pid``: PID -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        # The fields after the command name, which is in parentheses and may hold spaces.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = [part.decode() for part in cmdline if part]
    return found
