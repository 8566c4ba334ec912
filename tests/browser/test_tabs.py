"""Group tabs of sphinx-tabs: in sync on a page, remembered across pages, usable from the keyboard."""

from __future__ import annotations

import contextlib

import pytest

from tools.site_server import serve

from .conftest import build_small_site, goto, new_context

TABS = ".sphinx-tabs [role=tablist]"

GO_PYTHON = """\
`````{tabs}
````{group-tab} Go
Go, %(where)s.
````
````{group-tab} Python
Python, %(where)s.
````
`````
"""
THRIFT_PROTOBUF = """\
`````{tabs}
````{group-tab} Thrift
Thrift IDL.
````
````{group-tab} Protobuf
Protobuf IDL.
````
`````
"""
PAGES = {
    "index": "# First\n\n" + GO_PYTHON % {"where": "first set"} + "\nBetween.\n\n" + GO_PYTHON % {"where": "second set"}
             + "\n```{toctree}\n:hidden:\n\nsecond\nplain\n```\n",
    "second": "# Second\n\n" + THRIFT_PROTOBUF + "\n" + GO_PYTHON % {"where": "another page"},
    "plain": "# Plain\n\nNo tabs here.\n",
}


@pytest.fixture(scope="module")
def tab_site(tmp_path_factory):
    return build_small_site(tmp_path_factory.mktemp("tabs"), PAGES, ["sphinx_design", "sphinx_tabs.tabs"])


@pytest.fixture
def tab_page(browser, tab_site):
    with contextlib.ExitStack() as stack:
        base_url = stack.enter_context(serve(tab_site))
        context, watch = new_context(browser, base_url)
        stack.callback(context.close)
        page = context.new_page()
        yield page
        watch.csp(page)
        watch.check()


def chosen(page) -> list[str]:
    """The selected tab of every tab list, in page order; and each must show only its panel."""
    return page.evaluate("""() => [...document.querySelectorAll('.sphinx-tabs [role=tablist]')].map(list => {
      const tabs = [...list.querySelectorAll('[role=tab]')];
      const on = tabs.filter(t => t.getAttribute('aria-selected') === 'true');
      if (on.length !== 1) return 'selected: ' + on.length;
      for (const t of tabs) {
        const shown = !document.getElementById(t.getAttribute('aria-controls')).hidden;
        if (shown !== (t === on[0])) return 'panel of ' + t.textContent + (shown ? ' shown' : ' hidden');
        if (t.tabIndex !== (t === on[0] ? 0 : -1)) return 'tabindex of ' + t.textContent;
      }
      return on[0].textContent.trim();
    })""")


def test_group_tabs_switch_together_and_are_remembered_across_pages(tab_page):
    page = tab_page
    goto(page, "en/index.html")
    assert chosen(page) == ["Go", "Go"]
    page.locator(TABS).first.get_by_role("tab", name="Python").click()
    assert chosen(page) == ["Python", "Python"]
    assert page.locator(".sphinx-tabs-panel:visible").all_inner_texts() == ["Python, first set.", "Python, second set."]

    goto(page, "en/second.html")  # another page: the choice holds, other groups keep their default
    assert chosen(page) == ["Thrift", "Python"]
    page.get_by_role("tab", name="Protobuf").click()
    assert chosen(page) == ["Protobuf", "Python"]

    page.reload(wait_until="load")  # and across visits
    assert chosen(page) == ["Protobuf", "Python"]
    goto(page, "en/index.html")
    assert chosen(page) == ["Python", "Python"]
    page.locator(TABS).nth(1).get_by_role("tab", name="Go").click()
    goto(page, "en/second.html")
    assert chosen(page) == ["Protobuf", "Go"]


def test_tabs_work_from_the_keyboard(tab_page):
    page = tab_page
    goto(page, "en/index.html")
    first = page.locator(TABS).first
    first.get_by_role("tab", name="Go").focus()
    page.keyboard.press("ArrowRight")
    assert chosen(page) == ["Python", "Python"]
    assert page.evaluate("document.activeElement.textContent") == "Python"
    page.keyboard.press("ArrowRight")  # wraps around
    assert chosen(page) == ["Go", "Go"]
    page.keyboard.press("End")
    assert chosen(page) == ["Python", "Python"]
    page.keyboard.press("Home")
    assert chosen(page) == ["Go", "Go"]
    page.keyboard.press("Tab")  # from the selected tab, Tab goes to its panel
    assert page.evaluate("document.activeElement.getAttribute('role')") == "tabpanel"


def test_tab_files_load_only_where_tabs_are(tab_page):
    page = tab_page
    scripts = "() => [...document.scripts].map(s => s.src.split('/').pop().split('?')[0])"
    styles = "() => [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href.split('/').pop().split('?')[0])"
    goto(page, "en/index.html")
    assert "group-tabs.js" in page.evaluate(scripts)
    assert "design-tabs.js" not in page.evaluate(scripts) and "sphinx-design.min.css" not in page.evaluate(styles)
    goto(page, "en/plain.html")
    assert "group-tabs.js" not in page.evaluate(scripts)


def test_home_page_tabs_are_hertz_and_kitex(page):
    goto(page, "en/index.html")
    tabs = page.locator(f".hero-start {TABS} [role=tab]")
    assert tabs.all_inner_texts() == ["Hertz", "Kitex"]
    panels = page.locator(".hero-start .sphinx-tabs-panel")
    assert "go run ./hertz/hello-server" in panels.nth(0).inner_text()
    tabs.nth(1).click()
    assert panels.nth(1).is_visible() and not panels.nth(0).is_visible()
    assert "go run ./kitex/thrift-quickstart/server" in panels.nth(1).inner_text()
    assert "reply: HELLO KITEX" in panels.nth(1).inner_text()
    assert page.locator(f".hero-start {TABS}").get_attribute("aria-label") == "Tabbed content"
    goto(page, "zh/index.html")  # remembered in the other language too
    assert page.locator(f".hero-start {TABS} [aria-selected=true]").inner_text() == "Kitex"
    assert page.locator(f".hero-start {TABS}").get_attribute("aria-label") == "选项卡"
    page.locator(f".hero-start {TABS} [role=tab]").first.click()
    page.evaluate("localStorage.clear()")


def test_without_javascript_every_panel_shows(browser, base_url):
    context, watch = new_context(browser, base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        goto(page, "en/index.html")
        panels = page.locator(".hero-start .sphinx-tabs-panel")
        assert panels.count() == 2 and panels.nth(0).is_visible() and panels.nth(1).is_visible()
        watch.check()
    finally:
        context.close()
