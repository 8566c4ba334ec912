"""The trace waterfall of the traffic-lanes page reads well in both themes and on a phone.

The picture (``tools/waterfall.py``, inline through ``extensions/trace_waterfall.py``)
takes its colours from the page: its text is ``currentColor`` and its bars and axis
carry classes the theme colours.  Here the browser says which colours it really
painted, and their contrast with the page's background is measured as WCAG defines
it: 4.5:1 for text, 3:1 for the bars and the axis.  On a phone the picture must fit
the screen and keep its text at a readable size.
"""

from __future__ import annotations

import pytest

from .conftest import LANGS, MOBILE, goto, new_context

PAGE = "demos/traffic-lanes.html"
# The colour each part is painted with, blended over the page's background by its opacity.
PAINTED = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const bg = rgb(getComputedStyle(document.body).backgroundColor);
  const svg = document.querySelector('svg.cw-waterfall');
  if (!svg) return null;
  const paint = (el, prop) => {
    const style = getComputedStyle(el);
    const c = rgb(style[prop]);
    const a = parseFloat(style[prop === 'fill' ? 'fillOpacity' : 'strokeOpacity']);
    return c.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a));
  };
  return {
    background: bg.slice(0, 3),
    text: [...svg.querySelectorAll('text, tspan')].map(el => paint(el, 'fill')),
    bars: [...svg.querySelectorAll('rect[class^="cw-wf-"]')].map(el => paint(el, 'fill')),
    axis: [...svg.querySelectorAll('line.cw-wf-axis')].map(el => paint(el, 'stroke')),
  };
}"""


def luminance(rgb: list[float]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_measure():
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21)
    assert contrast([118, 118, 118], [255, 255, 255]) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_waterfall_colours_contrast_with_the_page(page, lang, theme):
    goto(page, f"{lang}/{PAGE}")
    page.evaluate("t => { document.documentElement.dataset.theme = t; }", theme)
    painted = page.evaluate(PAINTED)
    assert painted is not None, "the page shows no waterfall"
    bg = painted["background"]
    assert len(painted["text"]) > 20 and len(painted["bars"]) == 14 and painted["axis"]
    worst_text = min(contrast(c, bg) for c in painted["text"])
    worst_shape = min(contrast(c, bg) for c in painted["bars"] + painted["axis"])
    assert worst_text >= 4.5, f"text contrast {worst_text:.2f}:1 in the {theme} theme"
    assert worst_shape >= 3, f"bar or axis contrast {worst_shape:.2f}:1 in the {theme} theme"


@pytest.mark.parametrize("lang", LANGS)
def test_waterfall_fits_a_phone_and_its_text_stays_readable(browser, base_url, lang):
    context, watch = new_context(browser, base_url, viewport=MOBILE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        goto(page, f"{lang}/{PAGE}")
        box = page.evaluate("""() => {
          const svg = document.querySelector('svg.cw-waterfall');
          const r = svg.getBoundingClientRect();
          const label = svg.querySelector('text[font-size="11"]').getBoundingClientRect();
          return {left: r.left, right: r.right, label: label.height,
                  scroll: document.scrollingElement.scrollWidth};
        }""")
        watch.csp(page)
    finally:
        context.close()
    watch.check()
    assert box["left"] >= 0 and box["right"] <= MOBILE["width"], box
    assert box["scroll"] <= MOBILE["width"], "the page scrolls sideways on a phone"
    assert box["label"] >= 10, f"span labels are {box['label']:.1f} px high on a phone"
