"""``make demo-pprof`` and the checker the page's verdicts come from.

The checker (``cookbook/demos/pprof/check``) decides every claim of the page:
its Go tests build profiles with a known content (a hot function under runtime
preemption, an empty profile, too few samples, two different loads, scaled heap
samples) and check each verdict.  ``tools/demo_pprof.py`` runs the page's own
steps (``tools/walkthrough.py``, tested in ``test_walkthrough.py``); here it
runs a short stand-in page, to see that it keeps the call graph the page draws
under its work folder and says where.
"""

from __future__ import annotations

import subprocess

from tools import demo_pprof
from tools.codeproof.workspace import go_env

from .conftest import need

STAND_IN = """\
# Stand-in

```console
$ printf '<svg xmlns="http://www.w3.org/2000/svg"><text>isPrimeNaive</text></svg>' > cpu-naive.svg
$ printf 'profile' > cpu-naive.pprof
```
"""


def test_the_checker_verdicts():
    go = need("go", "test the pprof checker")
    result = subprocess.run([go, "test", "-count=1", "./demos/pprof/check"], cwd=demo_pprof.COOKBOOK,
                            capture_output=True, text=True, timeout=600, env=go_env())  # the proof's cache
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_keeps_the_call_graph_and_says_where(tmp_path, monkeypatch, capsys):
    page = tmp_path / "page.md"
    page.write_text(STAND_IN, encoding="utf-8")
    monkeypatch.setattr(demo_pprof, "PAGE", page)
    assert demo_pprof.main(["--workdir", str(tmp_path / "work")]) == 0
    out = capsys.readouterr().out
    graph = tmp_path / "work" / "cpu-naive.svg"
    assert "isPrimeNaive" in graph.read_text(encoding="utf-8")
    assert f"the call graph: {graph}" in out
    assert "cpu-naive.pprof" in out.splitlines()[-1]


def test_demo_stops_at_a_failing_step(tmp_path, monkeypatch, capsys):
    page = tmp_path / "page.md"
    page.write_text("```console\n$ exit 3\n$ echo never\n```\n", encoding="utf-8")
    monkeypatch.setattr(demo_pprof, "PAGE", page)
    assert demo_pprof.main(["--workdir", str(tmp_path / "work")]) == 1
    captured = capsys.readouterr()
    assert "page.md:2: exited with status 3" in captured.err
    assert "never" not in captured.out
