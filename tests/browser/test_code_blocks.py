"""Code blocks: the copy button never covers code, long lines scroll, excerpts are flush left."""

from __future__ import annotations

import re
import textwrap
from html import unescape

import pytest

from tests.conftest import ROOT

from .conftest import goto, new_context

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LONG_LINES = ["cookbook/hertz/json-api", "cookbook/hertz/binding", "docs/kitex/codegen"]
BLOCK = re.compile(r'<div class="highlight-(\w+) notranslate"><div class="highlight"><pre>(.*?)</pre>', re.S)

# For every code block: where its button and its code are, and whether the code scrolls.
GEOMETRY = """() => [...document.querySelectorAll('div.highlight')].map(box => {
  const pre = box.querySelector('pre'), button = box.querySelector('button.copy');
  const r = e => { const b = e.getBoundingClientRect(); return {x: b.x, y: b.y, right: b.right, bottom: b.bottom}; };
  return {box: r(box), pre: r(pre), button: button && r(button),
          scrolls: pre.scrollWidth > pre.clientWidth, focusable: pre.tabIndex === 0};
})"""


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_the_copy_button_never_covers_code(browser, base_url, viewport):
    context, watch = new_context(browser, base_url, viewport=viewport)
    try:
        page = context.new_page()
        scrolling = 0
        for docname in LONG_LINES:
            goto(page, f"en/{docname}.html")
            for block in page.evaluate(GEOMETRY):
                assert block["button"], f"{docname}: a code block without a copy button"
                assert not overlaps(block["button"], block["pre"]), f"{docname}: the button covers code: {block}"
                assert block["box"]["x"] <= block["button"]["x"] and block["button"]["right"] <= block["box"]["right"]
                if block["scrolls"]:
                    scrolling += 1
                    assert block["focusable"], f"{docname}: a scrolling block the keyboard cannot scroll"
            # Scrolled to the end of its longest line, a block keeps its button in view.
            pre = page.locator("div.highlight pre[tabindex='0']").first
            if pre.count():
                pre.evaluate("p => { p.scrollLeft = p.scrollWidth; }")
                button = pre.locator("xpath=../div[@class='code-bar']/button")
                assert button.is_visible()
                b, p = button.bounding_box(), pre.bounding_box()
                assert b["y"] + b["height"] <= p["y"] + 1, "the button moved over the code"
        assert scrolling, "no block with long lines was checked"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"long lines widen the page to {width} px"
        watch.check()
    finally:
        context.close()


def excerpt(path: str, name: str) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    return text.split(f"// [{name}]\n", 1)[1].split(f"// [/{name}]", 1)[0].rsplit("\n", 1)[0] + "\n"


def test_excerpts_are_flush_left_on_screen_and_when_copied(browser, base_url):
    from playwright.sync_api import expect

    context, watch = new_context(browser, base_url)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
        page = context.new_page()
        goto(page, "en/docs/kitex/metainfo.html")  # `:dedent:` on the page
        source = excerpt("cookbook/docs/kitex/metainfo/client/main.go", "call")
        assert source.startswith("\t\t"), "the excerpt is no longer indented in its file"
        block = page.locator("div.highlight-go", has_text="// room for values sent back").first
        assert block.locator("pre").inner_text().rstrip("\n") == textwrap.dedent(source).rstrip("\n")
        block.locator("button.copy").click()
        expect(block.locator("button.copy")).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()").rstrip("\n") == textwrap.dedent(source).rstrip("\n")

        goto(page, "en/docs/hertz/routing.html")  # `:lines:` inside a function, no `:dedent:`
        first = page.locator("div.highlight-go pre").first.inner_text()
        assert first.startswith("// :name matches exactly one path segment."), first[:80]
        watch.check()
    finally:
        context.close()


def test_no_code_block_on_the_site_starts_every_line_indented(site):
    found = []
    for page in sorted(site.glob("*/**/*.html")):
        for language, body in BLOCK.findall(page.read_text(encoding="utf-8")):
            lines = [line for line in unescape(re.sub(r"<[^>]+>", "", body)).split("\n") if line.strip()]
            if lines and all(line[0] in " \t" for line in lines):
                found.append(f"{page.relative_to(site)} ({language}): {lines[0][:60]!r}")
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_a_note_on_a_block_joins_its_bar_in_full(browser, base_url, viewport):
    """Room for a label the build may put on a block (why it is not run): first child of the
    block's div.highlight-<lang>, class code-note."""
    note = "not run: needs a Kubernetes cluster with Istio and three nodes"
    context, watch = new_context(browser, base_url, viewport=viewport)
    try:
        page = context.new_page()

        def with_note(route):
            response = route.fetch()  # with the site's headers, CSP included
            html = response.text().replace('<div class="highlight-console notranslate">',
                                           f'<div class="highlight-console notranslate"><span class="code-note">{note}</span>', 1)
            route.fulfill(response=response, body=html)

        page.route("**/en/cookbook/hertz/hello-server.html", with_note)
        goto(page, "en/cookbook/hertz/hello-server.html")
        block = page.locator("div.highlight-console").first
        bar_note = block.locator(".code-bar .code-note")
        assert bar_note.inner_text() == note
        assert bar_note.evaluate("n => n.scrollWidth <= n.clientWidth + 1"), "the note is cut off"
        for block_geometry in page.evaluate(GEOMETRY):
            assert not overlaps(block_geometry["button"], block_geometry["pre"]), block_geometry
        note_box = bar_note.bounding_box()
        pre_box = block.locator("pre").bounding_box()
        assert note_box["y"] + note_box["height"] <= pre_box["y"] + 1, "the note covers code"
        watch.check()
    finally:
        context.close()
