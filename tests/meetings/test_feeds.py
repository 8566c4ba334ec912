"""The Atom feeds and the iCalendar file of tools/meetings_feeds.py, read back by maintained parsers."""

from __future__ import annotations

import datetime
import html
from pathlib import Path

import feedparser
import icalendar
import pytest

from tools import meetings_feeds as feeds
from tools import meetings_records as mr

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://community.example.org"
LANGS = ["en", "zh"]


@pytest.fixture(scope="module")
def records():
    return mr.check(ROOT)


def url(lang):
    return lambda path: f"{BASE}/{lang}/{path}"


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feed_parses_with_absolute_links_summaries_and_decisions(records, lang):
    text = feeds.atom(records, lang, url(lang))
    assert text == feeds.atom(records, lang, url(lang))  # the same bytes every build
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == ("zh-CN" if lang == "zh" else "en")
    assert feed.feed.updated == "2022-11-03T00:00:00Z"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": f"{BASE}/{lang}/meetings/atom.xml", "alternate": f"{BASE}/{lang}/meetings/index.html"}
    dates = records.dates(lang)
    assert [entry.published[:10] for entry in feed.entries] == dates
    for entry, date in zip(feed.entries, dates, strict=True):
        meeting = records.meeting(date, lang)
        assert entry.title == meeting.title
        assert entry.link == f"{BASE}/{lang}/meetings/{date}.html"
        assert entry.summary == feeds.STRINGS[lang]["sep"].join(item.topic for item in meeting.agenda)
        content = entry.content[0].value  # HTML
        for item in meeting.agenda:
            assert html.escape(item.topic, quote=False) in content
            for decision in item.decisions:
                assert html.escape(decision.what, quote=False) in content
    polaris = feed.entries[dates.index("2022-04-21")].content[0].value
    assert ("Integrate Polaris through the first design" if lang == "en" else "采用方案一对接 Polaris") in polaris
    assert len({entry.id for entry in feed.entries}) == len(dates)


@pytest.mark.parametrize("lang", LANGS)
def test_one_feed_per_project(records, lang):
    for project in records.projects.values():
        feed = feedparser.parse(feeds.atom(records, lang, url(lang), project))
        assert not feed.bozo, (project.id, feed.get("bozo_exception"))
        assert {link.rel: link.href for link in feed.feed.links}["self"] == (
            f"{BASE}/{lang}/meetings/projects/{project.id}.atom.xml")
        assert project.names[lang] in feed.feed.title
        touched = [d for d in records.dates(lang)
                   if any(project.id in item.projects for item in records.meeting(d, lang).agenda)]
        assert [entry.published[:10] for entry in feed.entries] == touched, project.id
        for entry in feed.entries:
            meeting = records.meeting(entry.published[:10], lang)
            topics = [item.topic for item in meeting.agenda if project.id in item.projects]
            assert entry.summary == feeds.STRINGS[lang]["sep"].join(topics)


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_parses_per_rfc_5545(records, lang):
    text = feeds.icalendar(records, lang, url(lang), "community.example.org")
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends only
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line  # folded at 75 octets (3.1)
        line.decode("utf-8")  # and never inside a character
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"].startswith("-//CloudWeGo community//")
    events = calendar.walk("VEVENT")
    dates = records.dates(lang)
    assert len(events) == len(dates)
    assert len({str(event["UID"]) for event in events}) == len(dates)
    for event, date in zip(events, dates, strict=True):
        meeting = records.meeting(date, lang)
        assert event.decoded("DTSTART") == datetime.date.fromisoformat(date)  # all day: the minutes give no time
        assert event.decoded("DTEND") == datetime.date.fromisoformat(date) + datetime.timedelta(days=1)
        assert isinstance(event.decoded("DTSTAMP"), datetime.datetime)
        assert str(event["SUMMARY"]) == meeting.title
        description = str(event["DESCRIPTION"])
        for number, item in enumerate(meeting.agenda, 1):
            assert f"{number}. {item.topic}" in description
        assert str(event["URL"]) == f"{BASE}/{lang}/meetings/{date}.html"
        assert "RRULE" not in event  # the minutes state no rule for the next meeting


def test_folding_and_escaping():
    line = "DESCRIPTION:" + "议程；会议, 说明\\" * 12
    folded = feeds.fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert feeds.ical_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
