"""Search in the browser, in both languages: real queries find their page among the first three.

Chinese queries are split into the words of the index, so a phrase typed without spaces finds
what the same words with spaces find, and Latin words mixed in (Kitex 重试, Kitex重试) work.
Each result says where its page lives and shows the text around the words searched for.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import docname_of, goto, wait_until

TOP = 3
CASES = [
    ("en", "middleware", "cookbook/hertz/middleware"),
    ("en", "graceful shutdown", "cookbook/hertz/graceful-shutdown"),
    ("en", "routing", "cookbook/hertz/routing"),
    ("en", "retry", "cookbook/kitex/retry-fallback"),
    ("en", "timeout", "cookbook/kitex/client-middleware-timeouts"),
    ("en", "business error", "cookbook/kitex/biz-status-error"),
    ("en", "server-sent events", "cookbook/hertz/streaming"),
    ("en", "traffic lanes", "demos/traffic-lanes"),
    ("en", "service discovery", "docs/hertz/service-discovery"),
    ("en", "load balancing", "docs/kitex/client-options"),
    ("en", "python client", "cookbook/kitex/python-thriftpy2-client"),
    ("zh", "中间件", "cookbook/hertz/middleware"),
    ("zh", "泳道", "demos/traffic-lanes"),
    ("zh", "路由", "cookbook/hertz/routing"),
    ("zh", "优雅退出", "cookbook/hertz/graceful-shutdown"),
    ("zh", "优雅 退出", "cookbook/hertz/graceful-shutdown"),
    ("zh", "Kitex 重试", "cookbook/kitex/retry-fallback"),
    ("zh", "Kitex重试", "cookbook/kitex/retry-fallback"),
    ("zh", "参数绑定", "cookbook/hertz/binding"),
    ("zh", "超时", "cookbook/kitex/client-middleware-timeouts"),
    ("zh", "负载均衡", "docs/kitex/client-options"),
    ("zh", "流式响应", "cookbook/hertz/streaming"),
    ("zh", "业务状态错误", "cookbook/kitex/biz-status-error"),
    ("zh", "元信息", "docs/kitex/metainfo"),
    ("zh", "代码生成", "docs/kitex/codegen"),
]
DONE = "() => (document.querySelector('#search-results .search-summary') || {}).textContent"


def search(page, lang: str, query: str) -> list[str]:
    """Docnames (with #anchors) of the search results for ``query``, best first."""
    goto(page, f"{lang}/search.html?q={quote(query)}")
    wait_until(page, DONE)  # written once every result is listed
    return [docname_of(h) for h in page.eval_on_selector_all(
        "#search-results ul.search > li > a", "as => as.map(a => a.href)")]


def pages(found: list[str]) -> list[str]:
    return list(dict.fromkeys(d.split("#")[0] for d in found))


@pytest.mark.parametrize(("lang", "query", "expected"), CASES)
def test_search_finds_the_page(page, site, lang, query, expected):
    if not (site / lang / f"{expected}.html").is_file():
        pytest.fail(f"{expected} is not in the built site")
    found = pages(search(page, lang, query))
    assert expected in found[:TOP], f"{lang} {query!r}: top {TOP} are {found[:TOP]} (all: {found[:10]})"


@pytest.mark.parametrize(("phrase", "words"), [("优雅退出", "优雅 退出"), ("Kitex重试", "Kitex 重试"),
                                               ("负载均衡", "负载 均衡")])
def test_a_chinese_phrase_finds_what_its_words_find(page, phrase, words):
    as_phrase, as_words = pages(search(page, "zh", phrase)), pages(search(page, "zh", words))
    assert as_words, words
    # Sphinx also matches a whole query against section titles, which only the phrase can do.
    assert set(as_words) <= set(as_phrase), set(as_words) - set(as_phrase)
    assert as_words[0] in as_phrase[:TOP], (as_phrase[:TOP], as_words[:TOP])


def test_results_say_where_the_page_lives_and_quote_the_matching_text(page):
    search(page, "en", "middleware")
    wait_until(page, "() => document.querySelectorAll('#search-results li p.context').length >= 3")
    results = page.eval_on_selector_all("#search-results ul.search > li", """ls => ls.map(l => ({
      doc: new URL(l.querySelector('a').href).pathname,
      where: [...l.querySelectorAll('.where span')].map(s => s.textContent),
      context: (l.querySelector('p.context') || {}).textContent || '',
      marks: [...l.querySelectorAll('p.context mark')].map(m => m.textContent.toLowerCase())}))""")
    by_doc = {r["doc"].removeprefix("/en/").removesuffix(".html"): r for r in results}
    assert by_doc["docs/hertz/middleware"]["where"] == ["Docs", "Hertz"]
    assert by_doc["docs/kitex/middleware"]["where"] == ["Docs", "Kitex"]
    assert by_doc["cookbook/hertz/middleware"]["where"] == ["Cookbook", "Hertz recipes"]
    for result in results[:5]:
        if not result["context"]:
            continue
        assert "middleware" in result["context"].lower(), result
        assert "middleware" in result["marks"], result
        assert not result["context"].startswith("Every code block on this page"), result

    search(page, "zh", "优雅退出")
    wait_until(page, "() => document.querySelector('#search-results li p.context mark')")
    first = page.locator("#search-results ul.search > li").first
    assert first.locator(".where span").all_inner_texts() == ["Cookbook", "Hertz 食谱"]
    assert set(first.locator("p.context mark").all_inner_texts()) >= {"优雅", "退出"}


def test_the_language_switcher_of_the_search_page_keeps_the_query(page):
    search(page, "en", "middleware")
    page.click(".lang a")
    page.wait_for_url("**/zh/search.html?q=middleware")
    wait_until(page, DONE)
    assert "cookbook/hertz/middleware" in pages(docname_of(h) for h in page.eval_on_selector_all(
        "#search-results ul.search > li > a", "as => as.map(a => a.href)"))
    goto(page, "en/cookbook/hertz/middleware.html")  # elsewhere the switcher leads to the same page
    assert page.get_attribute(".lang a", "href").endswith("/zh/cookbook/hertz/middleware.html")


def test_search_box_in_the_header_leads_to_results(page):
    goto(page, "zh/index.html")
    page.fill("#cw-q", "中间件")
    page.press("#cw-q", "Enter")
    page.wait_for_url("**/zh/search.html?q=*")
    wait_until(page, DONE)
    found = [docname_of(h) for h in page.eval_on_selector_all(
        "#search-results ul.search > li > a", "as => as.map(a => a.href)")]
    assert "cookbook/hertz/middleware" in pages(found)[:TOP], found[:10]


def test_snippets_download_only_the_pages_of_results_near_the_window(page):
    fetched = []
    page.on("request", lambda r: r.resource_type == "fetch" and r.url.endswith(".html") and fetched.append(r.url))
    found = search(page, "en", "kitex")
    assert len(found) > 40, f"'kitex' should be a common word of the site: {len(found)} results"
    wait_until(page, "() => document.querySelectorAll('#search-results li p.context').length >= 3")
    page.wait_for_timeout(300)  # any fetch the first screen starts has started by now
    assert 3 <= len(fetched) < len(found) / 2, f"{len(fetched)} pages fetched for {len(found)} results"
    last = page.locator("#search-results ul.search > li").last
    last.scroll_into_view_if_needed()
    wait_until(page, "() => document.querySelector('#search-results ul.search > li:last-child p.context')")
    assert len(fetched) < len(found), "scrolling to the last result fetched every page on the way"
