"""The files at the root of the built site, above /en/ and /zh/.

- ``index.html`` sends a visitor to the language the browser prefers
  (``lang-redirect.js``; English by default, and plain links without JavaScript);
- ``404.html`` with links to both home pages and the search, every address absolute from the
  site's root path, so that it works at any depth and under a sub-path such as Read the Docs'
  ``/en/latest/`` (``not-found.js`` puts the visitor's language first and searches for the
  words of the missing address);
- ``sitemap.xml`` listing every page in both languages with its alternates;
- ``robots.txt``, ``.nojekyll`` (GitHub Pages must serve ``_static``) and ``_headers``
  (the Content-Security-Policy and other headers, from ``hosting/_headers``).

Everything is derived from the two language builds, in a stable order, so two
builds of one commit give identical files.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import yaml

SKIP = {"search.html", "genindex.html"}

INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CloudWeGo Community</title>
<link rel="alternate" hreflang="en" href="{base}en/index.html">
<link rel="alternate" hreflang="zh-CN" href="{base}zh/index.html">
<link rel="alternate" hreflang="x-default" href="{base}en/index.html">
<noscript><meta http-equiv="refresh" content="0; url=en/index.html"></noscript>
<script src="lang-redirect.js"></script>
<link rel="icon" type="image/svg+xml" href="en/_static/favicon.svg">
<link rel="stylesheet" href="root.css">
</head>
<body>
<main>
<h1>CloudWeGo Community</h1>
<ul>
<li><a href="en/index.html" hreflang="en" lang="en">English</a></li>
<li><a href="zh/index.html" hreflang="zh-CN" lang="zh-CN">简体中文</a></li>
</ul>
</main>
</body>
</html>
"""

# Runs before the page renders; never leaves the site (relative URLs only).
REDIRECT_JS = """(function () {
  var langs = navigator.languages || [navigator.language || "en"];
  var target = "en";
  for (var i = 0; i < langs.length; i++) {
    var tag = String(langs[i]).toLowerCase();
    if (tag.indexOf("zh") === 0) { target = "zh"; break; }
    if (tag.indexOf("en") === 0) { break; }
  }
  window.location.replace(target + "/index.html");
})();
"""

ROOT_CSS = """body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;
margin:0;padding:3rem 1.5rem;line-height:1.6;color:#1f2328;background:#fff}
main{max-width:36rem;margin:0 auto}a{color:#0a58b8}
.mark{display:flex;align-items:center;gap:.75rem;margin:0 0 2rem;font-size:1.2rem;font-weight:700}
section+section{margin-top:2rem;padding-top:1rem;border-top:1px solid #d0d7de}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}a{color:#6cb6ff}
section+section{border-color:#3d444d}}
"""

NOT_FOUND = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page not found · 页面不存在</title>
<link rel="icon" type="image/svg+xml" href="{root}en/_static/favicon.svg">
<link rel="stylesheet" href="{root}root.css">
<script src="{root}not-found.js" defer></script>
</head>
<body>
<main class="not-found" data-root="{root}">
<p class="mark"><img src="{root}en/_static/mark.svg" alt="" width="48" height="48"> CloudWeGo Community</p>
<section lang="en" data-lang="en">
<h1>Page not found</h1>
<p>The page you asked for does not exist. It may have moved: try the
<a href="{root}en/index.html">home page</a> or <a class="search" href="{root}en/search.html">search the site</a>.</p>
</section>
<section lang="zh-CN" data-lang="zh">
<h1>页面不存在</h1>
<p>你访问的页面不存在，可能已经移动。请回到<a href="{root}zh/index.html">首页</a>或<a class="search" href="{root}zh/search.html">搜索本站</a>。</p>
</section>
</main>
</body>
</html>
"""

# The 404 page is served at whatever address was missing, at any depth below the site: every
# address on it is absolute, from the site's root path (the path of html_baseurl, which Read the
# Docs sets to /<language>/<version>/).  The script puts the language of the missing address
# first and searches for the words of its last part.
NOT_FOUND_JS = """(function () {
  var main = document.querySelector(".not-found");
  if (!main) return;
  var root = main.getAttribute("data-root") || "/";
  var path = decodeURIComponent(location.pathname);
  var rest = path.indexOf(root) === 0 ? path.slice(root.length) : path;
  if (/^zh\\//.test(rest)) {
    var zh = main.querySelector("[data-lang=zh]");
    main.insertBefore(zh, main.querySelector("[data-lang=en]"));
    document.documentElement.lang = "zh-CN";
  }
  var words = (rest.split("/").pop() || "").replace(/\\.html?$/, "").replace(/[-_.]+/g, " ").trim();
  if (words && words !== "index") {
    main.querySelectorAll("a.search").forEach(function (a) {
      a.href = a.href.split("?")[0] + "?q=" + encodeURIComponent(words);
    });
  }
})();
"""


def pages(html_dir: Path, redirected: set[str]) -> list[str]:
    """Every page of one language build, as paths relative to its folder."""
    found = []
    for path in html_dir.rglob("*.html"):
        rel = path.relative_to(html_dir).as_posix()
        if rel.startswith("_") or rel in SKIP or rel.removesuffix(".html") in redirected:
            continue
        found.append(rel)
    return sorted(found)


def sitemap(base: str, entries: list[str]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for rel in entries:
        for lang in ("en", "zh"):
            lines.append("<url>")
            lines.append(f"<loc>{escape(base + lang + '/' + rel)}</loc>")
            for other, hreflang in (("en", "en"), ("zh", "zh-CN"), ("en", "x-default")):
                href = escape(base + other + "/" + rel)
                lines.append(f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="{href}"/>')
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def base_url(root: Path) -> str:
    import runpy

    namespace = runpy.run_path(str(root / "conf.py"))
    return namespace["html_baseurl"]


def write(site: Path, root: Path, base: str | None = None) -> None:
    """Write the root files into ``site``; ``base`` is the published address (default: conf.py's)."""
    base = base or base_url(root)
    redirects_file = root / "redirects.yaml"
    redirected = set()
    if redirects_file.is_file():
        redirected = {str(k).removesuffix(".html") for k in (yaml.safe_load(redirects_file.read_text()) or {})}
    en, zh = pages(site / "en", redirected), pages(site / "zh", redirected)
    if en != zh:
        only = sorted(set(en) ^ set(zh))
        raise SystemExit(f"the English and Chinese builds differ in pages: {', '.join(only[:10])}")
    root_path = urlsplit(base).path or "/"
    files = {
        "index.html": INDEX.format(base=escape(base)),
        "lang-redirect.js": REDIRECT_JS,
        "root.css": ROOT_CSS,
        "404.html": NOT_FOUND.format(root=escape(root_path)),
        "not-found.js": NOT_FOUND_JS,
        "sitemap.xml": sitemap(base, en),
        "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n",
        ".nojekyll": "",
        # Security headers for hosts that read a _headers file (hosting/_headers is the source).
        "_headers": (root / "hosting" / "_headers").read_text(encoding="utf-8"),
    }
    for name, text in files.items():
        target, data = site / name, text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue  # unchanged: a reader of the published site keeps the same file
        partial = target.with_name(f".{name}.part")
        partial.write_bytes(data)
        os.replace(partial, target)  # a reader (or a killed build) sees the old file or the new one
