"""Broken input ends a build with each error as file:line: message and one summary line.

Each test writes broken input into a scratch copy of the site (issue 28, points 1, 2, 4
and 5) and checks the exit status, the file and line, and that no traceback or
"please report this" banner is printed.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ExtensionError

from tools import build_report
from tools.translations import FrontMatterError

from .conftest import build, trim_site


def failed_build(root: Path, builddir: Path) -> str:
    result = build(root, builddir, "--lang", "en")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output and "report this" not in output and "Extension error" not in output, output
    assert result.stderr.rstrip().splitlines()[-1].startswith("build failed: "), result.stderr
    return output


def insert_lines(path: Path, at: int, *lines: str) -> None:
    """Insert ``lines`` so that the first of them is line ``at`` of the file."""
    text = path.read_text(encoding="utf-8").split("\n")
    text[at - 1:at - 1] = list(lines)
    path.write_text("\n".join(text), encoding="utf-8")


def errors_listed(output: str) -> list[str]:
    return output[output.index("\nErrors:\n") + len("\nErrors:\n"):].splitlines()


def test_impossible_dates_in_front_matter_name_file_and_line(site_copy, tmp_path):
    trim_site(site_copy, ["docs/index", "docs/glossary"])
    page, other = site_copy / "docs/index.md", site_copy / "docs/glossary.md"
    page.write_text("---\ntags: [docs]\ndate: 2022-13-45\n---\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    other.write_text("---\nupdated: 2022-02-30\n---\n" + other.read_text(encoding="utf-8"), encoding="utf-8")
    output = failed_build(site_copy, tmp_path / "out")
    # Each once, with its line, and nothing that follows from them (MyST's "Malformed YAML").
    hint = "(write a real date as YYYY-MM-DD, or quote the value if it is not a date)"
    assert sorted(errors_listed(output)) == sorted([
        f"{page}:3: date: '2022-13-45' reads as a date that does not exist {hint}",
        f"{other}:2: updated: '2022-02-30' reads as a date that does not exist {hint}",
        "build failed: 2 errors (en 2); nothing was published"])


def test_an_impossible_meeting_date_is_listed_once(site_copy, tmp_path):
    # The front-matter reader of every page and the meeting records both see the value; they
    # word it alike, so the list of errors holds it once.
    trim_site(site_copy, ["meetings/2022-09-22"])
    page = site_copy / "meetings/2022-09-22.md"
    page.write_text(page.read_text(encoding="utf-8").replace("date: 2022-09-22", "date: 2022-13-45", 1),
                    encoding="utf-8")
    output = failed_build(site_copy, tmp_path / "out")
    assert errors_listed(output) == [
        f"{page}:2: date: '2022-13-45' reads as a date that does not exist "
        "(write a real date as YYYY-MM-DD, or quote the value if it is not a date)",
        "build failed: 1 error (en 1); nothing was published"]


def test_a_page_that_is_not_utf8_stops_the_build_naming_its_line(site_copy, tmp_path):
    trim_site(site_copy, ["cookbook/hertz/routing"])
    page = site_copy / "cookbook/hertz/routing.md"
    lines = page.read_bytes().split(b"\n")
    lines[6] += b" caf\xe9"
    page.write_bytes(b"\n".join(lines))
    output = failed_build(site_copy, tmp_path / "out")
    assert errors_listed(output) == [
        f"{page}:7: the file is not UTF-8 text (byte 0xe9 at column {len(lines[6])}); save it as UTF-8",
        "build failed: 1 error (en 1); nothing was published"]


EXTENSION_THAT_FAILS = '''
from sphinx.util import logging

logger = logging.getLogger(__name__)


def check(app, env):
    logger.warning("this record is broken", location=f"{app.srcdir}/docs/index.md:2")
    raise RuntimeError("the records could not be linked")


def setup(app):
    app.connect("env-check-consistency", check)
    return {"parallel_read_safe": True}
'''


def test_an_extension_that_fails_after_reporting_ends_with_the_list(site_copy, tmp_path):
    # Point 2, for any extension: good messages, then an exception; no banner after them.
    trim_site(site_copy, [])
    (site_copy / "extensions/failing_check.py").write_text(EXTENSION_THAT_FAILS, encoding="utf-8")
    conf = site_copy / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('    "bilingual",\n', '    "bilingual",\n    "failing_check",\n'),
                    encoding="utf-8")
    output = failed_build(site_copy, tmp_path / "out")
    listed = errors_listed(output)
    assert listed[0] == f"{site_copy}/docs/index.md:2: this record is broken"
    assert listed[1].startswith("extension failing_check failed: RuntimeError: the records could not be linked "
                                "(traceback: ")
    assert listed[2] == "build failed: 2 errors (en 2); nothing was published"
    saved = Path(listed[1].rsplit("(traceback: ", 1)[1].rstrip(")"))
    assert "Traceback" in saved.read_text(encoding="utf-8")


def test_an_extension_that_raises_at_once_gets_one_line_not_the_crash_report(site_copy, tmp_path):
    # No warning comes first, so the exception itself ends the build: tools/run_sphinx.py must
    # catch it where sphinx-build would print its crash report and "please report this" banner.
    trim_site(site_copy, [])
    failing = EXTENSION_THAT_FAILS.replace(
        '    logger.warning("this record is broken", location=f"{app.srcdir}/docs/index.md:2")\n', "")
    assert "logger.warning(" not in failing
    (site_copy / "extensions/failing_check.py").write_text(failing, encoding="utf-8")
    conf = site_copy / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('    "bilingual",\n', '    "bilingual",\n    "failing_check",\n'),
                    encoding="utf-8")
    listed = errors_listed(failed_build(site_copy, tmp_path / "out"))
    assert listed[0].startswith("extension failing_check failed: RuntimeError: the records could not be linked "
                                "(traceback: "), listed
    assert listed[1] == "build failed: 1 error (en 1); nothing was published", listed


def test_line_ranges_raw_html_and_redirects_are_reported_where_they_are(site_copy, tmp_path):
    trim_site(site_copy, ["cookbook/hertz/hello-server", "docs/index"])
    recipe = site_copy / "cookbook/hertz/hello-server.md"
    text = recipe.read_text(encoding="utf-8")
    include = "```{literalinclude} hello-server/main.go\n:language: go\n```"
    line = text[:text.index(include)].count("\n") + 1
    recipe.write_text(text.replace(include, include.removesuffix("```") + ":lines: 500-510\n```", 1), encoding="utf-8")
    docs = site_copy / "docs/index.md"
    insert_lines(docs, 4, "", "```{raw} html", "<p>fine</p>", "<script>alert(1)</script>", "```", "")
    (site_copy / "redirects.yaml").write_text("# moved\nold: docs/index\n  new: [docs/index\n", encoding="utf-8")
    output = failed_build(site_copy, tmp_path / "out")
    listed = errors_listed(output)
    assert f"{recipe}:{line}: line number spec is out of range(1-29): '500-510'" in listed
    assert ".md.md" not in output and "_StrPath" not in output
    assert f"{docs}:7: raw HTML <script> is not allowed in content" in listed
    assert f"{site_copy}/redirects.yaml:3: not valid YAML: mapping values are not allowed here" in listed


def test_page_names_that_urls_would_escape_are_rejected(site_copy, tmp_path):
    trim_site(site_copy, [])
    for name in ("my page", "术语"):
        for suffix in (".md", ".zh.md"):
            (site_copy / f"docs/{name}{suffix}").write_text("# A page\n\nText.\n", encoding="utf-8")
    output = failed_build(site_copy, tmp_path / "out")
    listed = errors_listed(output)
    assert (f"{site_copy}/docs/my page.md:1: the file name 'my page.md' has characters a URL would have to escape: "
            "name pages with ASCII letters, digits, '-', '_' and '.' only (e.g. 'my-page.md')") in listed
    assert any(line.startswith(f"{site_copy}/docs/术语.md:1: the file name '术语.md'") for line in listed)


def test_an_error_found_by_both_languages_is_listed_once():
    found = {"en": [("a.md:3", "bad"), ("x.yaml:1", "worse")], "zh": [("a.md:3", "bad")]}
    assert build_report.summary(found) == [
        "a.md:3: bad (en, zh)", "x.yaml:1: worse (en)", "build failed: 2 errors (en 2, zh 1); nothing was published"]


def test_the_warnings_file_is_read_entry_by_entry(tmp_path):
    warnings = tmp_path / "w"
    warnings.write_text("/p/a.md:3: WARNING: one [myst.xref_missing]\n"
                        "/p/b.md: WARNING: two\n  and more\nWARNING: three\n", encoding="utf-8")
    assert build_report.errors_of(warnings) == [
        ("/p/a.md:3", "one"), ("/p/b.md", "two and more"), ("", "three")]


def test_an_exception_is_described_by_its_location_when_it_has_one(tmp_path):
    located = ExtensionError("Handler threw", FrontMatterError(tmp_path / "p.md", 4, "bad"), modname="bilingual")
    assert build_report.describe(located, None) == f"{tmp_path}/p.md:4: ERROR: front matter: bad"
    bug = ExtensionError("Handler threw", KeyError("x"), modname="meetings")
    assert build_report.describe(bug, tmp_path / "t.log") == (
        f"ERROR: extension meetings failed: KeyError: 'x' (traceback: {tmp_path}/t.log)")

