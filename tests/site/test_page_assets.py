"""Pages load sphinx-design's and sphinx-tabs' files only when they show their components."""

from __future__ import annotations

import re
from pathlib import Path

from .test_build import Assets


def assets(page: Path) -> list[str]:
    parser = Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    return [href.split("?")[0].rsplit("/", 1)[-1] for href in parser.files]


def test_each_page_loads_the_files_of_the_components_it_shows(built_site):
    checked = {"design": 0, "design-tabs": 0, "tabs": 0, "plain": 0}
    for page in sorted(built_site.glob("*/**/*.html")):
        if "_static" in page.parts:
            continue
        html, files = page.read_text(encoding="utf-8"), assets(page)
        design = re.search(r'class="[^"]*\bsd-', html) is not None
        design_tabs = 'class="sd-tab-set' in html
        tabs = 'class="sphinx-tabs' in html
        where = page.relative_to(built_site)
        assert ("sphinx-design.min.css" in files) == design, f"{where}: sphinx-design's stylesheet"
        assert ("design-tabs.js" in files) == design_tabs, f"{where}: sphinx-design's tab script"
        assert ("group-tabs.js" in files) == tabs, f"{where}: the tab script"
        assert "tabs.js" not in files and "tabs.css" not in files, f"{where}: sphinx-tabs' own files"
        checked["design"] += design
        checked["design-tabs"] += design_tabs
        checked["tabs"] += tabs
        checked["plain"] += not (design or tabs)
    assert checked["design"] and checked["tabs"] and checked["plain"], checked


def test_sphinx_tabs_own_files_are_not_published(built_site):
    for lang in ("en", "zh"):
        assert not (built_site / lang / "_static/tabs.js").exists()
        assert not (built_site / lang / "_static/tabs.css").exists()
        assert (built_site / lang / "_static/group-tabs.js").is_file()
