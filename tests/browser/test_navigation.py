"""Navigation in the browser: language switcher, dark mode, copy buttons, tabs, a phone-sized screen."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools.site_server import serve

from .conftest import MOBILE, build_small_site, docname_of, goto, new_context

SWITCH_PAGES = ["docs/index", "cookbook/hertz/middleware", "meetings/2022-09-22"]  # a doc, a recipe, a meeting


@pytest.mark.parametrize("docname", SWITCH_PAGES)
def test_language_switcher_goes_to_the_same_page_and_back(page, docname):
    goto(page, f"en/{docname}.html")
    assert page.get_attribute("html", "lang") == "en"
    page.click(".lang a")
    page.wait_for_url(re.compile(rf"/zh/{re.escape(docname)}\.html$"))
    assert page.get_attribute("html", "lang") == "zh-CN"
    page.click(".lang a")
    page.wait_for_url(re.compile(rf"/en/{re.escape(docname)}\.html$"))
    assert page.get_attribute("html", "lang") == "en"


def test_dark_mode_toggles_and_persists(browser, base_url):
    context, watch = new_context(browser, base_url, color_scheme="light")
    try:
        page = context.new_page()
        goto(page, "en/cookbook/hertz/middleware.html")
        html = page.locator("html")
        toggle = page.locator(".theme-toggle")
        assert html.get_attribute("data-theme") == "light"
        assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"

        toggle.click()
        assert html.get_attribute("data-theme") == "dark"
        assert toggle.get_attribute("aria-pressed") == "true"
        assert page.evaluate("localStorage.getItem('cw-theme')") == "dark"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background != "rgb(255, 255, 255)", "dark mode left the page white"

        page.reload(wait_until="load")
        assert page.get_attribute("html", "data-theme") == "dark"
        goto(page, "zh/meetings/index.html")  # another page, the other language
        assert page.get_attribute("html", "data-theme") == "dark"
        assert page.get_attribute(".theme-toggle", "aria-pressed") == "true"

        page.click(".theme-toggle")
        assert page.get_attribute("html", "data-theme") == "light"
        page.reload(wait_until="load")
        assert page.get_attribute("html", "data-theme") == "light"
        watch.csp(page)
        watch.check()
    finally:
        context.close()


def console_commands(markdown: Path, block: int) -> str:
    """The commands (without '$ ') of the block-th console block of a page, as a reader copies them."""
    blocks = re.findall(r"^```console\n(.*?)^```", markdown.read_text(encoding="utf-8"), re.M | re.S)
    return "\n".join(line[2:] for line in blocks[block].splitlines() if line.startswith("$ "))


def test_copy_buttons_copy_the_code(browser, base_url):
    from playwright.sync_api import expect

    context, watch = new_context(browser, base_url)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
        page = context.new_page()
        goto(page, "en/cookbook/hertz/middleware.html")
        clipboard = "navigator.clipboard.readText()"

        go = page.locator("div.highlight-go").first
        go.locator("button.copy").click()
        expect(go.locator("button.copy")).to_have_text("Copied")  # once the clipboard has it
        source = (ROOT / "cookbook/hertz/middleware/main.go").read_text(encoding="utf-8")
        assert page.evaluate(clipboard).strip() == source.strip()

        console = page.locator("div.highlight-console").nth(2)
        console.locator("button.copy").click()
        expect(console.locator("button.copy")).to_have_text("Copied")
        expected = console_commands(ROOT / "cookbook/hertz/middleware.md", 2)
        assert expected.startswith("curl ") and "\n" in expected
        assert page.evaluate(clipboard).strip() == expected  # commands only: no prompts, no output

        goto(page, "zh/cookbook/hertz/middleware.html")
        page.locator("div.highlight-console button.copy").first.click()
        expect(page.locator("div.highlight-console button.copy").first).to_have_text("已复制")
        assert page.evaluate(clipboard).strip() == console_commands(ROOT / "cookbook/hertz/middleware.zh.md", 0)
        watch.csp(page)
        watch.check()
    finally:
        context.close()


def synced_tab_page(site: Path) -> str | None:
    """A page of the site with two tab-sets that share a sync group, if there is one."""
    for path in sorted(site.glob("en/**/*.html")):
        text = path.read_text(encoding="utf-8")
        if "data-sync-group=" in text and text.count('class="sd-tab-set') >= 2:
            return path.relative_to(site).as_posix()
    return None


TABS_PAGE = """\
# Tabs

::::{tab-set}
:::{tab-item} Go
:sync: go
Go, first set.
:::
:::{tab-item} Python
:sync: python
Python, first set.
:::
::::

Between the sets.

::::{tab-set}
:::{tab-item} Go
:sync: go
Go, second set.
:::
:::{tab-item} Python
:sync: python
Python, second set.
:::
::::
"""


def build_tabs_page(tmp: Path) -> Path:
    """A one-page site in the site's theme and Sphinx setup, with two synced tab-sets."""
    return build_small_site(tmp, {"index": TABS_PAGE}, ["sphinx_design"])


def test_tabs_stay_in_sync_across_a_page(browser, site, tmp_path):
    found = synced_tab_page(site)
    with contextlib.ExitStack() as stack:
        if found is None:  # no page uses synced tabs yet: check them on a page of their own
            site = build_tabs_page(tmp_path)
            found = "en/index.html"
        base_url = stack.enter_context(serve(site))
        context, watch = new_context(browser, base_url)
        stack.callback(context.close)
        page = context.new_page()
        goto(page, found)
        group = page.locator("label.sd-tab-label[data-sync-group]").first.get_attribute("data-sync-group")
        labels = f'label.sd-tab-label[data-sync-group="{group}"]'
        state = "ls => ls.map(l => [l.dataset.syncId, document.getElementById(l.htmlFor).checked])"
        ids = [i for i, _ in page.eval_on_selector_all(labels, state)]
        assert len(ids) > len(set(ids)), f"{found}: no sync id is shared by two tab-sets"
        for choice in sorted(set(ids), reverse=True):  # the first tab is selected at first: start elsewhere
            page.locator(f'{labels}[data-sync-id="{choice}"]').first.click()
            for sync_id, checked in page.eval_on_selector_all(labels, state):
                assert checked == (sync_id == choice), f"{found}: tab {sync_id!r} checked={checked} after {choice!r}"
            shown = page.locator(".sd-tab-content:visible").all_inner_texts()
            assert shown and all(t for t in shown)
        watch.csp(page)
        watch.check()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_is_reachable_on_a_phone_without_javascript(browser, base_url, lang):
    """With JavaScript the sections are in the menu drawer (test_site_navigation.py); without it
    they stay in the header, and the menu folds open in place."""
    context, watch = new_context(browser, base_url, viewport=MOBILE, is_mobile=True, has_touch=True,
                                 java_script_enabled=False)
    try:
        page = context.new_page()
        goto(page, f"{lang}/index.html")
        sections = page.eval_on_selector_all(".sections a", "as => as.map(a => a.getAttribute('href'))")
        assert len(sections) >= 5, sections
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= MOBILE["width"], f"{lang}/index.html is {width} px wide on a {MOBILE['width']} px screen"
        for i, href in enumerate(sections):
            goto(page, f"{lang}/index.html")
            link = page.locator(".sections a").nth(i)
            link.scroll_into_view_if_needed()
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"] + 0.5, \
                f"section link {href} is off screen: {box}"
            with page.expect_navigation(wait_until="load"):
                link.tap()
            section = docname_of(page.url)
            assert section == href.removesuffix(".html"), (href, page.url)
            # Inside the section the menu opens and leads on to its pages.
            menu = page.locator("details.side > summary")
            if menu.count():
                menu.tap()
                children = page.locator("details.side .children a, details.side .trail a")
                assert children.first.is_visible(), f"{page.url}: the menu shows no links"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= MOBILE["width"], f"{page.url} is {width} px wide on a {MOBILE['width']} px screen"
        watch.csp(page)
        watch.check()
    finally:
        context.close()
