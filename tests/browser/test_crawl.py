"""Every page of the site in the browser, under the shipped Content-Security-Policy.

One pass over the whole site (both languages and the root pages), in SHARDS
parts that the test processes share out, one page object reused per part: no
console error, no uncaught exception, no failed request, no
CSP violation, no request for anything but 127.0.0.1; every internal link
points at a file of the site and every #anchor at an id on its page; every
external link carries rel="noopener noreferrer".
"""

from __future__ import annotations

import json
import re
import urllib.request
import zlib
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tools.site_server import HEADERS_FILE, headers_for, load_rules

from .conftest import goto

MAX_PAGES = 2000  # a bound, far above the site's size
SHARDS = 4  # the crawl is the longest test: in parts, it no longer ends the run alone
_ID = re.compile(r"""\s(?:id|name)\s*=\s*["']([^"']+)["']""")

# As one JSON string: Playwright checks every value it carries back, and a page's few hundred
# links as objects took more than half of the test process's time per page (47 ms against 20).
LINKS = """() => JSON.stringify(Array.from(document.querySelectorAll('a[href], area[href]')).map(a => ({
  href: a.href, raw: a.getAttribute('href'), rel: (a.getAttribute('rel') || '').split(/\\s+/),
  target: a.getAttribute('target')})))"""


def pages(site: Path) -> list[str]:
    found = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    return sorted(p for p in found if "/_static/" not in p and "/_sources/" not in p)


@cache
def ids(path: Path) -> frozenset[str]:
    return frozenset(unquote(i) for i in _ID.findall(path.read_text(encoding="utf-8")))


def target_file(site: Path, path: str) -> Path:
    local = site / unquote(path).lstrip("/")
    if path.endswith("/") or local.is_dir():
        local = local / "index.html"
    return local


def shard_of(path: str) -> int:
    return zlib.crc32(path.encode()) % SHARDS


@pytest.mark.parametrize("shard", range(SHARDS))
def test_whole_site_loads_cleanly_and_every_link_resolves(page, watch, site, base_url, shard):
    every = pages(site)
    assert len(every) < MAX_PAGES
    mine = [p for p in every if shard_of(p) == shard]
    assert mine, f"part {shard} of {SHARDS} has no page"
    # Every page is some part's; a file found only through a link is the part's its name falls in.
    queue, seen, broken, unsafe = mine, set(every), [], []
    origin = urlsplit(base_url).netloc
    while queue:
        rel = queue.pop(0)
        goto(page, rel)
        if rel == "index.html":  # sends the visitor on to the language the browser prefers
            page.wait_for_url("**/en/index.html", wait_until="load")
        watch.csp(page)
        here = unquote(urlsplit(page.url).path).lstrip("/")  # the root index.html moves on to a language
        for link in json.loads(page.evaluate(LINKS)):
            parts = urlsplit(link["href"])
            if parts.scheme in ("http", "https") and parts.netloc != origin:
                if not {"noopener", "noreferrer"} <= set(link["rel"]):
                    unsafe.append(f"{rel}: {link['raw']} (rel={' '.join(link['rel'])!r})")
                continue
            if parts.scheme not in ("http", "https"):
                continue  # mailto: and the like
            file = target_file(site, parts.path)
            if not file.is_file():
                broken.append(f"{here}: {link['raw']} -> {parts.path} does not exist")
                continue
            if parts.fragment and unquote(parts.fragment) not in ids(file):
                broken.append(f"{here}: {link['raw']} -> no id {unquote(parts.fragment)!r} in {parts.path}")
            target = file.relative_to(site).as_posix()
            # Pages only reachable by links; a feed or a calendar file is for other programs
            # (a browser would download it): that it exists is checked above.
            feed = target.endswith((".xml", ".ics"))
            if not feed and target not in seen and shard_of(target) == shard and len(seen) < MAX_PAGES:
                seen.add(target)
                queue.append(target)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:50])
    assert not unsafe, "external links without rel=\"noopener noreferrer\":\n" + "\n".join(unsafe[:50])
    watch.check()  # console errors, failed requests, CSP violations, requests that left 127.0.0.1


def test_server_sends_the_headers_of_the_hosting_configuration(base_url):
    rules = load_rules()
    expected = dict(headers_for("/en/index.html", rules))
    assert "Content-Security-Policy" in expected, f"{HEADERS_FILE}: no Content-Security-Policy for pages"
    for name in ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert name in expected, f"{HEADERS_FILE}: no {name}"
    csp = expected["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert re.search(r"script-src 'self'(;|$)", csp)
    with urllib.request.urlopen(base_url + "en/index.html", timeout=10) as response:
        for name, value in expected.items():
            assert response.headers[name] == value, name


def test_the_guards_see_what_they_should(browser, base_url):
    """An inline script is blocked by the shipped policy; a request for another host is seen and fails."""
    from .conftest import new_context

    context, watch = new_context(browser, base_url)
    try:
        page = context.new_page()
        goto(page, "en/index.html")
        page.evaluate("""() => { const s = document.createElement('script');
            s.textContent = 'window.__ran = true'; document.head.appendChild(s); }""")
        assert page.evaluate("window.__ran === undefined"), "the CSP let an inline script run"
        page.evaluate("() => { new Image().src = 'http://example.com/pixel.png'; }")
        page.wait_for_timeout(300)
        watch.csp(page)
        problems = watch.problems()
        assert any("script-src" in p and "inline" in p for p in problems), problems
        assert any("img-src" in p and "example.com" in p for p in problems), problems
    finally:
        watch.outside.clear()
        watch.errors.clear()
        context.close()

    # Without the policy the request is made: it is recorded, and it cannot get out.
    context, watch = new_context(browser, base_url, bypass_csp=True)
    try:
        page = context.new_page()
        goto(page, "en/index.html")
        with page.expect_event("requestfailed") as failed:
            page.evaluate("() => { new Image().src = 'http://example.com/pixel.png'; }")
        assert "ERR_NAME_NOT_RESOLVED" in (failed.value.failure or ""), failed.value.failure
        assert any("example.com/pixel.png" in u for u in watch.outside), watch.outside
    finally:
        watch.outside.clear()
        watch.errors.clear()
        context.close()
