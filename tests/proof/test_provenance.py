"""What a page's commands compiled and read (``tools/codeproof/provenance.py``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tools.codeproof.provenance import Provenance, go_compile, invocations

GO = shutil.which("go")


def test_commands_are_split_and_cd_followed():
    (first, second, third) = invocations("cd demos/x && CGO_ENABLED=0 go build -o bin/x . 2>&1 | tee log; ls")
    assert (first.cwd, first.env, first.argv) == ("demos/x", {"CGO_ENABLED": "0"}, ["go", "build", "-o", "bin/x", "."])
    assert second.argv == ["tee", "log"] and third.argv == ["ls"]


@pytest.mark.parametrize(("command", "cwd", "packages", "tests", "tags"), [
    ("go run ./hertz/binding -addr 127.0.0.1:8888", ".", ["./hertz/binding"], False, ""),
    ("go -C demos/lanes build -o bin/lanes cookbook/demos/lanes", "demos/lanes", ["cookbook/demos/lanes"], False, ""),
    ("go test -tags integration ./a/... -run TestX -v", ".", ["./a/..."], True, "integration"),
    ("go run main.go util.go data.yaml", ".", ["main.go", "util.go"], False, ""),
    ("go vet", ".", ["."], True, ""),
])
def test_go_commands_name_what_they_compile(command, cwd, packages, tests, tags):
    (inv,) = invocations(command)
    compile_ = go_compile(inv)
    assert (compile_.cwd, compile_.packages, compile_.tests, compile_.tags) == (cwd, packages, tests, tags)


@pytest.mark.parametrize("command", ["go doc ./x", "go list ./x", "go tool pprof -top x", "cat x/main.go", "ls x"])
def test_other_commands_compile_nothing(command):
    assert all(go_compile(inv) is None for inv in invocations(command))


def module(tmp_path: Path) -> Path:
    files = {
        "go.mod": "module example\n\ngo 1.26\n",
        "app/main.go": "package main\n\nimport (\n\t_ \"embed\"\n\n\t\"example/lib\"\n)\n\n"
                       "//go:embed banner.txt\nvar banner string\n\nfunc main() { println(banner, lib.Name) }\n",
        "lib/lib.go": "package lib\n\nconst Name = \"lib\"\n",
        "lib/lib_test.go": "package lib\n\nimport \"testing\"\n\nfunc TestLib(t *testing.T) {}\n",
        "app/banner.txt": "hi\n",
        "app/ignored.go": "//go:build ignore\n\npackage main\n",
        "app/main_test.go": "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
        "app/data.yaml": "a: 1\n",
        "idl/echo.thrift": "service Echo {}\n",
        "_hidden/main.go": "package main\n\nfunc main() {}\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.skipif(GO is None, reason="the Go toolchain is not installed here (CI has it)")
def test_only_files_the_toolchain_compiled_are_proven(tmp_path):
    work = module(tmp_path)
    seen = Provenance()
    seen.note("go run ./app app/data.yaml", work)
    seen.note("cat app/ignored.go idl/echo.thrift && ls _hidden && go doc ./app", work)
    # The package it runs and the module's packages it imports (not their tests).
    assert seen.compiled(work, dict(os.environ)) == {"app/main.go", "app/banner.txt", "lib/lib.go"}
    assert seen.consumed == {"app/data.yaml"}
    seen.note("go test ./app", work)
    assert "app/main_test.go" in seen.compiled(work, dict(os.environ))


def test_generators_consume_the_files_they_are_given(tmp_path):
    work = module(tmp_path)
    seen = Provenance()
    seen.note("mkdir -p out && cd out && go tool kitex -module example -service echo ../idl/echo.thrift", work)
    seen.note("go tool hz new -idl idl/*.thrift", work)
    assert seen.consumed == {"idl/echo.thrift"}
    assert not seen.compiles


def test_imported_idl_files_and_patches_on_standard_input_are_consumed(tmp_path):
    work = module(tmp_path)
    (work / "idl" / "api.proto").write_text('syntax = "proto3";\n', encoding="utf-8")
    (work / "idl" / "v1").mkdir()
    (work / "idl" / "v1" / "greeter.proto").write_text('syntax = "proto3";\nimport "api.proto";\n', encoding="utf-8")
    (work / "edit.patch").write_text("--- a/x\n+++ b/x\n", encoding="utf-8")
    (work / "unused.patch").write_text("", encoding="utf-8")
    seen = Provenance()
    seen.note("cd app && hz new -I ../idl -idl ../idl/v1/greeter.proto", work)
    assert seen.consumed == {"idl/v1/greeter.proto", "idl/api.proto"}
    seen.note("cd app && patch -p1 < ../edit.patch && cat < ../unused.patch", work)
    assert seen.consumed == {"idl/v1/greeter.proto", "idl/api.proto", "edit.patch"}
    # Without the folder that holds it, the import is not found and proves nothing.
    alone = Provenance()
    alone.note("hz new -idl idl/v1/greeter.proto", work)
    assert alone.consumed == {"idl/v1/greeter.proto"}


def test_a_program_the_page_built_consumes_its_arguments(tmp_path):
    work = module(tmp_path)
    seen = Provenance()
    seen.note("bin/tool app/data.yaml", work)  # not built by the page: proves nothing
    assert seen.consumed == set()
    seen.note("go -C app build -o ../bin/tool . && cd app && ../bin/tool data.yaml", work)
    assert seen.consumed == {"app/data.yaml"}
