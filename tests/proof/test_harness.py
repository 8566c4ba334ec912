"""The proof machinery itself: block finding, console sessions, failure reports, cleanup."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from tools.codeproof.blocks import find_blocks
from tools.codeproof.console import Rule, compare, parse_session
from tools.codeproof.pages import BlockFailure, classify, missing_tools, run_page, tools_called
from tools.codeproof.workspace import Ports, Shell


def no_python(block, ports):
    raise AssertionError("no Python block expected")


def page(tmp_path, text, name="page.md"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_blocks_found_in_nested_directives_with_lines(tmp_path):
    path = page(tmp_path, """\
        # T

        ::::{tab-set}
        :::{tab-item} One
        :sync: one

        ```console
        $ echo hi
        hi
        ```
        :::
        ::::

        ```{literalinclude} hello/main.go
        :language: go
        :lines: 3-9
        ```

        ```yaml not-runnable="needs a cluster"
        a: 1
        ```

            indented code
        """)
    blocks = find_blocks(path)
    assert [(b.line, classify(b)) for b in blocks] == [
        (7, "console"), (14, "include"), (19, "marked"), (23, "unaccounted"),
    ]
    assert blocks[1].include == "hello/main.go" and blocks[1].options["lines"] == "3-9"
    assert blocks[2].marked_reason == "needs a cluster"


def test_empty_reason_does_not_mark_a_block(tmp_path):
    path = page(tmp_path, '```yaml not-runnable=""\na: 1\n```\n')
    assert classify(find_blocks(path)[0]) == "unaccounted"


def test_session_parsing_and_comparison():
    steps = parse_session("$ echo a \\\n  b\na b\n$ true\n", first_line=10)
    assert [(s.command, s.expected, s.line) for s in steps] == [("echo a \\\n  b", ["a b"], 10), ("true", [], 13)]
    assert compare(["a", "...", "z"], "a\nb\nc\nz\n", []) is None
    assert compare(["a", "..."], "a\n", []) is None
    rules = [Rule.make(r"\d+ms", "<d>", "page.md:3: proof.normalize[0]")]
    assert compare(["took 3ms"], "took 17ms\n", rules) is None
    diff = compare(["one"], "two\n", [])
    assert "-one" in diff and "+two" in diff


def test_failing_block_reports_page_line_command_and_diff(tmp_path):
    path = page(tmp_path, """\
        # T

        ```console
        $ echo hello
        goodbye
        ```
        """)
    with pytest.raises(BlockFailure) as failure:
        run_page(path, tmp_path, tmp_path / "logs", no_python)
    message = str(failure.value)
    assert f"{path}:4: $ echo hello" in message
    assert "-goodbye" in message and "+hello" in message


def test_non_zero_exit_fails(tmp_path):
    path = page(tmp_path, "```console\n$ echo out; exit 3\nout\n```\n")
    with pytest.raises(BlockFailure, match="exited with status 3"):
        run_page(path, tmp_path, tmp_path / "logs", no_python)


SERVER = (
    "import http.server, sys\n"
    "host, port = sys.argv[1].rsplit(':', 1)\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def do_GET(self):\n"
    "        body = f'served on {port}'.encode()\n"
    "        self.send_response(200); self.end_headers(); self.wfile.write(body)\n"
    "    def log_message(self, *a): pass\n"
    "http.server.HTTPServer((host, int(port)), H).serve_forever()\n"
)


def test_background_server_gets_a_free_port_and_is_stopped(tmp_path):
    (tmp_path / "server.py").write_text(SERVER)
    path = page(tmp_path, f"""\
        ```console
        $ {sys.executable} server.py 127.0.0.1:8888 &
        $ {sys.executable} -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:8888/').read().decode())"
        served on 8888
        ```
        """)
    result = run_page(path, tmp_path, tmp_path / "logs", no_python)
    assert result.status == ["executed"]
    # The server is gone: nothing answers on the port it really used.
    leftovers = subprocess.run(["pgrep", "-f", f"{tmp_path}/server.py|server.py 127.0.0.1"],
                               capture_output=True, text=True)
    assert leftovers.stdout.strip() == ""


def test_server_that_never_listens_fails_with_its_output(tmp_path, monkeypatch):
    monkeypatch.setattr("tools.codeproof.workspace.READY_TIMEOUT", 2.0)
    path = page(tmp_path, "```console\n$ echo starting; sleep 30 # 127.0.0.1:8888 &\n```\n")
    with pytest.raises(BlockFailure) as failure:
        run_page(path, tmp_path, tmp_path / "logs", no_python)
    assert "did not start" in str(failure.value)


def test_ports_map_both_ways():
    ports = Ports()
    command = ports.to_run("curl 127.0.0.1:8888/a 127.0.0.1:8889/b 127.0.0.1:8888/c")
    real = ports.mapping["8888"]
    assert command.count(f"127.0.0.1:{real}") == 2 and "8888" not in command
    assert ports.to_page(f"listening on 127.0.0.1:{real}") == "listening on 127.0.0.1:8888"


def test_port_flags_are_mapped_like_addresses():
    ports = Ports()
    command = ports.to_run("redis-server --port 6379 --save '' & redis-cli -u redis://127.0.0.1:6379 ping")
    real = ports.mapping["6379"]
    assert f"--port {real}" in command and f"127.0.0.1:{real}" in command and "6379" not in command
    assert ports.real_ports("redis-server --bind 127.0.0.1 --port=6379") == [int(real)]
    assert "--ports 6379" == ports.to_run("--ports 6379")  # another flag: left alone


def test_pages_name_the_programs_they_miss(tmp_path):
    path = page(tmp_path, """\
        ```console
        $ redis-server --port 6379 &
        $ cd x && go run . | grep -c ok
        ```
        """)
    blocks = find_blocks(path)
    assert tools_called(blocks) == ["go", "redis-server"]
    missing = missing_tools(blocks, which={"go": "/usr/bin/go"}.get)
    assert missing == ["redis-server: install Debian package redis-server"]


def test_a_page_running_protoc_names_its_packages(tmp_path):
    # hz runs protoc for Protobuf IDLs; a page that needs it says so with `protoc --version`.
    path = page(tmp_path, """\
        ```console
        $ protoc --version
        $ cd p && PATH="$PWD/../bin:$PATH" hz new -idl ../idl/greeter.proto
        ```
        """)
    missing = missing_tools(find_blocks(path), which={"go": "/usr/bin/go"}.get)
    assert missing == ["protoc: install Debian packages protobuf-compiler and libprotobuf-dev"]


def test_foreground_leftovers_are_killed(tmp_path):
    shell = Shell(cwd=tmp_path, logs=tmp_path)
    status, _ = shell.run(f"sleep 300 >/dev/null 2>&1 & echo $! > {tmp_path}/pid")
    assert status == 0
    pid = int((tmp_path / "pid").read_text())
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("a process started by a foreground command outlived it")


def test_command_holding_output_open_times_out_within_bound(tmp_path):
    shell = Shell(cwd=tmp_path, logs=tmp_path)
    started = time.monotonic()
    status, output = shell.run("sleep 300 & echo started", timeout=1)
    assert status == -1 and "timed out" in output
    assert time.monotonic() - started < 10


# --------------------------------------------------------------------------- exit codes and servers


def failure(path, tmp_path) -> str:
    """The message with which running the page fails."""
    with pytest.raises(BlockFailure) as failed:
        run_page(path, tmp_path, tmp_path / "logs", no_python)
    assert failed.value.__cause__ is None and failed.value.__suppress_context__  # reported once, not chained
    return str(failed.value)


def test_a_failure_before_a_pipe_fails_the_step(tmp_path):
    path = page(tmp_path, "# T\n\n```console\n$ false | cat\n```\n")
    message = failure(path, tmp_path)
    assert f"{path}:4: $ false | cat" in message and "exited with status 1" in message


def test_a_background_step_shows_no_output(tmp_path):
    (tmp_path / "server.py").write_text(SERVER)
    path = page(tmp_path, f"# T\n\n```console\n$ {sys.executable} server.py 127.0.0.1:8888 &\nlistening\n```\n")
    message = failure(path, tmp_path)
    assert f"{path}:4: $ " in message and "shows output lines, which nothing checks" in message


def test_a_background_step_names_its_port(tmp_path):
    path = page(tmp_path, "# T\n\n```console\n$ sleep 30 &\n```\n")
    message = failure(path, tmp_path)
    assert f"{path}:4: $ sleep 30 &" in message and "must name the 127.0.0.1:PORT" in message


def test_a_background_step_that_exits_with_an_error_fails_the_page(tmp_path):
    # The server answers, then dies with status 4 while the page goes on.
    (tmp_path / "server.py").write_text(SERVER.replace(
        "http.server.HTTPServer((host, int(port)), H).serve_forever()",
        "import threading, os\nthreading.Timer(0.5, lambda: os._exit(4)).start()\n"
        "http.server.HTTPServer((host, int(port)), H).serve_forever()"))
    path = page(tmp_path, f"""\
        # T

        ```console
        $ {sys.executable} server.py 127.0.0.1:8888 &
        $ sleep 1
        ```
        """)
    message = failure(path, tmp_path)
    assert f"{path}:4: $ {sys.executable} server.py" in message and "exited with status 4" in message


# --------------------------------------------------------------------------- normalisation rules


def normalising(tmp_path, pattern: str, output: str = "took 12ms"):
    return page(tmp_path, f"""\
        ---
        proof:
          normalize:
            - pattern: '{pattern}'
              replace: '<x>'
        ---
        # T

        ```console
        $ echo '{output}'
        {output}
        ```
        """)


@pytest.mark.parametrize(("pattern", "complaint"), [
    ("(?s)took.*", "uses (?s)"),
    ("\\d*", "matches the empty string"),
    ("(?=ms)", "matched the empty string"),
])
def test_rules_that_could_hide_output_are_refused(tmp_path, pattern, complaint):
    path = normalising(tmp_path, pattern)
    message = failure(path, tmp_path)
    assert f"{path}:4: proof.normalize[0]" in message and complaint in message


@pytest.mark.parametrize("pattern", [".+", "took \\d+ms", "^\\S.*$"])
def test_a_rule_may_not_take_a_whole_line(tmp_path, pattern):
    path = normalising(tmp_path, pattern)
    message = failure(path, tmp_path)
    assert f"{path}:10: $ echo 'took 12ms'" in message
    assert f"{path}:4: proof.normalize[0]" in message and "takes the whole line 'took 12ms'" in message


def test_a_bounded_rule_blurs_a_value(tmp_path):
    path = normalising(tmp_path, "\\d+ms")
    assert run_page(path, tmp_path, tmp_path / "logs", no_python).status == ["executed"]


def test_reasons_are_a_few_words():
    from tools.codeproof.blocks import reason_problem

    for reason in ("needs a Kubernetes cluster", "需要 Kubernetes 集群", "页面源码的示例", "an example of page source"):
        assert reason_problem(reason) is None, reason
    for reason in ("todo", "n/a", "cluster needed", "需要集群", "x y"):
        assert "too short" in reason_problem(reason), reason


def test_a_print_diff_names_the_page_line_of_the_wrong_output():
    from tools.codeproof.console import first_changed_line

    diff = "Print output changed code:\n  --- before\n  +++ after\n  @@ -12,3 +12,3 @@\n   x = 1\n   print(x)\n  -#> 2\n  +#> 1"
    assert first_changed_line(diff) == 14
