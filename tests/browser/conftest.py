"""The built site in a real browser: Chromium driven by Playwright, served on 127.0.0.1.

The site is built once (``python -m tools.build``, as the site tests do) and
served by ``tools.site_server`` with the response headers of
``hosting/_headers`` — the Content-Security-Policy visitors get is the one the
browser enforces here.  Every page a test opens is watched: console errors,
uncaught exceptions, failed requests, error responses, CSP violations and any
request for a host other than 127.0.0.1 (which cannot resolve: Chromium runs with a
host-resolver rule that maps every other name to nothing) are collected, and a
test fails if its pages produced any.

The tests run Chromium's headless shell (``chromium-headless-shell``, the Debian
package of that name, which ``.ci/run`` installs): the same engine as the
``chromium`` package without the windowing parts of the browser, it takes about a
quarter less processor time per page.  Without it they run ``chromium``; without
either on PATH, or without the playwright package, the folder is skipped with one
message — except under CI (``CI`` set), where that is a failure.  Set
``CW_SITE_HTML`` to an already built ``_build/html`` to skip the build when
working on these tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT
from tools.site_server import serve

# Found on PATH, like every other program the tests run (CI checks the skip with Chromium taken off PATH).
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 # Nothing but 127.0.0.1 resolves: a page that reaches out fails to, and is reported.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 740}
LANGS = ("en", "zh")

# Records CSP violations from the moment a document starts (an init script is not subject to the CSP).
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || location.href) + ":" + e.lineNumber);
});
"""


def _missing() -> str | None:
    if CHROMIUM is None:
        return ("browser tests skipped: no chromium-headless-shell or chromium on PATH "
                "(install it with 'apt-get install chromium-headless-shell'; .ci/run does)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests skipped: the playwright package is missing (pip install -r requirements.txt)"
    return None


MISSING = _missing()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    """One skip message for every test of the folder; under CI a missing browser is a failure."""
    if MISSING and os.environ.get("CI"):
        pytest.fail(MISSING.replace("skipped", "cannot run under CI"), pytrace=False)
    if MISSING:
        pytest.skip(MISSING)


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The built site (both languages and the root files), shared with the site tests."""
    given = os.environ.get("CW_SITE_HTML")
    if given:
        return Path(given).resolve()
    return request.getfixturevalue("built_site")


@pytest.fixture(scope="session")
def base_url(site) -> str:
    with serve(site) as url:
        yield url


# Package scope: Playwright's sync API keeps an event loop running in this thread while it is
# open, and later tests (Python code blocks calling asyncio.run) need it closed again.
@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _own_icon_request(url: str) -> bool:
    """The browser's own request for /favicon.ico, made for a document with no icon of its own
    (a diagram's SVG file opened at full size). Pages name their icon; a hosted site's
    /favicon.ico is the host's, above the site (Read the Docs serves it under /en/latest/)."""
    return urlsplit(url).path == "/favicon.ico"


@dataclass
class Watch:
    """Everything that went wrong in the pages of one browser context."""

    base_url: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        # Recorded from the browser's events rather than intercepted (interception halves the
        # speed of the crawl); the --host-resolver-rules above make sure nothing gets out.
        context.on("request", self._request)
        context.add_init_script(CSP_RECORDER)
        context.on("page", self.watch_page)

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.outside.append(f"{request.url} (from {request.frame.url if request.frame else '?'})")

    def watch_page(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and not _own_icon_request(m.location.get("url", "")) and
                self.errors.append(f"console error on {page.url}: {m.text} "
                                   f"({m.location.get('url')}:{m.location.get('lineNumber')})"))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught exception on {page.url}: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and not _own_icon_request(r.url) and self.errors.append(
            f"HTTP {r.status} for {r.url} (page {page.url})"))

    def _failed(self, request) -> None:
        failure = request.failure or ""
        # A navigation cancels what the previous page still had in flight; outside requests
        # (which cannot resolve) are reported by _request.
        if "ERR_ABORTED" in failure or urlsplit(request.url).hostname != "127.0.0.1":
            return
        self.errors.append(f"request failed: {request.url}: {failure}")

    def csp(self, page) -> None:
        """Collect the CSP violations the current document recorded."""
        try:
            found = page.evaluate("window.__cspViolations || []")
        except Exception:  # the page navigated meanwhile
            return
        self.errors.extend(f"CSP violation on {page.url}: {v}" for v in found)

    def problems(self) -> list[str]:
        return [f"request left 127.0.0.1: {u}" for u in self.outside] + self.errors

    def check(self) -> None:
        problems = self.problems()
        self.outside.clear()
        self.errors.clear()
        assert not problems, "\n".join(problems[:40]) + (f"\n… and {len(problems) - 40} more" if len(problems) > 40 else "")


def new_context(browser, base_url: str, **options):
    """A browser context on the site, watched; returns (context, watch)."""
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(15_000)
    watch = Watch(base_url)
    watch.attach(context)
    return context, watch


@pytest.fixture(scope="package")
def desktop(browser, base_url):
    """One desktop context shared by the tests that do not change browser state."""
    context, watch = new_context(browser, base_url)
    yield context, watch
    context.close()


@pytest.fixture
def page(desktop):
    """A fresh page in the shared desktop context; fails the test on any recorded problem."""
    context, watch = desktop
    watch.check()  # problems of an earlier test are that test's
    p = context.new_page()
    yield p
    watch.csp(p)
    p.close()
    watch.check()


@pytest.fixture
def watch(desktop) -> Watch:
    return desktop[1]


def goto(page, path: str) -> None:
    """Open a page of the site and wait until it has loaded."""
    response = page.goto(path, wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"


def docname_of(url: str) -> str:
    """'cookbook/hertz/middleware' for http://127.0.0.1:N/en/cookbook/hertz/middleware.html#x."""
    path = unquote(urlsplit(url).path)
    path = re.sub(r"^/(en|zh)/", "", path)
    return path.removesuffix(".html")


def wait_until(page, function: str, arg=None, timeout: float = 10.0) -> None:
    """Wait until ``function`` (JavaScript, called with ``arg``) returns something true.

    Playwright's ``wait_for_function`` evaluates its predicate with ``eval``, which the
    site's Content-Security-Policy blocks; ``page.evaluate`` runs outside the policy.
    """
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(function, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {function} ({arg!r})")
        page.wait_for_timeout(50)


def build_small_site(tmp: Path, pages: dict[str, str], extensions: list[str]) -> Path:
    """A site of a few pages (docname -> MyST text) in the site's theme, with the theme's own
    extensions and ``extensions``; returns the output folder, to serve (pages under en/)."""
    names = ["myst_parser", *extensions, "page_assets", "site_navigation", "content_safety", "content_security"]
    (tmp / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'extensions')!r})\n"
        f"extensions = {names!r}\n"
        "myst_enable_extensions = ['colon_fence']\n"
        f"html_theme = 'cloudwego'\nhtml_theme_path = [{str(ROOT / 'theme')!r}]\n"
        "html_js_files = [('theme-init.js', {'priority': 100}), ('site.js', {'defer': 'defer', 'priority': 800})]\n",
        encoding="utf-8")
    for docname, text in pages.items():
        (tmp / f"{docname}.md").write_text(text, encoding="utf-8")
    out = tmp / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-W", str(tmp), str(out / "en")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return out
