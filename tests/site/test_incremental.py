"""An incremental build writes the same pages as a clean build, and only the pages it must.

Built on a small synthetic site (``bench/corpus.py``: sections of 50 pages
with toctrees and cross-links) with the site's own configuration.
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
from pathlib import Path

import pytest

from bench import corpus

from .conftest import ROOT, build, published_files

PAGES = 60  # two sections


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    root = corpus.synthetic_site(tmp_path_factory.mktemp("incremental") / "site", PAGES)
    builddir = root.parent / "build"
    result = build(root, builddir, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, builddir


def html_files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*.html")}


def rebuild_and_compare(root: Path, builddir: Path, tmp_path: Path) -> set[str]:
    """Rebuild incrementally; assert it equals a clean build; return the pages it wrote."""
    before = {name: p.stat().st_mtime_ns for name, p in html_files(builddir / "html/en").items()}
    result = build(root, builddir, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    clean = tmp_path / "clean"
    result = build(root, clean, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr

    ours, theirs = published_files(builddir / "html/en"), published_files(clean / "html/en")
    assert ours.keys() == theirs.keys()
    stale = [name for name in ours if not filecmp.cmp(ours[name], theirs[name], shallow=False)]
    assert not stale, f"files differ from a clean build: {stale[:10]}"
    return {name for name, p in html_files(builddir / "html/en").items() if before.get(name) != p.stat().st_mtime_ns}


def set_title(page: Path, title: str) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"^# .*$", f"# {title}", text, count=1, flags=re.M), encoding="utf-8")


def test_one_word_edit_rewrites_only_that_page(site, tmp_path):
    root, builddir = site
    page = root / "docs/001/page-55.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\n## ", "\nedited\n\n## ", 1), encoding="utf-8")
    written = rebuild_and_compare(root, builddir, tmp_path)
    # Sphinx itself also rewrites the page's toctree parent, which lists its title.
    assert written - {"search.html", "docs/001/index.html"} == {"docs/001/page-55.html"}


def test_a_word_no_page_holds_any_more_leaves_the_search_index(site, tmp_path):
    # Sphinx kept such a word with no page ("zebrafish": []); a clean build has none.
    root, builddir = site
    page = root / "docs/000/page-20.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n## ", "\nzebrafish\n\n## ", 1), encoding="utf-8")
    result = build(root, builddir, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    index = builddir / "html/en/searchindex.js"
    assert '"zebrafish":' in index.read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    rebuild_and_compare(root, builddir, tmp_path)
    assert '"zebrafish"' not in index.read_text(encoding="utf-8")


def test_title_change_updates_the_pages_that_show_it(site, tmp_path):
    root, builddir = site
    set_title(root / "docs/000/page-10.md", "A renamed page")
    written = rebuild_and_compare(root, builddir, tmp_path)
    # its neighbours, its section's pages and index show the title; the other section does not
    assert {"docs/000/page-9.html", "docs/000/page-11.html", "docs/000/index.html"} <= written
    assert "docs/001/page-55.html" not in written
    assert "A renamed page" in (builddir / "html/en/docs/000/page-11.html").read_text(encoding="utf-8")


def test_section_title_change_updates_its_breadcrumbs(site, tmp_path):
    root, builddir = site
    set_title(root / "docs/001/index.md", "Renamed section")
    written = rebuild_and_compare(root, builddir, tmp_path)
    assert "docs/001/page-59.html" in written
    assert "Renamed section" in (builddir / "html/en/docs/001/page-59.html").read_text(encoding="utf-8")


def test_added_page_appears_in_its_section(site, tmp_path):
    root, builddir = site
    for suffix, title in ((".md", "A new page"), (".zh.md", "新页面")):
        (root / f"docs/000/page-new{suffix}").write_text(f"# {title}\n\nText.\n", encoding="utf-8")
        index = root / f"docs/000/index{suffix}"
        index.write_text(index.read_text(encoding="utf-8").replace("page-0\n", "page-0\npage-new\n"),
                         encoding="utf-8")
    written = rebuild_and_compare(root, builddir, tmp_path)
    assert {"docs/000/page-new.html", "docs/000/page-0.html", "docs/000/page-1.html"} <= written


def test_an_edit_to_the_theme_stylesheet_writes_every_page_again(site, tmp_path):
    # Every page names site.css with a checksum of its text (site.css?v=…): a page Sphinx did not
    # write again would name the old one, and a returning reader's browser would keep the old file.
    root, builddir = site
    css = root / "theme/cloudwego/static/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* an edit */\n", encoding="utf-8")
    written = rebuild_and_compare(root, builddir, tmp_path)
    assert len([name for name in written if name.startswith("docs/")]) >= PAGES, sorted(written)[:10]


def test_an_edit_to_an_extension_builds_the_language_from_scratch(site):
    # Sphinx reads a page again only when the page changes: pages made by the old code of an
    # extension would be published as current (tools/build.py keeps a fingerprint of the code).
    root, builddir = site
    extension = root / "extensions/heading_ids.py"
    extension.write_text(extension.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    result = build(root, builddir, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "changed since the last build of en: building it from scratch" in result.stdout, result.stdout
    read = re.search(r"updating environment: .*?(\d+) added", result.stdout)
    assert read and int(read.group(1)) > PAGES, f"not every page was read again: {read and read.group(0)}"
    result = build(root, builddir, "--lang", "en")  # the same code again: incremental
    assert result.returncode == 0, result.stdout + result.stderr
    assert "from scratch" not in result.stdout and re.search(r"updating environment: .*?\b0 added", result.stdout)


def test_a_rebuild_of_the_site_finds_its_configuration_unchanged(built_site):
    # extensions/incremental.py: what Sphinx and the extensions change in the configuration
    # while a build starts must not make the next build of the same sources report a change.
    result = build(ROOT, built_site.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The configuration has changed" not in result.stdout, [
        line for line in result.stdout.splitlines() if "configuration has changed" in line]


def git(root: Path, *args: str, date: str = "2020-01-02T12:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "user.name=Site Tests", "-c", "user.email=tests@127.0.0.1", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def test_a_commit_after_the_build_updates_the_dates_pages_show(tmp_path_factory, tmp_path):
    # Pages show their last commit's date, and the home page orders recipes by their first commit:
    # a commit changes them without changing any source, so Sphinx alone would keep the old pages.
    root = corpus.synthetic_site(tmp_path_factory.mktemp("dated") / "site", 20)
    builddir = root.parent / "build"
    for suffix in (".md", ".zh.md"):
        for name in ("old-recipe", "new-recipe"):
            (root / f"cookbook/{name}{suffix}").write_text(f"# The {name}\n\nText.\n", encoding="utf-8")
        (root / f"cookbook/index{suffix}").write_text(
            "# Cookbook\n\n```{toctree}\n\nold-recipe\nnew-recipe\n```\n", encoding="utf-8")
        home = root / f"index{suffix}"
        home.write_text(home.read_text(encoding="utf-8").replace("meetings/index\n", "meetings/index\ncookbook/index\n")
                        + "\n```{newest-recipes}\n:count: 2\n```\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "everything but the new recipe", "--", ".", ":!cookbook/new-recipe.md")
    page = root / "docs/000/page-3.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence.\n", encoding="utf-8")
    result = build(root, builddir, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2020-01-02" in (builddir / "html/en/docs/000/page-3.html").read_text(encoding="utf-8")
    home = (builddir / "html/en/index.html").read_text(encoding="utf-8")
    assert home.index("old-recipe.html") < home.index("new-recipe.html")  # a page not yet committed comes last

    git(root, "add", "docs/000/page-3.md", "cookbook/new-recipe.md")  # not the pages the build generated
    git(root, "commit", "-q", "-m", "the sentence and the new recipe", date="2021-03-04T12:00:00")
    written = rebuild_and_compare(root, builddir, tmp_path)
    assert {"docs/000/page-3.html", "cookbook/new-recipe.html", "index.html"} <= written, sorted(written)
    assert "docs/000/page-4.html" not in written, sorted(written)
    assert "2021-03-04" in (builddir / "html/en/docs/000/page-3.html").read_text(encoding="utf-8")
    home = (builddir / "html/en/index.html").read_text(encoding="utf-8")
    assert home.index("new-recipe.html") < home.index("old-recipe.html")
