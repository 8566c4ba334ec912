"""The meetings section built by `make html`'s own command (python -m tools.build) and the site's configuration.

The scratch site holds the site's configuration, extensions and theme, the
meetings of this repository, and a one-line page for each other page the
minutes link to: a fraction of the whole site, built in seconds.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest

from bench import corpus
from tests.conftest import build
from tools import meetings_records as mr

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://community.example.org/"
BANNERS = ("Traceback", "Extension error", "report this", "Exception occurred", "Malformed YAML")
_SITE_LINK = re.compile(r"\]\(\.\./([^)#]+?)(?:\.zh)?\.md[)#]")


def make_section(site: Path, only: str | None = None) -> Path:
    """The scratch site; ``only``: of the meeting records, the one of that day alone."""
    corpus.base_site(site)
    shutil.copytree(ROOT / "hosting", site / "hosting")
    records = mr.load(ROOT)
    files = [ROOT / f"{name}{suffix}" for lang, suffix in (("en", ".md"), ("zh", ".zh.md"))
             for name in records.files[lang] + ["meetings/join"]
             if only is None or name == f"meetings/{only}"]  # the join page links to several records
    (site / "meetings").mkdir()
    for path in files + [ROOT / "meetings/people.yaml", ROOT / "meetings/projects.yaml"]:
        shutil.copy2(path, site / "meetings" / path.name)
    others = sorted({m.group(1) for path in files for m in _SITE_LINK.finditer(path.read_text(encoding="utf-8"))})
    for name in others:
        for suffix, title in ((".md", "Page"), (".zh.md", "页面")):
            page = site / f"{name}{suffix}"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {title} {name}\n", encoding="utf-8")
    corpus.home(site, ["meetings/index", *others])
    return site


@pytest.fixture
def section(tmp_path) -> Path:
    return make_section(tmp_path / "site")


@pytest.fixture
def one_meeting(tmp_path) -> Path:
    """The section with one meeting's record alone (and no join page, which links to several):
    a broken record or list stops the build the same way, in about two thirds of the time."""
    return make_section(tmp_path / "site", only="2022-09-22")


def run(site: Path, *args: str):
    return build(site, site / "_build", *args, "--", "-D", f"html_baseurl={BASE}")


def test_the_section_builds_with_head_links_feeds_and_calendar(section):
    result = run(section)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    html = section / "_build" / "html"
    for lang in ("en", "zh"):
        folder = html / lang / "meetings"
        pages = sorted(folder.rglob("*.html"))
        assert len(pages) > 100
        for page in pages:
            text = page.read_text(encoding="utf-8")
            head = text.split("</head>")[0]
            feed = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head)
            assert feed, page
            assert (page.parent / feed.group(1)).resolve() == (folder / "atom.xml").resolve()
            assert 'class="meetings-subscribe"' in text, page  # the visible link
        # Every absolute URL in the feeds and the calendar names a file of the built site.
        texts = [p.read_bytes().decode("utf-8").replace("\r\n ", "")  # unfolded
                 for p in [folder / "meetings.ics", *folder.rglob("*.atom.xml")]]
        assert not feedparser.parse(texts[-1]).bozo
        assert len(icalendar.Calendar.from_ical(texts[0]).walk("VEVENT")) == 16
        for url in {u for text in texts for u in re.findall(r"https://community\.example\.org/[^\s\"<\\]+", text)}:
            path = urlsplit(url).path.lstrip("/")
            assert (html / path).is_file(), url


# An unknown project is one of the cases of tests/meetings/test_sphinx_build.py, with a smaller configuration.
BROKEN = {
    # file, old text (None: the whole file), new text, the line expected
    "unknown attendee": ("2022-09-22.md", "attendees: [GuangmingLuo,", "attendees: [GuangmingLou,",
                         "meetings/2022-09-22.md:4: WARNING: attendees: 'GuangmingLou' does not resolve through "
                         "meetings/people.yaml (did you mean 'GuangmingLuo'"),
    "duplicate person id": ("people.yaml", "- id: ag9920\n", "- id: andrewshan\n",
                            "meetings/people.yaml:24: WARNING: id: duplicate id 'andrewshan'"),
    "people.yaml is not a list": ("people.yaml", None, "GuangmingLuo: 罗广明\n",
                                  "meetings/people.yaml:1: WARNING: people: must be a YAML list, got a mapping"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_records_give_one_line_each_and_no_banner(one_meeting, case):
    section = one_meeting
    name, old, new, expected = BROKEN[case]
    path = section / "meetings" / name
    text = path.read_text(encoding="utf-8")
    assert old is None or text.count(old) == 1
    path.write_text(new if old is None else text.replace(old, new), encoding="utf-8")
    result = run(section, "--lang", "en")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert expected in out, out[-4000:]
    assert len(re.findall(r": (?:WARNING|ERROR): ", out)) == 1, out[-4000:]  # the cause, no follow-on
    assert not [b for b in BANNERS if b in out], out[-4000:]
    assert not (section / "_build" / "html" / "en").exists()  # nothing published


def test_a_site_without_the_lists_of_people_and_projects_builds(section):
    (section / "meetings" / "people.yaml").unlink()
    (section / "meetings" / "projects.yaml").unlink()
    result = run(section, "--lang", "en")
    assert result.returncode == 0, result.stdout[-4000:]
    page = (section / "_build/html/en/meetings/2022-09-22.html").read_text(encoding="utf-8")
    assert "GuangmingLuo" in page and "people/guangmingluo.html" not in page
