"""Processes the tools and tests start: free ports on 127.0.0.1 and stopping by process group.

Every server is started in a session of its own (``start_new_session=True``), so
that stopping its group also stops what it started (``go run`` starts the
program it built as a child).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess

STOP_TIMEOUT = 5.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kill_group(pgid: int) -> None:
    """SIGKILL whatever is left in a process group."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def stop_group(proc: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM the process's group, SIGKILL it after ``timeout`` seconds, then sweep leftovers."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc.pid)
            proc.wait(timeout=timeout)
    kill_group(proc.pid)
