"""Real Sphinx builds of a tiny site using extensions/meetings.py."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

ROOT = Path(__file__).resolve().parents[2]

CONF = textwrap.dedent(
    f"""
    import sys
    sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "extensions")!r}]
    extensions = ["myst_parser", "meetings"]
    root_doc = "index"
    language = "en"
    exclude_patterns = ["_build"]
    nitpicky = True
    html_baseurl = "https://community.example.org/"
    myst_heading_anchors = 3
    myst_enable_extensions = ["colon_fence"]
    html_search_language = "en"  # the Chinese index (jieba) is not what these builds test

    def _one_language(app, config):
        # X.md in the English build, X.zh.md in the Chinese one (as the site does).
        if str(config.language).startswith("zh"):
            config.source_suffix = {{".zh.md": "markdown"}}
        else:
            config.source_suffix = {{".md": "markdown"}}
            config.exclude_patterns = [*config.exclude_patterns, "*.zh.md", "**/*.zh.md"]

    def setup(app):
        app.connect("config-inited", _one_language, priority=900)
    """
)

INDEX = "# Site\n\n```{toctree}\nmeetings/index\n```\n"


@pytest.fixture
def site(tree):
    (tree.root / "conf.py").write_text(CONF, encoding="utf-8")
    (tree.root / "index.md").write_text(INDEX, encoding="utf-8")
    (tree.root / "index.zh.md").write_text(INDEX.replace("Site", "站点"), encoding="utf-8")
    return tree


def build(site, lang: str, capsys) -> tuple[int, str, Path]:
    out = site.root / "_build" / lang
    code = build_main(
        [
            "-b",
            "html",
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "--no-color",
            "-D",
            f"language={lang}",
            "-d",
            str(site.root / "_build" / "doctrees" / lang),
            str(site.root),
            str(out),
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err, out


BANNERS = ("Traceback", "Extension error", "report this", "Exception occurred", "Malformed YAML")


@pytest.mark.parametrize("lang, suffix", [("en", ".md"), ("zh_CN", ".zh.md")])
def test_good_site_builds_with_generated_pages_and_feed(site, capsys, lang, suffix):
    code, log, out = build(site, lang, capsys)
    assert code == 0, log
    generated = [
        site.meetings / f"index{suffix}",
        site.meetings / f"actions{suffix}",
        site.meetings / f"issues{suffix}",
        site.meetings / f"projects/index{suffix}",
        site.meetings / f"projects/kitex{suffix}",
        site.meetings / f"people/index{suffix}",
        site.meetings / f"people/alice{suffix}",
    ]
    assert all(p.is_file() for p in generated)
    page = (out / "meetings" / "2022-09-22.html").read_text(encoding="utf-8")
    assert 'href="people/bob.html"' in page and "Code:Z" in page  # attendee as written
    assert "https://www.cloudwego.io/" in page  # pre-reading
    # The decisions and action items sit under the title, before the first agenda item.
    body = page[page.index("<h1>"):]
    assert body.index('class="meeting-decisions') < body.index('class="meeting-actions') < body.index("<h2>")
    assert '<link rel="alternate" type="application/atom+xml"' in page and 'href="atom.xml"' in page
    assert 'class="meetings-subscribe"' in page and 'href="meetings.ics"' in page
    kitex = (out / "meetings" / "projects" / "kitex.html").read_text(encoding="utf-8")
    assert 'href="kitex.atom.xml"' in kitex and 'href="../atom.xml"' in kitex
    feed = (out / "meetings" / "atom.xml").read_text(encoding="utf-8")
    site_lang = "zh" if lang.startswith("zh") else "en"
    assert "<updated>2022-09-22T00:00:00Z</updated>" in feed
    assert f'href="https://community.example.org/{site_lang}/meetings/2022-09-22.html"' in feed
    assert (out / "meetings" / "projects" / "kitex.atom.xml").is_file()
    assert "BEGIN:VEVENT" in (out / "meetings" / "meetings.ics").read_text(encoding="utf-8")

    # An unchanged rebuild rewrites no generated page and re-reads nothing.
    mtimes = [p.stat().st_mtime_ns for p in generated]
    code, log, _ = build(site, lang, capsys)
    assert code == 0, log
    assert [p.stat().st_mtime_ns for p in generated] == mtimes

    # A change to people.yaml re-reads the meeting pages (their attendee links depend on it).
    people = site.meetings / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: Bob", "name: Bobby"), encoding="utf-8")
    code, log, _ = build(site, lang, capsys)
    assert code == 0, log
    assert "Bobby" in (out / "meetings" / "people" / "index.html").read_text(encoding="utf-8")


def warnings_of(log: str) -> int:
    return len(re.findall(r": (?:WARNING|ERROR): ", log))


def test_bad_english_meeting_fails_the_chinese_build_too(site, capsys):
    site.edit("2022-09-22.md", "presenters: [alice]", "presenters: [alicia]")
    code, log, _ = build(site, "zh_CN", capsys)
    assert code != 0
    assert "meetings/2022-09-22.md:10" in log
    assert "agenda[1].presenters" in log and "'alicia'" in log and "did you mean 'alice'" in log
    assert not [b for b in BANNERS if b in log], log


# (file, old text, new text, the location and message expected, how many warnings in all)
BROKEN = {
    "impossible date": ("2022-09-22.md", "date: 2022-09-22", "date: 2022-13-45",
                        "meetings/2022-09-22.md:2: WARNING: date: '2022-13-45' reads as a date that does not exist", 1),
    "day past the month": ("2022-09-22.zh.md", "date: 2022-09-22", "date: 2022-02-30",
                           "meetings/2022-09-22.zh.md:2: WARNING: date: '2022-02-30' reads as a date that does not exist",
                           1),
    "unknown attendee": ("2022-09-22.md", 'attendees: [alice, bob, "Code:Z"]', 'attendees: [alice, bobb, "Code:Z"]',
                         "meetings/2022-09-22.md:4: WARNING: attendees: 'bobb' does not resolve through "
                         "meetings/people.yaml (did you mean 'Bobby' or 'bob'", 1),
    "unknown project": ("2022-09-22.zh.md", "projects: [kitex]", "projects: [kitexx]",
                        "meetings/2022-09-22.zh.md:16: WARNING: agenda[2].projects: unknown project 'kitexx' "
                        "(did you mean 'kitex'", 1),
    "duplicate person id": ("people.yaml", "- id: code-z", "- id: bob",
                            "meetings/people.yaml:8: WARNING: id: duplicate id 'bob'", 1),
    "people list is not a list": ("people.yaml", None, "alice: {name: Alice, handles: [alice]}\n",
                                  "meetings/people.yaml:1: WARNING: people: must be a YAML list, got a mapping", 1),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_input_is_one_clear_line_per_problem(site, capsys, case):
    name, old, new, expected, count = BROKEN[case]
    lang = "zh_CN" if name.endswith(".zh.md") else "en"  # the build of the broken file's language
    if old is None:
        site.write(name, new)
    else:
        site.edit(name, old, new)
    code, log, _ = build(site, lang, capsys)
    assert code != 0
    assert expected in log, log
    assert warnings_of(log) == count, log  # no follow-on warnings
    assert not [b for b in BANNERS if b in log], log


def test_every_problem_is_reported_at_once(site, capsys):
    site.edit("2022-09-22.md", "date: 2022-09-22", "date: 2022-9-22")
    site.edit("2022-09-22.zh.md", "projects: [kitex]", "projects: [kitexx]")
    code, log, _ = build(site, "en", capsys)
    assert code != 0
    assert "meetings/2022-09-22.md:2" in log and "date" in log
    assert "meetings/2022-09-22.zh.md:16" in log and "unknown project 'kitexx'" in log


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_site_without_the_lists_of_people_and_projects_builds(site, capsys, lang):
    (site.meetings / "people.yaml").unlink()
    (site.meetings / "projects.yaml").unlink()
    code, log, out = build(site, lang, capsys)
    assert code == 0, log
    page = (out / "meetings" / "2022-09-22.html").read_text(encoding="utf-8")
    assert "Code:Z" in page and "people/bob.html" not in page


def test_a_site_without_meetings_builds_and_has_no_meetings_output(site, capsys):
    for path in sorted(site.meetings.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    site.meetings.rmdir()
    for name in ("index.md", "index.zh.md"):
        (site.root / name).write_text("# Site\n\nNo meetings here.\n", encoding="utf-8")
    code, log, out = build(site, "en", capsys)
    assert code == 0, log
    assert not (out / "meetings").exists()
