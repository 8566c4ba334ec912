"""Diagrams on a phone and in dark mode: tapped, a diagram opens at full size; dark mode turns its colours."""

from __future__ import annotations

import io
import re

from PIL import Image

from .conftest import MOBILE, goto, new_context

PAGES = ["en/demos/traffic-lanes.html", "zh/demos/traffic-lanes.html", "en/demos/pprof.html"]


def white_share(png: bytes) -> float:
    """The share of a screenshot's pixels that are white or nearly (a box's fill, a light page)."""
    gray = Image.open(io.BytesIO(png)).convert("L")
    return sum(gray.histogram()[245:]) / (gray.width * gray.height)


def test_a_tapped_diagram_opens_at_full_size_on_a_phone(browser, base_url):
    context, watch = new_context(browser, base_url, viewport=MOBILE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for path in PAGES:
            goto(page, path)
            image = page.locator("figure a.diagram-link img.diagram").first
            shown = image.bounding_box()
            assert shown and shown["width"] <= MOBILE["width"], f"{path}: the diagram is wider than the screen"
            natural = image.evaluate("img => img.naturalWidth")
            image.tap()
            page.wait_for_url(re.compile(r"/_images/[^/]+\.svg$"))
            # The file itself, at its own size: wider than it was shown, for pinch zoom.
            assert natural > shown["width"], f"{path}: the full-size diagram is no larger than the page's"
        watch.check()
    finally:
        context.close()


def test_dark_mode_draws_diagrams_light_on_dark(browser, base_url):
    seen = {}
    for scheme in ("light", "dark"):
        context, watch = new_context(browser, base_url, color_scheme=scheme)
        try:
            page = context.new_page()
            goto(page, PAGES[0])
            assert page.get_attribute("html", "data-theme") == scheme
            image = page.locator("img.diagram").first
            image.scroll_into_view_if_needed()
            seen[scheme] = white_share(image.screenshot())
            watch.check()
        finally:
            context.close()
    # White boxes on a white page in light mode; in dark mode the boxes are dark too, and the
    # labels and arrows light grey (as the page's text), not white.
    assert seen["light"] > 0.5, seen
    assert seen["dark"] < 0.01, seen
