"""The English and Chinese page of every pair show byte-identical code, as rendered (``parity.py``)."""

import pytest

from tools.codeproof.pages import site_pages
from tools.codeproof.parity import first_difference
from tools.codeproof.rendered import RenderedBlock

PAIRS = [p for p in site_pages() if "en" in p.paths and "zh" in p.paths]


@pytest.mark.parametrize("page", PAIRS, ids=[p.docname for p in PAIRS])
def test_code_blocks_identical(page, rendered):
    difference = first_difference(rendered.blocks("en", page.docname) or [], rendered.blocks("zh", page.docname) or [])
    assert difference is None, difference


def block(source, line, text, not_run=None, node="literal_block", language="console"):
    return RenderedBlock(source, line, node, language, text, not_run)


def test_parity_names_both_places_and_first_difference():
    en = [block("a.md", 3, "$ echo one\none\n"), block("a.md", 8, "$ echo two\ntwo\n")]
    zh = [block("a.zh.md", 3, "$ echo one\none\n"), block("a.zh.md", 9, "$ echo 2\n2\n")]
    message = first_difference(en, zh)
    assert "code block 2 differs between a.md:8 and a.zh.md:9" in message and "$ echo 2" in message


def test_parity_counts_missing_blocks_of_any_kind():
    en = [block("a.md", 3, "x"), block("a.md", 9, "<pre>y</pre>", node="raw", language="html")]
    zh = [block("a.zh.md", 3, "x")]
    message = first_difference(en, zh)
    assert "a.md shows 2 code blocks and a.zh.md shows 1" in message and "a.md:9 [raw HTML <pre>]" in message


def test_reasons_are_prose_but_marking_must_agree():
    en = [block("a.md", 3, "x", not_run="needs a Kubernetes cluster")]
    assert first_difference(en, [block("a.zh.md", 3, "x", not_run="需要 Kubernetes 集群")]) is None
    assert "not run" in first_difference(en, [block("a.zh.md", 3, "x")])
