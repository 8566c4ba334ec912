"""Which pages `make proof PAGE=…` and `make test-changed` prove (``tools/proof_pages.py``)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tools import proof_pages
from tools.proof_pages import ROOT, Refused, affected_pages, docname_for

GO = shutil.which("go")


@pytest.mark.parametrize("given", ["cookbook/hertz/routing", "cookbook/hertz/routing.md",
                                   "cookbook/hertz/routing.zh.md", "./cookbook/hertz/routing"])
def test_a_page_is_named_by_its_docname_or_either_file(given):
    assert docname_for(given) == "cookbook/hertz/routing"


def test_an_unknown_page_is_refused_with_what_was_meant():
    with pytest.raises(Refused, match=r"PAGE='routing': no page of the site has that name; "
                                      r"did you mean cookbook/hertz/routing or docs/hertz/routing\?"):
        docname_for("routing")


def test_the_page_command_refuses_in_one_line(capsys):
    assert proof_pages.main(["page", "cookbook/hertz/nowhere"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("proof: error: PAGE='cookbook/hertz/nowhere'") and err.count("\n") == 1


def test_commands_name_folders_and_files_of_the_module():
    assert proof_pages._mentions("go run ./hertz/cors -addr 127.0.0.1:8888 &") == {"hertz/cors"}
    assert proof_pages._mentions("go tool kitex -module cookbook -gen-path kitex/gen kitex/idl/echo.thrift") == \
        {"kitex/gen", "kitex/idl/echo.thrift"}
    assert proof_pages._mentions("cd a/b && go tool kitex ../../kitex/idl/echo.thrift") == {"a/b", "kitex/idl/echo.thrift"}
    assert proof_pages._mentions("go vet ./...") == {""}
    assert proof_pages._mentions("curl -s -H 'Accept: application/json' http://127.0.0.1:8888/x") == set()


def test_a_changed_page_in_either_language_or_an_included_file_selects_the_page():
    assert affected_pages(["docs/hertz/routing.zh.md"]) == ["docs/hertz/routing"]
    assert affected_pages(["cookbook/hertz/cors/main.go"]) == ["cookbook/hertz/cors"]
    assert affected_pages(["tools/build.py", "README.md"]) == []


@pytest.mark.skipif(GO is None, reason="the Go toolchain is not installed here (CI has it)")
def test_a_changed_package_selects_the_pages_of_the_packages_that_import_it():
    pages = affected_pages(["cookbook/internal/startup/startup.go"])
    # startup is imported by programs, not shown or run by name: the pages that run those programs.
    assert "cookbook/hertz/rate-limit" in pages and "cookbook/kitex/graceful-shutdown" in pages
    assert "cookbook/hertz/routing" not in pages
    everything = affected_pages(["cookbook/go.sum"])
    assert set(pages) < set(everything) and "cookbook/hertz/routing" in everything
    assert "docs/community/how-it-works" not in everything  # it calls no go
    assert affected_pages(["cookbook/docs/kitex/xds/go.mod"]) == ["docs/kitex/xds"]  # a module of its own


def test_an_unknown_page_given_to_pytest_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
                             "tests/proof/test_parity.py", "--proof-pages=cookbook/hertz/nowhere"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 4
    assert "--proof-pages: cookbook/hertz/nowhere: no such page of the site" in result.stderr


def test_the_option_keeps_the_proof_of_the_pages_given_and_every_other_test():
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
                             "tests/proof/test_parity.py", "--proof-pages=cookbook/hertz/routing,docs/hertz/routing"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    selected = [line for line in result.stdout.splitlines() if "::" in line]
    pages = [line for line in selected if "[" in line]
    assert pages == ["tests/proof/test_parity.py::test_code_blocks_identical[cookbook/hertz/routing]",
                     "tests/proof/test_parity.py::test_code_blocks_identical[docs/hertz/routing]"]
    assert len(selected) - len(pages) == 3  # the parity's own tests stay
