"""Screenshots of the built site for reviewers of a pull request.

    python -m tools.screenshots                       # from _build/html into _build/screenshots
    python -m tools.screenshots --builddir /tmp/b     # from /tmp/b/html into /tmp/b/screenshots

Saves PNGs of the home page, a docs page, a recipe and a meeting, in English and
Chinese, on a desktop (1366 × 900) and a phone (390 × 844) screen, in the light and
the dark colour scheme — ``en-recipe-desktop-light.png`` … — each the whole page.  The site is served on 127.0.0.1 with the
hosting headers (``tools.site_server``), in Chromium (/usr/bin/chromium) driven by
Playwright; build the site first (``make html``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.site_server import serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--hide-scrollbars"]
PAGES = {"home": "index", "docs": "docs/hertz/middleware", "recipe": "cookbook/hertz/middleware",
         "meeting": "meetings/2022-09-22"}
SCREENS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}
SCHEMES = ("light", "dark")


def take(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with serve(site) as base_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for screen, options in SCREENS.items():
                for scheme in SCHEMES:
                    context = browser.new_context(base_url=base_url, color_scheme=scheme, **options)
                    page = context.new_page()
                    for lang in ("en", "zh"):
                        for name, docname in PAGES.items():
                            response = page.goto(f"{lang}/{docname}.html", wait_until="networkidle")
                            if response is None or not response.ok:
                                raise SystemExit(f"{lang}/{docname}.html: HTTP {response.status if response else '?'}")
                            page.evaluate("document.fonts.ready")
                            path = out / f"{lang}-{name}-{screen}-{scheme}.png"
                            page.screenshot(path=str(path), full_page=True, animations="disabled")
                            saved.append(path)
                    context.close()
        finally:
            browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--builddir", type=Path, default=ROOT / "_build",
                        help="build folder: reads BUILDDIR/html, writes BUILDDIR/screenshots")
    args = parser.parse_args(argv)
    site, out = args.builddir / "html", args.builddir / "screenshots"
    if not (site / "en" / "index.html").is_file():
        print(f"no built site in {site}: run 'make html' first", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print(f"screenshots need Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("screenshots need the playwright package (pip install -r requirements.txt)", file=sys.stderr)
        return 2
    saved = take(site, out)
    for path in saved:
        print(path)
    print(f"{len(saved)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
