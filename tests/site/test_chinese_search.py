"""Chinese pages split into the words jieba's own ``cut_for_search`` gives.

``extensions/chinese_search.py`` loads only the groups of jieba's
word-frequency table whose first character the split text contains, and
splits with its own code on log-probabilities: both must change no word.
"""

from __future__ import annotations

import filecmp
import logging
import random
import sys

import pytest

from bench import corpus

from .conftest import ROOT, build, site_lines

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


# Texts that take each path of the splitting: known words, words inside longer
# words (the two- and three-character ones the search index adds), runs of
# characters jieba does not know (its hidden Markov model), Latin letters,
# digits and the symbols jieba keeps inside a block, spaces of every kind.
EDGE_CASES = [
    "",
    "中华人民共和国的首都是北京",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "韩冰冰和欧阳娜娜在鹦鹉螺号上喝了一杯冰镇酸梅汤",
    "Kitex 的 xDS 客户端支持 v0.3.0 版本，C++ 与 C# 不在此列。",
    "超时 3s，重试 2 次：--retry=2 与 -x 都可以；50% 的请求走 gRPC。",
    "行一\r\n行二\n\t制表\u3000全角空格 a\u00a0b",
    "。。。！？、——……“引号”‘单引号’（括号）",
    "𠀀𠀁 生僻字和 emoji 🙂 混在一起",
]


def test_the_splitter_splits_every_line_of_the_site_as_jieba_does(whole_and_table):
    whole, path = whole_and_table
    split = chinese_search.SearchSplitter(chinese_search.TableByFirstCharacter.load(path), jieba).split
    rng = random.Random(5)
    synthetic = [corpus._prose(rng, corpus.ZH_WORDS, True, 60) for _ in range(200)]
    # The splitter splits the Chinese pages only (English pages have their own stemmer); their
    # lines hold code, Latin words and tables as well as Chinese prose.
    lines = site_lines("*.zh.md") + synthetic + EDGE_CASES
    assert sum(len(line) for line in lines) > 100_000
    differ = [line for line in lines if list(whole.cut_for_search(line)) != split(line)]
    assert not differ, f"{len(differ)} lines split differently, e.g. {differ[:3]}"


def test_the_word_tree_holds_each_word_jieba_can_reach_with_its_score():
    import math

    # jieba's table holds every beginning of a word, with frequency 0 if it is no word.
    frequencies = {"北": 5, "北京": 7, "北京大": 0, "北京大学": 3, "东": 2, "西": 2, "南": 5, "南京路": 4, "": 9}
    tree = chinese_search.word_tree(frequencies, 1000)

    def score(frequency):
        return math.log(frequency) - math.log(1000)

    assert set(tree) == {"北", "东", "西", "南"}
    beijing = tree["北"][1]["京"]
    assert tree["北"][0] == score(5) and beijing[0] == score(7)
    assert math.isnan(beijing[1]["大"][0])  # a beginning only
    assert beijing[1]["大"][1] == {"学": (score(3), None)}
    assert tree["南"] == (score(5), None)  # 南京路 lacks its beginning 南京: jieba never reaches it
    assert tree["东"] is tree["西"]  # words with nothing below and equal scores share one entry


def test_one_page_loads_a_small_part_of_the_table(whole_and_table):
    whole, path = whole_and_table
    table = chinese_search.TableByFirstCharacter.load(path)
    splitter = chinese_search.SearchSplitter(table, jieba)
    splitter.split((ROOT / "docs/kitex/metainfo.zh.md").read_text(encoding="utf-8"))
    assert 0 < len(table.added) < len(table._index) / 10
    assert set(splitter.tree) <= table.added and len(splitter.tree) > 100


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


def test_blocks_split_before_give_the_same_words_and_memory_stays_bounded(whole_and_table, monkeypatch):
    whole, path = whole_and_table
    splitter = chinese_search.SearchSplitter(chinese_search.TableByFirstCharacter.load(path), jieba)
    text = "Kitex 的客户端，Kitex 的服务端；客户端与服务端都是 Kitex 的。"
    assert splitter.split(text) == list(whole.cut_for_search(text))
    assert {"Kitex", "的客户端", "的服务端", "客户端与服务端都是"} <= set(splitter.known_blocks)
    assert splitter.split(text) == list(whole.cut_for_search(text))  # now from the kept blocks
    monkeypatch.setattr(chinese_search, "KNOWN_BLOCKS_LIMIT", 3)
    for line in EDGE_CASES * 2:
        assert splitter.split(line) == list(whole.cut_for_search(line))
    assert 0 < len(splitter.known_blocks) <= 3


def test_groups_added_by_earlier_writers_change_no_split(whole_and_table, monkeypatch):
    from types import SimpleNamespace

    whole, path = whole_and_table
    lines = site_lines("*.zh.md")
    # A writer splits half the site and sends its characters back, as build_speed's writes do.
    writer = chinese_search.SearchSplitter(chinese_search.TableByFirstCharacter.load(path), jieba)
    sent_back = {}
    monkeypatch.setitem(sys.modules, "build_speed", SimpleNamespace(WRITER_CACHES=sent_back))
    chinese_search.share_with_later_writers(writer)
    for line in lines[::2]:
        writer.split(line)
    held, _ = sent_back.pop("chinese-groups")
    characters = held()
    assert set(characters) == writer.table.added and len(characters) > 500
    # The main process adds their groups; the writers it forks then split the rest.
    main = chinese_search.SearchSplitter(chinese_search.TableByFirstCharacter.load(path), jieba)
    chinese_search.share_with_later_writers(main)
    _, adopt = sent_back["chinese-groups"]
    adopt(characters)
    assert main.table.added == writer.table.added and not main.known_blocks
    for line in lines[1::2] + EDGE_CASES:
        assert main.split(line) == list(whole.cut_for_search(line)), line


def test_the_splitter_steps_aside_with_one_line_under_another_jieba(monkeypatch, caplog):
    from types import SimpleNamespace

    from sphinx.search import zh

    before = zh.cut_for_search
    monkeypatch.setattr(jieba, "__version__", "0.43.0", raising=False)
    app = SimpleNamespace(config=SimpleNamespace(site_build_caches=True, language="zh_CN"),
                          builder=SimpleNamespace(format="html"))
    chinese_search.install(app)
    assert zh.cut_for_search is before  # jieba's own split, as Sphinx calls it
    lines = [m for m in caplog.messages if "switched off" in m]  # the line on stderr: test_build_speed.py
    assert lines == ["WARNING: build_speed: shortcut 'chinese-split' switched off: written for jieba 0.42.1, "
                     "0.43.0 is installed"]
