"""``tools/walkthrough.py``: a reader's run of a page's console steps (``make demo-pprof``, ``make demo-lanes``)."""

from __future__ import annotations

import os
import socket

import pytest

from tools import demo_lanes, demo_pprof, walkthrough

# A server that takes its address as 127.0.0.1:PORT, as the pages write it.
SERVER = ("python3 -c \"import http.server as h, sys; a = sys.argv[1].split(':'); "
          "h.HTTPServer((a[0], int(a[1])), h.SimpleHTTPRequestHandler).serve_forever()\" 127.0.0.1:8765 &")
FETCH = "python3 -c \"import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8765/').status)\""
PAGE = f"""\
# A page

```console
$ {SERVER}
$ {FETCH}
200
$ echo made here > made.txt && ls go.mod made.txt
```

```console not-runnable="needs a Kubernetes cluster"
$ kubectl get pods
```

```console
$ false
$ echo never
```
"""


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_runs_every_step_in_a_copy_of_the_cookbook_and_stops_at_the_first_error(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    said: list[str] = []
    ports = {}

    def say(text: str) -> None:
        said.append(text)

    real_run = walkthrough.Shell.run

    def spy(shell, command, timeout=walkthrough.STEP_TIMEOUT):
        if "urlopen" in command:
            ports["served"] = int(command.split("127.0.0.1:")[1].split("/")[0])
        return real_run(shell, command, timeout)

    walkthrough.Shell.run = spy
    try:
        with pytest.raises(walkthrough.StepFailed, match=r"page\.md:15: exited with status 1"):
            walkthrough.run(page, tmp_path / "work", say)
    finally:
        walkthrough.Shell.run = real_run
    # The page's port is shown as written, though a free one was used.
    assert said[:6] == [
        f"\n$ {SERVER}",
        f"\n$ {FETCH}",
        "200",
        "\n$ echo made here > made.txt && ls go.mod made.txt",
        "go.mod\nmade.txt",
        "\n(not run here, needs a Kubernetes cluster: $ kubectl get pods …)",
    ]
    assert said[6:] == ["\n$ false"], "a step after the failing one ran"
    assert (tmp_path / "work" / "cookbook" / "made.txt").read_text() == "made here\n"
    assert not (walkthrough.ROOT / "cookbook" / "made.txt").exists()
    assert ports["served"] != 8765 and not listening(ports["served"]), "the background server was not stopped"


def test_the_demos_run_their_own_pages():
    assert demo_pprof.PAGE == walkthrough.ROOT / "demos" / "pprof.md"
    assert demo_lanes.PAGE == walkthrough.ROOT / "demos" / "traffic-lanes.md"


def test_demo_lanes_draws_a_trace_file(tmp_path):
    picture = demo_lanes.draw(demo_lanes.PAGE_TRACE, tmp_path / "waterfall.svg")
    text = picture.read_text(encoding="utf-8")
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'font-family="sans-serif"' in text


def test_steps_run_with_the_proofs_go_flags_or_the_ones_given(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('# A page\n\n```console\n$ echo "flags: $GOFLAGS"\n```\n', encoding="utf-8")
    said: list[str] = []
    walkthrough.run(page, tmp_path / "proof", said.append)
    assert "-trimpath" in said[1].split()
    said.clear()
    walkthrough.run(page, tmp_path / "reader", said.append, env=dict(os.environ, GOFLAGS="-mod=mod"))
    assert said[1] == "flags: -mod=mod"


def test_demo_lanes_runs_the_page_with_go_s_own_flags(tmp_path, monkeypatch):
    # go tool kitex, the page's first step, builds without -trimpath whatever GOFLAGS says; the
    # builds after it reuse what it compiled only if they build without it too.
    monkeypatch.setenv("GOFLAGS", "-buildvcs=false")
    given = {}

    def run(page, workdir, say=print, env=None):
        given["env"] = env
        raise walkthrough.StepFailed("stopped here")

    monkeypatch.setattr(walkthrough, "run", run)
    assert demo_lanes.main(["--workdir", str(tmp_path)]) == 1
    assert given["env"] is not None and given["env"]["GOFLAGS"] == "-buildvcs=false"
