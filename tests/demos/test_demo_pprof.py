"""``make demo-pprof`` and the checker it relies on.

The checker (``cookbook/demos/pprof/checktop``) decides the page's main
assertion, so it is tested on canned ``go tool pprof -top`` output; the demo
runs once end to end and must leave no process behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tools import demo_pprof

from .conftest import go_build

GO = shutil.which("go")

TOP = """\
File: pprof-demo
Type: cpu
Duration: 5s, Total samples = 2.44s (48.79%)
Showing nodes accounting for 2.43s, 99.59% of 2.44s total
      flat  flat%   sum%        cum   cum%
     2.41s 98.77% 98.77%      2.43s 99.59%  main.isPrimeNaive (inline)
     0.02s  0.82% 99.59%      0.02s  0.82%  runtime.asyncPreempt
         0     0% 99.59%      2.44s   100%  github.com/cloudwego/hertz/pkg/app.(*RequestContext).Next
         0     0% 99.59%      2.43s 99.59%  main.countPrimesSlow
"""
EMPTY = """\
File: pprof-demo
Type: cpu
Duration: 5s, Total samples = 0
Showing nodes accounting for 0, 0% of 0 total
      flat  flat%   sum%        cum   cum%
"""


@pytest.fixture(scope="module")
def checktop(tmp_path_factory):
    binary = tmp_path_factory.mktemp("checktop") / "checktop"
    return go_build(demo_pprof.COOKBOOK, "./demos/pprof/checktop", binary, "test the pprof checker")


def check(binary: Path, top: str, *args: str) -> tuple[int, str]:
    result = subprocess.run([str(binary), *args], input=top, capture_output=True, text=True, timeout=30)
    return result.returncode, (result.stdout + result.stderr).strip()


@pytest.mark.parametrize(
    ("top", "args", "status", "line"),
    [
        (TOP, ("-n", "3"), 0, "ok: main.isPrimeNaive is #1 of the top 3 (flat 98.77%)"),
        (TOP, ("-func", "main.countPrimesSlow", "-n", "3"), 1, "FAIL: main.countPrimesSlow is not in the top 3"),
        (TOP, ("-func", "main.countPrimesSlow", "-n", "4"), 0, "ok: main.countPrimesSlow is #4 of the top 4 (flat 0%)"),
        (TOP, ("-expect", "absent"), 1, "FAIL: main.isPrimeNaive is #1 of the top 3 (flat 98.77%)"),
        (EMPTY, ("-expect", "absent"), 0, "ok: main.isPrimeNaive is not in the top 3"),
        (EMPTY, ("-expect", "present"), 1, "FAIL: main.isPrimeNaive is not in the top 3"),
        ("", (), 2, "checktop: no -top table on standard input"),
        (TOP, ("-expect", "maybe"), 2, "checktop: -expect must be present or absent"),
    ],
)
def test_checktop_verdicts(checktop, top, args, status, line):
    assert check(checktop, top, *args) == (status, line)


def own_processes_under(folder: Path) -> list[int]:
    """PIDs of running programs whose executable lies in ``folder``."""
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


def test_demo_runs_passes_and_cleans_up(tmp_path, capsys):
    if GO is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the pprof demo, but go is not on PATH")
        pytest.skip("go is not on PATH")
    status = demo_pprof.main(["--keep", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "FAIL" not in out
    assert "PASS ok: main.isPrimeNaive is #1 of the top 3" in out
    assert "PASS ok: main.isPrimeNaive is not in the top 3" in out
    assert "GET /admin/pprof/ with no token -> 401 (want 401)" in out
    assert out.rstrip().endswith("all checks passed")
    assert own_processes_under(tmp_path) == []
