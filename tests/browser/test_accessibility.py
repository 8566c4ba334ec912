"""axe-core finds no serious or critical accessibility problem on the main kinds of page.

axe (tests/browser/vendor/axe.min.js) is put into the page by the test only;
the site never ships it.  Its source is evaluated through the browser's
DevTools protocol, which the page's Content-Security-Policy does not govern
(a <script> element with inline code would be blocked by it, as it should).
"""

from __future__ import annotations

import pytest

from .conftest import AXE, goto

PAGES = ["index", "docs/index", "cookbook/hertz/middleware", "meetings/2022-09-22", "meetings/index"]
RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' | ' + n.failureSummary)})))"""


def violations(page) -> list[dict]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN)


def report(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['impact']}: {v['id']} — {v['help']}")
        lines.extend(f"    {n}" for n in v["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_serious_accessibility_violations(page, lang, theme):
    found = {}
    for docname in PAGES:
        goto(page, f"{lang}/{docname}.html")
        page.evaluate("t => { document.documentElement.dataset.theme = t; }", theme)
        problems = violations(page)
        if problems:
            found[docname] = report(problems)
    assert not found, "\n".join(f"{lang}/{d}.html ({theme}):\n{r}" for d, r in found.items())


def test_axe_reports_what_it_should(page):
    """The check itself works: a page with an image without text fails it."""
    goto(page, "en/index.html")
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'index.html';
        a.appendChild(document.createElement('img')); document.querySelector('.body').appendChild(a); }""")
    ids = {v["id"] for v in violations(page)}
    assert {"image-alt", "link-name"} & ids, ids


def test_axe_finds_nothing_serious_in_the_phone_drawer_or_the_search_results(browser, base_url):
    from .conftest import new_context, wait_until

    context, watch = new_context(browser, base_url, viewport={"width": 390, "height": 844},
                                 is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        found = {}
        for lang in ("en", "zh"):
            goto(page, f"{lang}/docs/hertz/middleware.html")
            page.wait_for_selector(".secnav .tree", state="attached")
            page.locator(".menu-btn").tap()
            wait_until(page, "() => document.querySelector('#side').getBoundingClientRect().x >= 0")
            if problems := violations(page):
                found[f"{lang} drawer"] = report(problems)
            goto(page, f"{lang}/search.html?q=middleware")
            wait_until(page, "() => document.querySelector('#search-results li p.context')")
            if problems := violations(page):
                found[f"{lang} search"] = report(problems)
        assert not found, "\n".join(f"{where}:\n{r}" for where, r in found.items())
        watch.check()
    finally:
        context.close()


# The region each focus stop belongs to, in the order a reader meets them on the page.
REGIONS = ["skip", "header", "side", "toc", "main"]
REGION_OF = """() => { const e = document.activeElement;
  if (e.classList.contains('skip')) return 'skip';
  for (const [name, sel] of [['header', 'header.top'], ['side', '#side'], ['toc', '#toc'], ['main', '#main']])
    if (e.closest(sel)) return name;
  return e.tagName; }"""


def test_the_keyboard_meets_header_menu_contents_and_page_in_that_order(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    goto(page, "en/docs/kitex/client-options.html")
    page.wait_for_selector(".secnav .tree")
    seen = []
    for _ in range(120):
        page.keyboard.press("Tab")
        region = page.evaluate(REGION_OF)
        if not seen or seen[-1] != region:
            seen.append(region)
        if region == "main":
            break
    assert seen == REGIONS, seen
