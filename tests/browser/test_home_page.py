"""The home page: what the site is for, a first server, the newest recipes and the latest meeting."""

from __future__ import annotations

import pytest

from .conftest import LANGS, goto, new_context

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Where the visible content of the first screen ends, and how much of its width it uses.
FIRST_SCREEN = """() => {
  const fold = innerHeight, half = innerWidth / 2;
  let bottom = 0, left = false, right = false;
  for (const el of document.querySelectorAll('.body *')) {
    if (!el.childElementCount && !el.textContent.trim()) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.top >= fold || getComputedStyle(el).visibility === 'hidden') continue;
    bottom = Math.max(bottom, Math.min(r.bottom, fold));
    if (r.left < half - 50) left = true;
    if (r.right > half + 50 && r.left > half - 100) right = true;
  }
  return {bottom, left, right, fold};
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_screen_is_full(browser, base_url, lang):
    context, watch = new_context(browser, base_url, viewport=WIDE)
    try:
        page = context.new_page()
        goto(page, f"{lang}/index.html")
        screen = page.evaluate(FIRST_SCREEN)
        assert screen["left"] and screen["right"], f"half of the first screen is empty: {screen}"
        assert screen["bottom"] >= 0.75 * screen["fold"], f"the first screen is empty below {screen['bottom']} px"
        # What the site is, the mark, the way to a first server: all on the first screen.
        for selector in (".body h1", ".lead", ".hero-actions a", ".hero-start [role=tab]"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["y"] + box["height"] <= WIDE["height"], f"{selector} is below the first screen"
        mark = page.evaluate("getComputedStyle(document.querySelector('.body h1'), '::before').backgroundImage")
        assert "mark.svg" in mark
        watch.check()  # the mark loaded, from the site itself
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_leads_on(page, lang):
    page.set_viewport_size(WIDE)
    goto(page, f"{lang}/index.html")
    for selector in (".home-recipes .home-item a", ".home-meeting .home-item a", ".hero-actions a",
                     ".sd-card a, a.sd-stretched-link"):
        links = page.locator(selector)
        assert links.count() >= 1, selector
        for i in range(links.count()):
            href = links.nth(i).evaluate("a => a.href")
            response = page.request.get(href)
            assert response.ok, f"{selector}: {href} answers {response.status}"
    assert page.locator(".home-recipes .home-item").count() == 4
    assert page.locator(".home-recipes .home-desc").count() == 4  # each with its lead
    assert page.locator(".home-meeting .home-topics li").count() >= 1


def test_the_home_page_fits_a_phone(browser, base_url):
    context, watch = new_context(browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for lang in LANGS:
            goto(page, f"{lang}/index.html")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{lang}/index.html is {width} px wide on a phone"
            h1 = page.locator(".body h1").bounding_box()
            assert h1["y"] < 200 and h1["height"] < 140, h1
        watch.check()
    finally:
        context.close()
