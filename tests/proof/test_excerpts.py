"""Every excerpt of a program on a page shows whole constructs (``tools/codeproof/excerpts.py``)."""

from __future__ import annotations

import pytest

from tools.codeproof.accounting import include_target
from tools.codeproof.blocks import find_blocks
from tools.codeproof.excerpts import excerpt_problem
from tools.codeproof.pages import site_pages

EXCERPTS = [
    block
    for page in site_pages()
    for path in page.paths.values()
    for block in find_blocks(path)
    if block.kind == "literalinclude" and "lines" in block.options
]


@pytest.mark.parametrize("block", EXCERPTS, ids=[f"{b.path.name}:{b.line}" for b in EXCERPTS])
def test_excerpt_shows_whole_constructs(block):
    problem = excerpt_problem(block, include_target(block))
    assert problem is None, problem


PROGRAM = """package main

import "fmt"

func greet(name string) string {
\treturn fmt.Sprintf("hello {%s} // not a comment", name)
}

func main() {
\tfmt.Println(greet("ada"))
}
"""


def excerpt(tmp_path, lines: str):
    (tmp_path / "main.go").write_text(PROGRAM, encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(f"# P\n\n```{{literalinclude}} main.go\n:language: go\n:lines: {lines}\n```\n", encoding="utf-8")
    (block,) = find_blocks(page)
    return excerpt_problem(block, tmp_path / "main.go")


def test_whole_function_passes_even_with_brackets_in_strings(tmp_path):
    assert excerpt(tmp_path, "5-7") is None


def test_shifted_range_names_page_line_and_brackets(tmp_path):
    problem = excerpt(tmp_path, "6-7")  # the body and end of a function, as after a shift
    assert problem is not None
    assert f"{tmp_path / 'page.md'}:3" in problem and "{} -1" in problem


def test_range_past_the_end_or_on_a_blank_line(tmp_path):
    assert "the file has 11 lines" in excerpt(tmp_path, "9-14")
    assert "blank line" in excerpt(tmp_path, "4-7")
