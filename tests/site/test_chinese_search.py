"""A rebuild of a few Chinese pages splits words as a build with jieba's whole table does.

``extensions/chinese_search.py`` lets such a rebuild load only the groups of
jieba's word-frequency table whose first character its pages contain.
"""

from __future__ import annotations

import filecmp
import logging
import sys
from pathlib import Path

import pytest

from bench import corpus

from .conftest import ROOT, build

if str(ROOT / "extensions") not in sys.path:
    sys.path.insert(0, str(ROOT / "extensions"))

import chinese_search  # noqa: E402  (extensions/chinese_search.py)

jieba = chinese_search.import_jieba()
jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="module")
def tokenizers(tmp_path_factory):
    """jieba with its whole table, and jieba with the table by first character."""
    whole = jieba.Tokenizer()
    whole.initialize()
    table = tmp_path_factory.mktemp("jieba") / "table.cache"
    chinese_search.write_table(table, whole.FREQ, whole.total)
    grouped = jieba.Tokenizer()
    grouped.FREQ, grouped.total = chinese_search.FrequenciesByFirstCharacter.load(table)
    grouped.initialized = True
    return whole, grouped


def site_lines() -> list[str]:
    """Every line of the site's pages: Chinese prose, English prose, code, tables."""
    lines = []
    for folder in ("docs", "cookbook", "meetings", "demos", "contributing"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines


def test_the_grouped_table_splits_every_line_of_the_site_alike(tokenizers):
    whole, grouped = tokenizers
    lines = site_lines()
    assert sum(len(line) for line in lines) > 100_000
    differ = [line for line in lines
              if list(whole.cut_for_search(line)) != list(grouped.cut_for_search(line))]
    assert not differ, f"{len(differ)} lines split differently, e.g. {differ[:3]}"
    for word in ("中间件", "服务端", "", "x", "\u4e00" * 3):  # lookups jieba makes, also misses
        assert (word in whole.FREQ) == (word in grouped.FREQ)
        assert whole.FREQ.get(word) == grouped.FREQ.get(word)


def test_one_page_loads_a_small_part_of_the_table(tokenizers):
    _, grouped = tokenizers
    fresh = chinese_search.FrequenciesByFirstCharacter(grouped.FREQ._data, grouped.FREQ._index,
                                                       grouped.FREQ._start)
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = fresh, grouped.total, True
    page = (ROOT / "docs/kitex/metainfo.zh.md").read_text(encoding="utf-8")
    list(tokenizer.cut_for_search(page))
    assert 0 < len(fresh._groups) < len(fresh._index) / 10


def test_a_one_page_rebuild_gives_the_search_index_of_a_clean_build(tmp_path):
    root = corpus.synthetic_site(tmp_path / "site", 30)
    builddir = tmp_path / "build"
    assert build(root, builddir, "--lang", "zh").returncode == 0  # writes the grouped table
    assert chinese_search.table_path(jieba).is_file()
    page = root / "docs/000/page-3.zh.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\n## ", "\n新增的句子，中间件处理请求。\n\n## ", 1),
                    encoding="utf-8")
    result = build(root, builddir, "--lang", "zh", "--", "-v", "-v")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pages split with the table by first character" in result.stdout
    clean = tmp_path / "clean"
    assert build(root, clean, "--lang", "zh").returncode == 0
    for name in ("searchindex.js", "docs/000/page-3.html"):
        assert filecmp.cmp(builddir / "html/zh" / name, clean / "html/zh" / name, shallow=False), name
