"""Chinese pages split into the same words with the part of jieba's table they use.

``extensions/chinese_search.py`` loads only the groups of jieba's
word-frequency table whose first character the split text contains.
"""

from __future__ import annotations

import filecmp
import logging
import sys

import pytest

from bench import corpus

from .conftest import ROOT, build

if str(ROOT / "extensions") not in sys.path:
    sys.path.insert(0, str(ROOT / "extensions"))

import chinese_search  # noqa: E402  (extensions/chinese_search.py)

jieba = chinese_search.import_jieba()
jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="module")
def whole_and_table(tmp_path_factory):
    """jieba with its whole table, and the table grouped by first character."""
    whole = jieba.Tokenizer()
    whole.initialize()
    path = tmp_path_factory.mktemp("jieba") / "table.cache"
    chinese_search.write_table(path, whole.FREQ, whole.total)
    return whole, path


def site_lines() -> list[str]:
    """Every line of the site's pages: Chinese prose, English prose, code, tables."""
    lines = []
    for folder in ("docs", "cookbook", "meetings", "demos", "contributing"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines


def test_the_grouped_table_splits_every_line_of_the_site_alike(whole_and_table):
    whole, path = whole_and_table
    split = chinese_search.TableByFirstCharacter.load(path).splitter(jieba.Tokenizer())
    lines = site_lines()
    assert sum(len(line) for line in lines) > 100_000
    differ = [line for line in lines if list(whole.cut_for_search(line)) != list(split(line))]
    assert not differ, f"{len(differ)} lines split differently, e.g. {differ[:3]}"


def test_one_page_loads_a_small_part_of_the_table(whole_and_table):
    _, path = whole_and_table
    table = chinese_search.TableByFirstCharacter.load(path)
    tokenizer = jieba.Tokenizer()
    split = table.splitter(tokenizer)
    list(split((ROOT / "docs/kitex/metainfo.zh.md").read_text(encoding="utf-8")))
    assert 0 < len(table.added) < len(table._index) / 10
    assert 0 < len(tokenizer.FREQ) < len(whole_and_table[0].FREQ) / 3


def test_a_one_page_rebuild_gives_the_search_index_of_a_clean_build(tmp_path):
    root = corpus.synthetic_site(tmp_path / "site", 30)
    builddir = tmp_path / "build"
    assert build(root, builddir, "--lang", "zh").returncode == 0  # writes the table if missing
    assert chinese_search.table_path(jieba).is_file()
    page = root / "docs/000/page-3.zh.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\n## ", "\n新增的句子，中间件处理请求。\n\n## ", 1),
                    encoding="utf-8")
    result = build(root, builddir, "--lang", "zh", "--", "-v", "-v")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[chinese_search] splitting with" in result.stdout
    clean = tmp_path / "clean"
    assert build(root, clean, "--lang", "zh").returncode == 0
    for name in ("searchindex.js", "docs/000/page-3.html"):
        assert filecmp.cmp(builddir / "html/zh" / name, clean / "html/zh" / name, shallow=False), name
