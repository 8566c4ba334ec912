"""The site builds in both languages, strictly, reproducibly, with working language links."""

from __future__ import annotations

import filecmp
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import snowballstemmer

from bench import corpus
from tools import translations
from tools.build import mirror

from .conftest import ROOT, build, published_files, trim_site

SAMPLE = ["index", "docs/index", "cookbook/index", "cookbook/hertz/hello-server",
          "meetings/index", "meetings/2022-09-22", "contributing/index"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates, self.anchors, self.html_lang = {}, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "a" and "hreflang" in attrs:
            self.anchors.append(attrs)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_both_home_pages_and_root_files(built_site):
    for name in ("en/index.html", "zh/index.html", "index.html", "404.html", "sitemap.xml",
                 "lang-redirect.js", "robots.txt"):
        assert (built_site / name).is_file(), name
    assert 'lang="zh-CN"' in (built_site / "zh/index.html").read_text(encoding="utf-8")
    root = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in root and 'href="zh/index.html"' in root  # no-JS readers
    assert '<script src="lang-redirect.js">' in root


@pytest.mark.parametrize("docname", SAMPLE)
def test_switcher_and_hreflang_point_at_existing_pages(built_site, docname):
    for lang, other, other_tag in (("en", "zh", "zh-CN"), ("zh", "en", "en")):
        page = built_site / lang / f"{docname}.html"
        links = parse(page)
        switch = [a for a in links.anchors if a.get("hreflang") == other_tag]
        assert switch, f"{page}: no language switcher to {other}"
        target = (page.parent / switch[0]["href"]).resolve()
        assert target == (built_site / other / f"{docname}.html").resolve()
        assert target.is_file()
        assert set(links.alternates) == {"en", "zh-CN", "x-default"}
        for tag, folder in (("en", "en"), ("zh-CN", "zh"), ("x-default", "en")):
            assert links.alternates[tag].endswith(f"/{folder}/{docname}.html")
            assert (built_site / folder / f"{docname}.html").is_file()


def test_sitemap_lists_both_languages(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in ("en", "zh"):
        assert f"/{lang}/cookbook/hertz/hello-server.html</loc>" in sitemap
    en_pages = [p for p in (built_site / "en").rglob("*.html") if "_static" not in p.parts
                and p.name != "search.html"]
    assert sitemap.count("<loc>") == 2 * len(en_pages)


def search_terms(built_site: Path, lang: str) -> tuple[dict, list]:
    """Body terms and title terms of a language's search index, merged."""
    text = (built_site / lang / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    terms: dict[str, list] = {}
    for table in (index["terms"], index["titleterms"]):
        for term, hits in table.items():
            terms.setdefault(term, []).extend(hits if isinstance(hits, list) else [hits])
    return terms, index["docnames"]


def docs_for(terms, docnames, term) -> set[str]:
    return {docnames[i] for i in terms.get(term, [])}


def test_search_indexes_hold_words(built_site):
    zh_terms, zh_docs = search_terms(built_site, "zh")
    assert "中间件" in zh_terms, "the Chinese index is not tokenised into words"
    assert "cookbook/hertz/middleware" in docs_for(zh_terms, zh_docs, "中间件")
    en_terms, en_docs = search_terms(built_site, "en")
    stem = snowballstemmer.stemmer("english").stemWord("middleware")
    assert "cookbook/hertz/middleware" in docs_for(en_terms, en_docs, stem)


def test_search_index_is_not_loaded_on_ordinary_pages(built_site):
    page = (built_site / "en/cookbook/hertz/hello-server.html").read_text(encoding="utf-8")
    assert "searchindex.js" not in page
    assert "searchindex.js" in (built_site / "en/search.html").read_text(encoding="utf-8")


def test_no_site_wide_navigation_in_pages(built_site):
    """A meeting page lists a bounded set of siblings, not every page of the site."""
    page = (built_site / "en/meetings/2022-09-22.html").read_text(encoding="utf-8")
    assert page.count("cookbook/hertz/routing.html") == 0


def test_a_plain_clean_build_without_the_caches_gives_the_published_files(built_site, tmp_path):
    """The test run's build (into _build, incremental, as make html) and a clean plain build agree.

    extensions/build_speed/, extensions/chinese_search.py, tools/run_sphinx.py and -j only
    make the build faster, so the second build is plain sphinx-build in one process with the
    caches off, from scratch.  Only .buildinfo may differ: it hashes the configuration.  A
    difference here is output that changes from build to build, a speed-up that changes output,
    or a page an incremental build left stale; a clean build with the default options tells which.
    """
    result = build(ROOT, tmp_path, "--jobs", "1", "--plain", "--", "-D", "site_build_caches=0")
    assert result.returncode == 0, result.stdout + result.stderr
    plain = tmp_path / "html"

    ours, theirs = published_files(plain), published_files(built_site)
    only = sorted(ours.keys() ^ theirs.keys())
    assert not only, f"files only one of the two builds wrote: {only[:10]}"
    differ = sorted(n for n in ours if not filecmp.cmp(ours[n], theirs[n], shallow=False))
    assert not differ, f"files differ between a default build and a plain one without caches: {differ[:10]}"


def test_an_html_build_loads_no_http_stack_or_doctest_until_used(tmp_path):
    # tools/run_sphinx.py: sphinx.util.requests (which imports requests) and
    # sphinx.ext.doctest (which imports doctest) run their code on first use.
    root = corpus.synthetic_site(tmp_path / "site", 5)
    script = (
        "import sys\n"
        "from tools import run_sphinx\n"
        f"code = run_sphinx.main(['-b', 'html', '-q', '-d', {str(tmp_path / 'doctrees')!r}, '.', {str(tmp_path / 'html')!r}])\n"
        "loaded_before = [name in sys.modules for name in ('requests', 'doctest')]\n"
        "from sphinx.util import requests\n"
        "requests.get\n"
        "from sphinx.ext import doctest\n"
        "doctest.blankline_re\n"
        "print(code, *loaded_before, 'requests' in sys.modules, 'doctest' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["0", "False", "False", "True", "True"], result.stdout + result.stderr


def test_the_collector_is_off_until_the_environment_is_loaded(tmp_path):
    # tools/run_sphinx.py: what startup makes lives as long as the build, so it
    # is set aside (frozen) rather than walked by every collection.
    root = corpus.synthetic_site(tmp_path / "site", 5)
    script = (
        "import gc\n"
        "from sphinx import application\n"
        "from tools import run_sphinx\n"
        "seen = []\n"
        "original = application.Sphinx._init_env\n"
        "def _init_env(self, *args):\n"
        "    seen.append(gc.isenabled())\n"
        "    return original(self, *args)\n"
        "application.Sphinx._init_env = _init_env\n"
        f"code = run_sphinx.main(['-b', 'html', '-q', '-d', {str(tmp_path / 'doctrees')!r}, '.', {str(tmp_path / 'html')!r}])\n"
        "print(code, *seen, gc.isenabled(), gc.get_freeze_count() > 10_000)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["0", "False", "True", "True"], result.stdout + result.stderr


def test_python_console_blocks_lose_their_doctest_flags(tmp_path):
    # Sphinx trims them with sphinx.ext.doctest's patterns, which now load when first used.
    root = corpus.synthetic_site(tmp_path / "site", 5)
    page = root / "docs/000/page-0.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\n```pycon\n>>> 1 + 1  # doctest: +ELLIPSIS\n2\n```\n", encoding="utf-8")
    result = build(root, tmp_path / "build", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "build/html/en/docs/000/page-0.html").read_text(encoding="utf-8")
    assert '<span class="gp">&gt;&gt;&gt; </span>' in html  # the block is there, as a console session
    assert "ELLIPSIS" not in html and "doctest:" not in html


def test_mirror_writes_what_changed_and_removes_what_is_gone(tmp_path):
    work, published = tmp_path / "work", tmp_path / "html"
    for name, text in {"a.html": "a", "sub/b.html": "b", "sub/deep/c.html": "c"}.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    assert mirror(work, published) == 3
    untouched = (published / "a.html").stat().st_mtime_ns
    (work / "sub/b.html").unlink()  # a new file, as Sphinx writes pages (extensions/page_files.py)
    (work / "sub/b.html").write_text("b, changed")
    (work / "sub/deep/c.html").unlink()
    (work / "sub/deep").rmdir()
    (work / "new.html").write_text("new")
    assert mirror(work, published) == 2
    assert sorted(p.relative_to(published).as_posix() for p in published.rglob("*")) == [
        "a.html", "new.html", "sub", "sub/b.html"]
    assert (published / "sub/b.html").read_text() == "b, changed"
    assert (published / "a.html").stat().st_mtime_ns == untouched


def test_mirror_links_pages_and_copies_other_files(tmp_path):
    work, published = tmp_path / "work", tmp_path / "html"
    (work / "_static").mkdir(parents=True)
    (work / "page.html").write_text("page")
    (work / "_static/site.css").write_text("css")
    assert mirror(work, published) == 2
    assert os.path.samefile(work / "page.html", published / "page.html")
    assert not os.path.samefile(work / "_static/site.css", published / "_static/site.css")


def test_a_failed_build_leaves_the_published_pages_as_they_were(tmp_path):
    # Pages are published by hard link; Sphinx must write the next version into a new file.
    root = corpus.synthetic_site(tmp_path / "site", 30)
    builddir = tmp_path / "build"
    assert build(root, builddir, "--lang", "en").returncode == 0
    page, published = root / "docs/000/page-3.md", builddir / "html/en/docs/000/page-3.html"
    assert os.path.samefile(published, builddir / "work/html/en/docs/000/page-3.html")
    before, text = published.read_bytes(), page.read_text(encoding="utf-8")
    page.write_text(text + "\nA new sentence, see [nowhere](no-such-page.md).\n", encoding="utf-8")
    result = build(root, builddir, "--lang", "en")
    assert result.returncode != 0 and "no-such-page.md" in result.stdout
    assert published.read_bytes() == before
    page.write_text(text + "\nA new sentence.\n", encoding="utf-8")
    result = build(root, builddir, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "A new sentence." in published.read_text(encoding="utf-8")


def test_missing_counterpart_fails_with_its_path(site_copy, tmp_path):
    trim_site(site_copy, ["docs/index"])
    (site_copy / "docs" / "index.zh.md").unlink()
    result = build(site_copy, tmp_path / "out", "--lang", "en")
    assert result.returncode != 0
    assert "docs/index.zh.md does not exist" in result.stdout
    assert f"{site_copy}/docs/index.md:1" in result.stdout


def test_untranslated_stub_shows_the_other_language_with_a_notice(site_copy, tmp_path):
    trim_site(site_copy, ["docs/index"])
    (site_copy / "docs" / "index.zh.md").write_text("---\nuntranslated: true\n---\n", encoding="utf-8")
    result = build(site_copy, tmp_path / "out", "--lang", "zh")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "out/html/zh/docs/index.html").read_text(encoding="utf-8")
    assert "本页尚未译成中文" in page
    assert "official documentation of the two frameworks" in page


def test_stale_translation_gets_a_notice(site_copy, tmp_path):
    trim_site(site_copy, ["cookbook/hertz/hello-server"])
    zh = site_copy / "cookbook/hertz/hello-server.zh.md"
    header, body = translations.split_front_matter(zh.read_text(encoding="utf-8"))
    header = re.sub(r"^translation_of:.*\n", "", header, flags=re.M) + "translation_of: 000000000000\n"
    zh.write_text(f"---\n{header}---\n{body}", encoding="utf-8")
    result = build(site_copy, tmp_path / "out", "--lang", "zh")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "out/html/zh/cookbook/hertz/hello-server.html").read_text(encoding="utf-8")
    assert "本页译自英文页面的早期版本" in page
    assert 'href="../../../en/cookbook/hertz/hello-server.html"' in page


def test_a_warning_fails_the_build_with_file_and_line(site_copy, tmp_path):
    trim_site(site_copy, ["docs/index"])
    page = site_copy / "docs" / "index.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "See [nowhere](no-such-page.md).")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(site_copy, tmp_path / "out", "--lang", "en")
    assert result.returncode != 0
    assert f"{page}:3: WARNING" in result.stdout
    assert "no-such-page.md" in result.stdout
    assert not (tmp_path / "out/html/en").exists(), "a failed build must not leave output behind"


def test_redirects_send_readers_to_the_new_page(site_copy, tmp_path):
    trim_site(site_copy, ["cookbook/hertz/hello-server"])
    (site_copy / "redirects.yaml").write_text(
        "cookbook/hertz/hello: cookbook/hertz/hello-server\n", encoding="utf-8")
    result = build(site_copy, tmp_path / "out", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "out/html/en/cookbook/hertz/hello.html").read_text(encoding="utf-8")
    assert 'content="0; url=hello-server.html"' in page


def test_redirect_to_a_missing_page_fails_with_its_line(site_copy, tmp_path):
    trim_site(site_copy, [])
    (site_copy / "redirects.yaml").write_text(
        "# moved\ncookbook/old: cookbook/no-such-page\n", encoding="utf-8")
    result = build(site_copy, tmp_path / "out", "--lang", "en")
    assert result.returncode != 0
    assert f"{site_copy}/redirects.yaml:2: WARNING" in result.stdout
    assert "cookbook/no-such-page" in result.stdout


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.files = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.files.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.files.append(attrs["src"])


@pytest.mark.parametrize("page", ["en/index.html", "zh/index.html", "en/cookbook/hertz/routing.html",
                                  "zh/docs/kitex/client-options.html"])
def test_first_visit_css_and_js_stay_small(built_site, page):
    import gzip

    path = built_site / page
    assets = Assets()
    assets.feed(path.read_text(encoding="utf-8"))
    assert assets.files, "the page loads no CSS or JS at all?"
    total = 0
    for href in assets.files:
        assert "://" not in href, f"{page} loads {href} from another site"
        total += len(gzip.compress((path.parent / href.split("?")[0]).read_bytes(), 9))
    assert total <= 40_000, f"{page}: {total} bytes of CSS + JS (gzip) on first visit"


def test_pages_show_their_last_commit_date(built_site):
    page = (built_site / "en/cookbook/hertz/hello-server.html").read_text(encoding="utf-8")
    assert re.search(r"20\d\d-\d\d-\d\d", page), "no last-updated date from git"
    assert "/edit/main/cookbook/hertz/hello-server.md" in page
