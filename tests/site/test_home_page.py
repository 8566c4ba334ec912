"""The home page's newest recipes and latest meeting follow the sources, with nothing kept by hand."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from .conftest import ROOT

if str(ROOT / "extensions") not in sys.path:
    sys.path.insert(0, str(ROOT / "extensions"))

import home_page  # noqa: E402  (extensions/home_page.py)

ITEM = re.compile(r'<p class="home-item"><a class="reference internal" href="([^"]+)">')


def first_commit_dates() -> dict[str, str]:
    out = subprocess.run(["git", "log", "--reverse", "--format=%x00%cs", "--name-only", "--no-renames", "--", "cookbook"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    dates, date = {}, ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line:
            dates.setdefault(line, date)
    return dates


def reading_order(tree: list) -> list[str]:
    found = []
    for entry in tree:
        found.append(entry[1].removesuffix(".html"))
        found.extend(reading_order(entry[2]) if len(entry) > 2 else [])
    return found


def test_newest_recipes_are_the_last_added(built_site):
    order = reading_order(json.loads((built_site / "en/_static/navigation.json").read_text())["tree"])
    recipes = [d for d in order if d.startswith("cookbook/") and not d.endswith("index")]
    added = first_commit_dates()
    expected = sorted(recipes, key=lambda d: (added.get(f"{d}.md", ""), order.index(d)), reverse=True)[:4]
    for lang in ("en", "zh"):
        html = (built_site / lang / "index.html").read_text(encoding="utf-8")
        shown = [href.removesuffix(".html") for href in ITEM.findall(html)]
        assert shown[:4] == expected, (lang, shown, expected)


def test_latest_meeting_is_the_newest_record(built_site):
    newest = max(p.stem for p in (ROOT / "meetings").glob("????-??-??.md"))
    for lang in ("en", "zh"):
        html = (built_site / lang / "index.html").read_text(encoding="utf-8")
        box = html.split('class="home-meeting', 1)[1].split("</div>", 1)[0]
        assert f'href="meetings/{newest}.html"' in box
        assert newest in box
        assert box.count("<li>") >= 1, "the meeting's agenda is missing"


def test_long_leads_are_shortened_by_width():
    english = "word " * 60
    chinese = "中文字符" * 40
    assert len(home_page._short(english)) <= home_page.DESCRIPTION_LENGTH
    assert home_page._short(english).endswith("word…")
    assert len(home_page._short(chinese)) <= home_page.DESCRIPTION_LENGTH // 2 + 1  # and "…"
    assert home_page._short("short") == "short"
