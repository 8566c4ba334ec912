"""The English and Chinese page of every pair show byte-identical code blocks."""

import pytest

from tools.codeproof.pages import site_pages
from tools.codeproof.parity import first_difference

PAIRS = [p for p in site_pages() if "en" in p.paths and "zh" in p.paths]


@pytest.mark.parametrize("page", PAIRS, ids=[p.docname for p in PAIRS])
def test_code_blocks_identical(page):
    difference = first_difference(page.paths["en"], page.paths["zh"])
    assert difference is None, difference


def test_parity_names_both_paths_and_first_difference(tmp_path):
    en, zh = tmp_path / "page.md", tmp_path / "page.zh.md"
    en.write_text("# A\n\n```console\n$ echo one\none\n```\n\n```console\n$ echo two\ntwo\n```\n")
    zh.write_text("# 甲\n\n```console\n$ echo one\none\n```\n\n```console\n$ echo 2\n2\n```\n")
    message = first_difference(en, zh)
    assert message is not None
    assert f"{en}:8" in message and f"{zh}:8" in message
    assert "code block 2" in message and "$ echo 2" in message


def test_parity_counts_missing_blocks(tmp_path):
    en, zh = tmp_path / "page.md", tmp_path / "page.zh.md"
    en.write_text("# A\n\n```console\n$ echo one\none\n```\n")
    zh.write_text("# 甲\n")
    message = first_difference(en, zh)
    assert "has 1 code blocks" in message and "has 0" in message and f"{en}:3" in message
