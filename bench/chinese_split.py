"""The site's Chinese splitter (``extensions/chinese_search.py``) against rjieba, the jieba-rs binding.

    .venv/bin/pip install rjieba==0.2.2      # not a requirement of the site: only this comparison uses it
    python -m bench.chinese_split [--size 1000]

On every line of the site's Chinese pages and of a synthetic corpus (``bench/corpus.py``):
how many lines each splits into other words, and what the search index would hold
(the terms Sphinx's Chinese search makes of each page's words, ``sphinx.search.zh``);
for some queries, the pages each index finds; and the time each takes to split the
synthetic corpus in one process, with what each loads before its first split.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus

ROOT = corpus.ROOT
QUERIES = ("中间件", "负载均衡", "服务发现", "优雅退出", "熔断", "重试", "超时", "链路追踪", "代码生成", "注册中心",
           "Kitex", "Hertz", "v0.10.6", "go", "客户端", "服务端", "配置", "示例")


def site_pages() -> dict[str, list[str]]:
    skip = {".venv", "_build", "node_modules", ".git", "tests"}
    pages = {}
    for path in sorted(ROOT.rglob("*.zh.md")):
        if skip.isdisjoint(path.relative_to(ROOT).parts):
            pages[str(path.relative_to(ROOT))] = [line for line in path.read_text(encoding="utf-8").splitlines()
                                                  if line.strip()]
    return pages


def corpus_pages(size: int, folder: Path) -> dict[str, list[str]]:
    corpus.pages(folder, size)
    return {str(p.relative_to(folder)): [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
            for p in sorted(folder.rglob("*.zh.md"))}


def site_splitter():
    sys.path.insert(0, str(ROOT / "extensions"))
    import chinese_search

    jieba = chinese_search.import_jieba()
    path = chinese_search.table_path(jieba)
    if not path.is_file():
        jieba.dt.initialize()
        chinese_search.write_table(path, jieba.dt.FREQ, jieba.dt.total)
    started = time.monotonic()
    splitter = chinese_search.SearchSplitter(chinese_search.TableByFirstCharacter.load(path), jieba)
    return splitter.split, time.monotonic() - started


def rjieba_splitter():
    started = time.monotonic()
    import rjieba

    rjieba.cut_for_search("预热")  # loads its dictionary
    return (lambda text: rjieba.cut_for_search(text, True)), time.monotonic() - started


def index_terms(split, lines: list[str]) -> set[str]:
    """The terms Sphinx's Chinese search indexes for these lines, with ``split`` as jieba's cut_for_search."""
    from sphinx.search import zh

    saved = zh.cut_for_search
    zh.cut_for_search = split
    try:
        language = zh.SearchChinese({"dict": ""})  # as the site sets it: no second load of the dictionary
        return {language.stem(word) for line in lines for word in language.split(line) if language.word_filter(word)}
    finally:
        zh.cut_for_search = saved


def compare(name: str, pages: dict[str, list[str]], ours, theirs) -> list[str]:
    lines = [line for text in pages.values() for line in text]
    differing = [line for line in lines if list(ours(line)) != list(theirs(line))]
    ours_index = {page: index_terms(ours, text) for page, text in pages.items()}
    theirs_index = {page: index_terms(theirs, text) for page, text in pages.items()}
    pages_differing = [page for page in pages if ours_index[page] != theirs_index[page]]
    only_ours = set().union(*ours_index.values()) - set().union(*theirs_index.values())
    only_theirs = set().union(*theirs_index.values()) - set().union(*ours_index.values())
    report = [f"{name}: {len(pages)} pages, {len(lines)} lines; split differently: {len(differing)} lines; "
              f"index terms differ on {len(pages_differing)} pages; terms only in the site's index: {len(only_ours)}, "
              f"only in rjieba's: {len(only_theirs)}"]
    report += [f"  e.g. {line[:70]!r}: {list(ours(line))[:12]} / {list(theirs(line))[:12]}" for line in differing[:3]]
    report.append(f"  only site: {sorted(only_ours)[:15]}; only rjieba: {sorted(only_theirs)[:15]}")
    for query in QUERIES:
        term = query.lower()
        found = ({p for p, terms in ours_index.items() if term in terms},
                 {p for p, terms in theirs_index.items() if term in terms})
        if found[0] != found[1]:
            report.append(f"  query {query!r}: site finds {len(found[0])} pages, rjieba {len(found[1])}")
    return report


def timed(split, lines: list[str]) -> float:
    started = time.monotonic()
    for line in lines:
        split(line)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chinese_split", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="synthetic pages (default 1000)")
    args = parser.parse_args(argv)
    try:
        theirs, their_load = rjieba_splitter()
    except ImportError:
        print("rjieba is not installed: .venv/bin/pip install rjieba==0.2.2")
        return 1
    ours, our_load = site_splitter()
    with tempfile.TemporaryDirectory(prefix="bench-split-") as tmp:
        synthetic = corpus_pages(args.size, Path(tmp))
    for line in compare("site", site_pages(), ours, theirs):
        print(line)
    # Timed on fresh splitters: the site's keeps the words of blocks it split before.
    ours, our_load = site_splitter()
    lines = [line for text in synthetic.values() for line in text]
    our_time = timed(ours, lines)
    their_time = timed(theirs, lines)
    for line in compare(f"synthetic ({args.size} pages)", synthetic, ours, theirs):
        print(line)
    print(f"time to split the synthetic corpus ({sum(map(len, lines)):,} characters, {len(lines):,} lines): "
          f"site {our_time:.2f} s (+ {our_load:.2f} s to open its table), rjieba {their_time:.2f} s "
          f"(+ {their_load:.2f} s to import it and load its dictionary)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
