"""Helpers of the demo tests: the programs they need, and Go builds of the demos' commands."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

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
    """Build one Go package of ``module`` into ``output``."""
    subprocess.run(
        [need("go", purpose), "build", "-o", str(output), package], cwd=module, check=True, timeout=BUILD_TIMEOUT
    )
    return output
