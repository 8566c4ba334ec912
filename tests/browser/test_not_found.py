"""The 404 page works at any depth, also when the site lives below a sub-path (Read the Docs: /en/latest/)."""

from __future__ import annotations

import pytest

from tools import site_root
from tools.site_server import serve

from .conftest import ROOT, new_context

PREFIX = "/en/latest/"


@pytest.fixture(scope="module")
def sub_path_site(site, tmp_path_factory):
    """The built site with root files written for an address below PREFIX, as a Read the Docs
    build writes them (READTHEDOCS_CANONICAL_URL ends in /<language>/<version>/)."""
    folder = tmp_path_factory.mktemp("sub-path")
    for lang in ("en", "zh"):
        (folder / lang).symlink_to(site / lang, target_is_directory=True)
    site_root.write(folder, ROOT, base=f"https://docs.example.org{PREFIX}")
    return folder


@pytest.mark.parametrize(("missing", "language", "query"), [
    ("no-such-page", "en", "no such page"),
    ("en/docs/hertz/graceful-exit.html", "en", "graceful exit"),
    ("zh/cookbook/kitex/deep/missing-recipe.html", "zh-CN", "missing recipe"),
])
def test_the_404_page_works_below_a_sub_path(browser, sub_path_site, missing, language, query):
    with serve(sub_path_site, prefix=PREFIX) as base_url:
        context, watch = new_context(browser, base_url)
        try:
            page = context.new_page()
            response = page.goto(base_url + missing, wait_until="load")
            assert response.status == 404
            assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none" or \
                page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none", \
                "the 404 page's stylesheet did not load"
            assert page.evaluate("document.documentElement.lang") == language
            assert page.locator(".mark img").evaluate("img => img.naturalWidth") > 0, "the mark did not load"
            links = page.eval_on_selector_all("main a", "as => as.map(a => a.href)")
            assert len(links) == 4
            for href in links:
                assert href.startswith(base_url), href
                assert page.request.get(href).ok, href
            searches = page.eval_on_selector_all("main a.search", "as => as.map(a => new URL(a.href).searchParams.get('q'))")
            assert searches == [query, query]
            watch.csp(page)
            # The missing page's own 404 is the point; anything else that failed is not.
            watch.errors[:] = [e for e in watch.errors if base_url + missing not in e]
            watch.check()  # every file it loads came from below the sub-path
        finally:
            context.close()
