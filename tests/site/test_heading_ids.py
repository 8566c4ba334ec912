"""Section anchors come from their headings, in Chinese too: #中间件的顺序, not #id3."""

from __future__ import annotations

import re
from html import unescape

from myst_parser.slugs import github_slugify

from .conftest import ROOT

SECTION = re.compile(r'<section id="([^"]+)">\s*(?:<span id="[^"]*"></span>)*<h([23])>(.*?)<a class="headerlink"', re.S)


def headings(html: str) -> list[tuple[str, str]]:
    return [(unescape(i), unescape(re.sub(r"<[^>]+>", "", text))) for i, _, text in SECTION.findall(html)]


def test_chinese_sections_are_named_by_their_headings(built_site):
    checked = 0
    for page in sorted((built_site / "zh").rglob("*.html")):
        if "_static" in page.parts:
            continue
        source = ROOT / page.relative_to(built_site / "zh").with_suffix(".zh.md")
        labels = set(re.findall(r"^\(([^)\s]+)\)=\s*$", source.read_text(encoding="utf-8"), re.M)) \
            if source.is_file() else set()
        for first_id, title in headings(page.read_text(encoding="utf-8")):
            if first_id in labels:
                continue  # the author's own label
            assert not re.fullmatch(r"id\d+", first_id), f"{page}: '{title}' is #{first_id}"
            if not re.search(r"[\u4e00-\u9fff]", title) and not first_id.startswith("id"):
                continue  # docutils' own id, as on English pages
            slug = github_slugify(title)
            assert first_id == slug or re.fullmatch(re.escape(slug) + r"-\d+", first_id), (page, title, first_id)
            checked += 1
    assert checked > 200, checked


def test_the_contents_and_permalinks_use_the_named_anchor(built_site):
    html = (built_site / "zh/cookbook/hertz/middleware.html").read_text(encoding="utf-8")
    ids = [i for i, _ in headings(html)]
    assert "解决方案" in ids
    assert 'href="#解决方案"' in html  # the on-page contents
    assert '<a class="headerlink" href="#解决方案"' in html  # the permalink
    assert 'href="#id' not in html
    contributing = (built_site / "zh/contributing/index.html").read_text(encoding="utf-8")
    assert ("ci-检查什么", "CI 检查什么") in headings(contributing)


def test_english_anchors_are_unchanged(built_site):
    html = (built_site / "en/cookbook/hertz/middleware.html").read_text(encoding="utf-8")
    assert ("the-solution", "The solution") in headings(html)
