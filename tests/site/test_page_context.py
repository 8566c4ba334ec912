"""What page_context.py gives every page: a description from its lead, meetings in date order."""

from __future__ import annotations

import re
from html import unescape

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
NOTE = re.compile(r'<p class="proof-versions">(.*?)</p>', re.S)


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def test_descriptions_are_the_pages_own_lead_not_the_versions_note(built_site):
    checked = 0
    for page in sorted(built_site.glob("*/**/*.html")):
        html = page.read_text(encoding="utf-8")
        note, description = NOTE.search(html), DESCRIPTION.search(html)
        if not note or not description:
            continue
        described = unescape(description.group(1)).rstrip("…")
        assert described != text(note.group(1)), f"{page}: the description is the versions note"
        body = text(html.split('role="main"', 1)[1])
        assert described[:40] in body, f"{page}: {described!r} is not from the page"
        checked += 1
    assert checked > 40, checked
    recipe = (built_site / "en/cookbook/hertz/hello-server.html").read_text(encoding="utf-8")
    assert DESCRIPTION.search(recipe).group(1).startswith("You want the smallest Hertz program")


def test_meetings_lead_from_older_to_newer(built_site):
    for lang in ("en", "zh"):
        folder = built_site / lang / "meetings"
        dates = sorted(p.stem for p in folder.glob("????-??-??.html"))
        assert len(dates) > 5
        for i, date in enumerate(dates):
            html = (folder / f"{date}.html").read_text(encoding="utf-8")
            prev = re.search(r'<a class="prev" href="([^"]+)"', html)
            nxt = re.search(r'<a class="next" href="([^"]+)"', html)
            assert (prev.group(1) if prev else None) == (f"{dates[i - 1]}.html" if i else None), (lang, date)
            assert (nxt.group(1) if nxt else None) == (f"{dates[i + 1]}.html" if i + 1 < len(dates) else None)
