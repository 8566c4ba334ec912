"""The whole site's tree, the header, the phone drawer, the page's contents and previous/next."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, LANGS, docname_of, goto, new_context, wait_until

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TOP_LEVEL = ["docs/index", "cookbook/index", "demos/index", "meetings/index", "contributing/index"]
PAGES = {  # a page of each kind, and the branches of the tree that lead to it
    "docs/hertz/middleware": ["docs/index", "docs/hertz/index"],
    "cookbook/kitex/retry-fallback": ["cookbook/index", "cookbook/kitex/index"],
    "meetings/2022-09-22": ["meetings/index"],
    "contributing/code-blocks": ["contributing/index"],
}
TREE = ".secnav .tree"


def tree_state(page) -> dict:
    """Top-level entries, the current link, and which branches are open."""
    return page.evaluate("""() => {
      const tree = document.querySelector('.secnav .tree');
      const doc = a => new URL(a.href).pathname.replace(/^\\/(en|zh)\\//, '').replace(/\\.html$/, '');
      return {
        top: [...tree.querySelectorAll(':scope > li > .row > a')].map(doc),
        current: [...tree.querySelectorAll('a[aria-current=page]')].map(doc),
        open: [...tree.querySelectorAll('.twist[aria-expanded=true]')].map(t => doc(t.previousElementSibling)),
      };
    }""")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("docname", list(PAGES))
def test_every_page_shows_the_whole_tree_open_at_the_current_page(page, lang, docname):
    page.set_viewport_size(WIDE)
    goto(page, f"{lang}/{docname}.html")
    page.wait_for_selector(TREE)
    state = tree_state(page)
    assert state["top"] == TOP_LEVEL, state["top"]
    assert state["current"] == [docname]
    assert state["open"] == PAGES[docname], state["open"]  # only the branches that lead here
    current = page.locator(f"{TREE} a[aria-current=page]")
    assert current.is_visible()
    box, side = current.bounding_box(), page.locator(".side-in").bounding_box()
    assert side["y"] <= box["y"] and box["y"] + box["height"] <= side["y"] + side["height"], \
        "the current page is scrolled out of the sidebar"


def test_branches_open_and_close(page):
    goto(page, "en/docs/hertz/middleware.html")
    page.wait_for_selector(TREE)
    cookbook = page.locator(f"{TREE} > li").nth(1)
    twist = cookbook.locator(":scope > .row > .twist")
    assert twist.get_attribute("aria-expanded") == "false"
    assert cookbook.locator("ul").count() == 0  # closed branches are built when first opened
    twist.click()
    assert twist.get_attribute("aria-expanded") == "true"
    hertz = cookbook.locator(":scope > ul > li > .row > a", has_text=re.compile("Hertz"))
    assert hertz.is_visible()
    assert page.locator(f"#{twist.get_attribute('aria-controls')}").is_visible()
    twist.focus()
    page.keyboard.press("Enter")  # a button: the keyboard works as the mouse does
    assert twist.get_attribute("aria-expanded") == "false"
    assert not hertz.is_visible()


def test_without_javascript_the_section_list_stays(browser, base_url):
    context, watch = new_context(browser, base_url, java_script_enabled=False, viewport=WIDE)
    try:
        page = context.new_page()
        goto(page, "en/cookbook/hertz/middleware.html")
        assert page.locator(TREE).count() == 0
        links = page.locator(".secnav .children a")
        assert links.count() >= 5 and links.first.is_visible()
        assert page.locator(".secnav .children a[aria-current=page]").inner_text() == "Middleware"
        watch.check()
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_phone_menu_is_a_drawer_with_the_same_tree(browser, base_url, lang):
    context, watch = new_context(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        goto(page, f"{lang}/docs/hertz/middleware.html")
        page.wait_for_selector(f"{TREE}", state="attached")
        side, button = page.locator("#side"), page.locator(".menu-btn")
        assert not side.is_visible() or side.bounding_box()["x"] + side.bounding_box()["width"] <= 0
        assert page.locator(".sections").is_hidden()  # one header row: the sections are in the drawer
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide"

        button.tap()
        wait_until(page, "() => document.querySelector('#side').getBoundingClientRect().x >= 0")
        assert button.get_attribute("aria-expanded") == "true"
        state = tree_state(page)
        assert state["top"] == TOP_LEVEL and state["current"] == ["docs/hertz/middleware"]
        focused = page.evaluate("document.activeElement.getAttribute('aria-current')")
        assert focused == "page", "focus did not move to the current page in the drawer"
        assert page.evaluate("document.getElementById('main').inert"), "the page behind the drawer takes focus"

        page.keyboard.press("Escape")
        wait_until(page, "() => document.querySelector('#side').getBoundingClientRect().right <= 0")
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.classList.contains('menu-btn')")
        assert not page.evaluate("document.getElementById('main').inert")

        # Every section is reachable from the drawer.
        for i, section in enumerate(TOP_LEVEL):
            goto(page, f"{lang}/docs/hertz/middleware.html")
            page.locator(".menu-btn").tap()
            link = page.locator(f"{TREE} > li > .row > a").nth(i)
            link.wait_for(state="visible")
            with page.expect_navigation(wait_until="load"):
                link.tap()
            assert docname_of(page.url) == section
        watch.csp(page)
        watch.check()
    finally:
        context.close()


@pytest.mark.parametrize(("viewport", "most"), [(WIDE, 64), (PHONE, 56)])
def test_the_header_stays_at_the_top_and_is_compact_on_phones(browser, base_url, viewport, most):
    phone = viewport is PHONE
    context, watch = new_context(browser, base_url, viewport=viewport, is_mobile=phone, has_touch=phone)
    try:
        page = context.new_page()
        goto(page, "en/docs/kitex/client-options.html")
        page.mouse.wheel(0, 3000)
        wait_until(page, "() => window.scrollY > 1000")
        box = page.locator("header.top").bounding_box()
        assert box["y"] == 0, f"the header scrolled away: {box}"
        assert box["height"] <= most, f"the header is {box['height']} px high"
        search = page.locator(".site-search button")
        assert search.is_visible()
        if phone:  # the search box unfolds from its button
            search.tap()
            page.locator("#cw-q").fill("retry")
            page.keyboard.press("Enter")
            page.wait_for_url("**/en/search.html?q=retry")
        watch.check()
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_pages_contents_sit_on_the_right_and_follow_the_reader(browser, base_url, lang):
    context, watch = new_context(browser, base_url, viewport=WIDE)
    try:
        page = context.new_page()
        goto(page, f"{lang}/docs/kitex/client-options.html")
        toc, content = page.locator("#toc"), page.locator(".body")
        toc_box, content_box = toc.bounding_box(), content.bounding_box()
        assert toc_box["x"] >= content_box["x"] + content_box["width"], "the contents are not right of the page"
        links = page.locator("#toc a[href^='#']:not([href='#'])")
        assert links.count() >= 3
        third = links.nth(2)
        target = third.get_attribute("href")
        page.evaluate("id => document.getElementById(decodeURIComponent(id)).scrollIntoView()", target[1:])
        wait_until(page, "h => document.querySelector('#toc a[aria-current]')?.getAttribute('href') === h", target)
        assert page.locator("#toc").bounding_box()["y"] >= 0, "the contents scrolled away"
        # A link of the contents leads to its section, with an anchor that means something.
        first = links.first
        first.click()
        wait_until(page, "h => decodeURIComponent(location.hash) === h", first.get_attribute("href"))
        assert not re.search(r"#id\d+$", page.url), page.url
        heading = page.locator(f"[id='{page.evaluate('decodeURIComponent(location.hash.slice(1))')}'] > h2")
        assert heading.bounding_box()["y"] >= page.locator("header.top").bounding_box()["height"], \
            "the sticky header covers the heading"
        watch.check()
    finally:
        context.close()


def test_the_contents_fold_above_the_page_on_phones(browser, base_url):
    context, watch = new_context(browser, base_url, viewport=PHONE, is_mobile=True)
    try:
        page = context.new_page()
        goto(page, "en/docs/kitex/client-options.html")
        summary = page.locator("#toc > summary")
        assert summary.bounding_box()["y"] < page.locator(".body h1").bounding_box()["y"]
        assert not page.locator("#toc .localtoc a").first.is_visible()
        summary.click()
        assert page.locator("#toc a[href^='#']:not([href='#'])").first.is_visible()
        watch.check()
    finally:
        context.close()


@pytest.mark.parametrize(("docname", "previous", "following"), [
    ("meetings/2022-09-22", "meetings/2022-09-08", "meetings/2022-10-20"),  # previous = older
    ("docs/hertz/routing", "docs/hertz/getting-started", "docs/hertz/middleware"),  # reading order
])
def test_previous_and_next_follow_the_reading_order(page, docname, previous, following):
    page.set_viewport_size(DESKTOP)
    for lang in LANGS:
        goto(page, f"{lang}/{docname}.html")
        assert docname_of(page.locator(".pn a.prev").evaluate("a => a.href")) == previous
        assert docname_of(page.locator(".pn a.next").evaluate("a => a.href")) == following
