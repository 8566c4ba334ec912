"""Which modules' tools the warm-up compiles as `go tool` builds them (``conftest.modules_running_go_tool``)."""

from __future__ import annotations

from tests.proof.conftest import _GO_TOOL


def test_go_tool_commands_are_told_from_go_install_tool():
    commands = "\n".join([
        "$ go tool kitex -module cookbook x.thrift",
        "$ go -C demos/lanes tool kitex -module lanes bookinfo.thrift",
        "$ cd hertz/gen && go tool hz new",
        '$ cd hertz/hz-codegen && GOBIN="$PWD/bin" go install tool && ls bin',
        "$ go run ./tools/otlp-receiver",
    ])
    found = [(m.group(1), m.group(2)) for m in _GO_TOOL.finditer(commands)]
    assert found == [(None, None), (None, "demos/lanes"), ("hertz/gen", None)]
