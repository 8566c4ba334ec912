"""Search in the browser, in both languages: the expected page comes first, or nearly."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import docname_of, goto

TOP = 3
CASES = [
    ("en", "middleware", "cookbook/hertz/middleware"),
    ("en", "graceful shutdown", "cookbook/hertz/graceful-shutdown"),
    ("en", "routing", "cookbook/hertz/routing"),
    ("zh", "中间件", "cookbook/hertz/middleware"),
    ("zh", "泳道", "demos/traffic-lanes"),
    ("zh", "路由", "cookbook/hertz/routing"),
]


def results(page, lang: str, query: str) -> list[str]:
    """Docnames of the search results for ``query``, best first."""
    goto(page, f"{lang}/search.html?q={quote(query)}")
    page.wait_for_selector("#search-results .search-summary")  # written once every result is listed
    return [docname_of(h) for h in page.eval_on_selector_all(
        "#search-results ul.search > li > a", "as => as.map(a => a.href)")]


@pytest.mark.parametrize(("lang", "query", "expected"), CASES)
def test_search_finds_the_page(page, site, lang, query, expected):
    if not (site / lang / f"{expected}.html").is_file():
        pytest.fail(f"{expected} is not in the built site")
    found = results(page, lang, query)
    assert expected in found[:TOP], f"{lang} {query!r}: top {TOP} are {found[:TOP]} (all: {found[:10]})"


def test_search_box_in_the_header_leads_to_results(page):
    goto(page, "zh/index.html")
    page.fill("#cw-q", "中间件")
    page.press("#cw-q", "Enter")
    page.wait_for_url("**/zh/search.html?q=*")
    page.wait_for_selector("#search-results .search-summary")
    found = [docname_of(h) for h in page.eval_on_selector_all(
        "#search-results ul.search > li > a", "as => as.map(a => a.href)")]
    assert "cookbook/hertz/middleware" in found[:TOP], found[:10]
