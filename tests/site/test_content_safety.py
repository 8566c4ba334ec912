"""Content cannot inject script; external links open safely; pages need no inline script or style.

See extensions/content_safety.py and extensions/content_security.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sphinx

from .conftest import ROOT, build, trim_site


def _extension(name: str):
    spec = importlib.util.spec_from_file_location(f"_ext_{name}", ROOT / "extensions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scan_raw_html = _extension("content_safety").scan_raw_html
unsafe_url = _extension("content_safety").unsafe_url
rewrite = _extension("content_security").rewrite

# (Markdown line, what the warning must say): each line is one way of injecting script.
BAD_LINES = [
    ("<script>alert(document.cookie)</script>", "raw HTML <script> is not allowed"),
    ('<iframe src="https://example.com/"></iframe>', "raw HTML <iframe> is not allowed"),
    ('Click <span onclick="steal()">here</span> for more.', "raw HTML event handler onclick= is not allowed"),
    ('<a href="javascript:alert(1)">a link</a>', "raw HTML href= with a javascript: URL is not allowed"),
    ("[a link](javascript:alert(1))", "link with a javascript: URL is not allowed"),
    ('<img alt="x" src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">', "raw HTML src= with a data: URL"),
    ("![pixel](data:image/png;base64,iVBORw0KGgo=)", "image with a data: URL is not allowed"),
]


def test_a_page_that_injects_script_fails_the_build_with_file_and_line(site_copy, tmp_path):
    trim_site(site_copy, ["docs/index"])
    pages = [site_copy / "docs" / "index.md", site_copy / "docs" / "index.zh.md"]
    first = {}
    for page in pages:
        lines = page.read_text(encoding="utf-8").splitlines()
        first[page] = len(lines) + 2  # line of the first bad line: after the page and a blank line
        added = []
        for bad, _ in BAD_LINES:
            added += [bad, ""]
        page.write_text("\n".join(lines + [""] + added), encoding="utf-8")
    result = build(site_copy, tmp_path / "out")  # both languages
    assert result.returncode != 0, "the build accepted a page that injects script"
    for page in pages:
        for i, (bad, message) in enumerate(BAD_LINES):
            expected = f"{page}:{first[page] + 2 * i}: WARNING: {message}"
            assert expected in result.stdout, f"{bad!r} not reported as {expected!r}:\n{result.stdout[-4000:]}"


def test_an_image_size_that_needs_an_inline_style_is_reported(site_copy, tmp_path):
    trim_site(site_copy, ["docs/index"])
    page = site_copy / "docs" / "index.md"
    text = page.read_text(encoding="utf-8").rstrip("\n")
    line = text.count("\n") + 3
    shutil.copy(site_copy / "theme/cloudwego/static/favicon.svg", site_copy / "docs/pic.svg")
    page.write_text(text + "\n\n```{image} pic.svg\n:alt: a picture\n:width: 4em\n```\n", encoding="utf-8")
    result = build(site_copy, tmp_path / "out", "--lang", "en")
    assert result.returncode != 0
    assert f"{page}:{line}: WARNING: :width: 4em cannot be shown without an inline style" in result.stdout, \
        result.stdout[-3000:]


@pytest.mark.parametrize("fragment", [
    "<script>x()</script>", "<SCRIPT src=x.js></SCRIPT>", "< script>x()</script>", "<script/x>",
    "<iframe srcdoc='x'></iframe>", "<object data=x></object>", "<embed src=x>", "<base href=//evil>",
    '<svg onload="x()"></svg>', "<b ONMOUSEOVER=x()>b</b>", '<a href=" JavaScript:x()">a</a>',
    '<a href="java&#115;cript:x()">a</a>', '<a href="java\tscript:x()">a</a>', '<img src="data:,x">',
    '<form action="javascript:x()"></form>', '<div style="background:url(javascript:x())"></div>',
])
def test_raw_html_that_could_run_script_is_found(fragment):
    assert scan_raw_html(fragment), fragment


@pytest.mark.parametrize("fragment", [
    "<b>bold</b>", '<a href="https://www.cloudwego.io/">site</a>', '<img alt="x" src="img.png">',
    "<details><summary>more</summary>text</details>", '<span class="online">on</span>',
    '<abbr title="javascript: is a URL scheme">js</abbr>', "<kbd>Ctrl</kbd>",
])
def test_harmless_raw_html_passes(fragment):
    assert scan_raw_html(fragment) == [], fragment


def test_problems_carry_their_line_within_the_fragment():
    assert scan_raw_html("<div>\n<p>ok</p>\n<script>x()</script>\n</div>") == [
        (3, "raw HTML <script> is not allowed in content")]


def test_unsafe_url():
    assert unsafe_url("javascript:alert(1)") == "javascript:"
    assert unsafe_url("  JAVA\nSCRIPT:alert(1)") == "javascript:"
    assert unsafe_url("data:text/html,<script>") == "data:"
    assert unsafe_url("vbscript:x") == "vbscript:"
    for ok in ("https://example.com/javascript:", "../data/file.html", "mailto:a@b.c", "#data:x"):
        assert unsafe_url(ok) is None, ok


def test_translations_js_needs_no_eval():
    source = Path(sphinx.__file__).parent / "locale/zh_CN/LC_MESSAGES/sphinx.js"
    original = source.read_text(encoding="utf-8")
    assert "Documentation.addTranslations(" in original
    safe = rewrite(original)
    assert safe is not None and "addTranslations" not in safe and "Function" not in safe
    assert "Documentation.PLURAL_EXPR = function (n) { return Number((0)); };" in safe
    catalog = json.loads(safe[safe.index("})(") + 3 : safe.rindex(");")])
    messages = json.loads(original[original.index("(") + 1 : original.rindex(")")])["messages"]
    assert catalog["messages"] == messages and catalog["locale"]
    # A plural rule that is not a plain expression in n is not written into script.
    hostile = 'Documentation.addTranslations({"locale": "x", "messages": {}, "plural_expr": "alert(1)"});'
    assert "alert" not in rewrite(hostile)
    assert rewrite("console.log(1)") is None


def test_translations_js_works_in_javascript(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = Path(sphinx.__file__).parent / "locale/zh_CN/LC_MESSAGES/sphinx.js"
    script = tmp_path / "t.js"
    script.write_text(
        "const Documentation = {TRANSLATIONS: {}, LOCALE: 'unknown', PLURAL_EXPR: null};\n"
        + rewrite(source.read_text(encoding="utf-8"))
        + "\nconsole.log(JSON.stringify([Documentation.LOCALE, Documentation.PLURAL_EXPR(1),"
        " Documentation.PLURAL_EXPR(5), Documentation.TRANSLATIONS['Search']]));\n",
        encoding="utf-8")
    out = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    locale, one, many, search = json.loads(out.stdout)
    assert locale.startswith("zh") and one == 0 and many == 0 and search == "搜索"


_A = re.compile(r"<a\s[^>]*>")


@pytest.mark.slow
def test_built_pages_have_safe_links_and_no_inline_script_or_style(built_site):
    unsafe, inline = [], []
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        text = path.read_text(encoding="utf-8")
        for tag in _A.findall(text):
            href = re.search(r'href="([^"]*)"', tag)
            if href and re.match(r"(https?:)?//", href.group(1)):
                rel_attr = re.search(r'rel="([^"]*)"', tag)
                words = set(rel_attr.group(1).split()) if rel_attr else set()
                if not {"noopener", "noreferrer"} <= words:
                    unsafe.append(f"{rel}: {tag}")
        for script in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in script and 'type="application/ld+json"' not in script:
                inline.append(f"{rel}: {script}")
        if re.search(r"\sstyle=\"", text) or "<style" in text:
            inline.append(f"{rel}: inline style")
    assert not unsafe, "external links without rel=\"noopener noreferrer\":\n" + "\n".join(unsafe[:30])
    assert not inline, "inline script or style, blocked by the CSP:\n" + "\n".join(inline[:30])
    for lang in ("en", "zh"):
        translations = built_site / lang / "_static" / "translations.js"
        if translations.exists():
            assert "new Function" not in translations.read_text(encoding="utf-8")
