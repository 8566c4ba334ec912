"""The site's own Python (tools, extensions, tests, bench) passes ruff; its workflows pass actionlint."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_actionlint():
    """Every GitHub workflow passes actionlint, pinned in tools/go/go.mod (none of them can run here)."""
    go = shutil.which("go")
    if go is None:
        if os.environ.get("CI"):
            pytest.fail("CI must lint the workflows, but go is not on PATH", pytrace=False)
        pytest.skip("workflows not linted: go is not on PATH (the Go toolchain, https://go.dev/dl/)")
    workflows = sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.y*ml"))
    assert workflows, "no workflow found"
    # shellcheck and pyflakes are left out: what passes must not depend on what else is installed.
    result = subprocess.run([go, "tool", "actionlint", "-oneline", "-no-color", "-shellcheck=", "-pyflakes=",
                             *workflows], cwd=ROOT / "tools/go", capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
