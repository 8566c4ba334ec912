"""The whole site's navigation is written once per language, not into every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

LANGS = ("en", "zh")


def navigation(built_site: Path, lang: str) -> list:
    return json.loads((built_site / lang / "_static/navigation.json").read_text(encoding="utf-8"))["tree"]


def flatten(tree: list, depth: int = 0) -> list[tuple[int, str, str]]:
    found = []
    for entry in tree:
        found.append((depth, entry[0], entry[1]))
        found.extend(flatten(entry[2], depth + 1) if len(entry) > 2 else [])
    return found


def test_the_tree_holds_every_page_once_in_reading_order(built_site):
    for lang in LANGS:
        entries = flatten(navigation(built_site, lang))
        links = [link for _, _, link in entries]
        assert len(links) == len(set(links)), f"{lang}: a page appears twice"
        for link in links:
            assert (built_site / lang / link).is_file(), f"{lang}: {link} does not exist"
        top = [link for depth, _, link in entries if depth == 0]
        assert top == ["docs/index.html", "cookbook/index.html", "demos/index.html",
                       "meetings/index.html", "contributing/index.html"], top
        # Reading order: the Hertz docs come in their section's toctree order.
        hertz = [link for _, _, link in entries if link.startswith("docs/hertz/") and link != "docs/hertz/index.html"]
        assert hertz[:2] == ["docs/hertz/overview.html", "docs/hertz/getting-started.html"], hertz
        # Every content page of the build is in the tree (the generated people and project
        # pages of the meetings too), except the home page, which is its root.
        pages = {p.relative_to(built_site / lang).as_posix() for p in (built_site / lang).rglob("*.html")
                 if "_static" not in p.parts and p.name not in ("search.html", "genindex.html")}
        redirects = {p for p in pages if "http-equiv=\"refresh\"" in (built_site / lang / p).read_text(encoding="utf-8")}
        assert pages - redirects - {"index.html"} == set(links)


def test_both_languages_have_the_same_tree_with_their_own_titles(built_site):
    en, zh = flatten(navigation(built_site, "en")), flatten(navigation(built_site, "zh"))
    assert [(d, link) for d, _, link in en] == [(d, link) for d, _, link in zh]
    assert dict((link, t) for _, t, link in zh)["docs/hertz/middleware.html"] == "中间件"


def test_every_page_points_at_its_language_tree(built_site):
    for page in ("en/docs/hertz/middleware.html", "zh/meetings/2022-09-22.html", "en/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        src = re.search(r'data-nav="([^"]+)"', html).group(1)
        target = ((built_site / page).parent / src).resolve()
        assert target == (built_site / page.split("/")[0] / "_static/navigation.json").resolve(), page
