"""Real Sphinx builds of a tiny site using extensions/meetings.py."""

from __future__ import annotations

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


@pytest.mark.parametrize("lang, suffix", [("en", ".md"), ("zh_CN", ".zh.md")])
def test_good_site_builds_with_generated_pages_and_feed(site, capsys, lang, suffix):
    code, log, out = build(site, lang, capsys)
    assert code == 0, log
    generated = [
        site.meetings / f"index{suffix}",
        site.meetings / f"projects/index{suffix}",
        site.meetings / f"projects/kitex{suffix}",
        site.meetings / f"people/index{suffix}",
        site.meetings / f"people/alice{suffix}",
    ]
    assert all(p.is_file() for p in generated)
    page = (out / "meetings" / "2022-09-22.html").read_text(encoding="utf-8")
    assert 'href="people/bob.html"' in page and "Code:Z" in page  # attendee as written
    assert "https://www.cloudwego.io/" in page  # pre-reading
    feed = (out / "meetings" / "atom.xml").read_text(encoding="utf-8")
    assert "<updated>2022-09-22T00:00:00Z</updated>" in feed and 'href="2022-09-22.html"' in feed

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


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_bad_meeting_fails_the_build_with_file_and_line(site, capsys, lang):
    site.edit("2022-09-22.md", "presenters: [alice]", "presenters: [alicia]")
    code, log, _ = build(site, lang, capsys)
    assert code != 0
    assert "meetings/2022-09-22.md:10" in log
    assert "agenda[1].presenters" in log and "'alicia'" in log
    assert "people.yaml" in log  # the hint


def test_every_problem_is_reported_at_once(site, capsys):
    site.edit("2022-09-22.md", "date: 2022-09-22", "date: 2022-9-22")
    site.edit("2022-09-22.zh.md", "projects: [kitex]", "projects: [kitexx]")
    code, log, _ = build(site, "en", capsys)
    assert code != 0
    assert "meetings/2022-09-22.md:2" in log and "date" in log
    assert "meetings/2022-09-22.zh.md:16" in log and "unknown project 'kitexx'" in log
