"""The meeting minutes in this repository: valid, complete and consistent."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from tools import meetings_records as mr

ROOT = Path(__file__).resolve().parents[2]
RECORDS = mr.load(ROOT)
DATES = sorted(RECORDS.meetings["en"])
SEEDS = Path("/work/shared/seeds")


def test_repository_records_are_valid():
    assert [str(p) for p in RECORDS.problems] == []
    assert len(DATES) == 16
    assert sorted(RECORDS.meetings["zh"]) == DATES


@pytest.mark.parametrize("date", DATES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_has_title_and_one_section_per_agenda_item(date, lang):
    meeting = RECORDS.meeting(date, lang)
    _, body = mr.split_front_matter((ROOT / meeting.path).read_text(encoding="utf-8"))
    titles = re.findall(r"^# (.+)$", body, re.M)
    assert titles == [meeting.title], "the page's only '# ' heading is the front matter title"
    sections = re.findall(r"^## (.+)$", body, re.M)
    assert sections == [item.topic for item in meeting.agenda]


def test_every_handle_of_people_file_is_used():
    used = set()
    for lang in ("en", "zh"):
        for meeting in RECORDS.meetings[lang].values():
            used.update(meeting.attendees, meeting.new_members)
            for item in meeting.agenda:
                used.update(item.presenters)
                for action in item.actions:
                    used.update(action.owners)
    unused = {p.id for p in RECORDS.people.values() if not used & set(p.handles)}
    assert unused == set()


def test_every_project_is_used():
    used = {p for m in RECORDS.meetings["en"].values() for item in m.agenda for p in item.projects}
    assert set(RECORDS.projects) == used


@pytest.mark.parametrize("date", DATES)
def test_titles_carry_the_year_in_both_languages(date):
    day = datetime.date.fromisoformat(date)
    assert RECORDS.meeting(date, "zh").title == f"{day.year} 年 {day.month} 月 {day.day} 日社区会议"
    assert RECORDS.meeting(date, "en").title.endswith(f" {day.year}")


def test_every_q_and_a_item_has_a_subject():
    for lang in ("en", "zh"):
        for meeting in RECORDS.meetings[lang].values():
            for item in meeting.agenda:
                bare = re.sub(r"[\s&]", "", item.topic).casefold()
                assert bare not in ("qa", "q&a"), f"{meeting.path}: {item.topic!r}"


def test_claims_the_facts_do_not_support_are_gone():
    text = {lang: mr.split_front_matter((ROOT / RECORDS.meeting("2022-02-25", lang).path).read_text(
        encoding="utf-8"))[1] for lang in ("en", "zh")}
    assert "first" not in text["en"].split("##")[0] and "第一次" not in text["zh"]  # earlier meetings may exist
    en = (ROOT / "meetings/2022-07-28.md").read_text(encoding="utf-8")
    zh = (ROOT / "meetings/2022-07-28.zh.md").read_text(encoding="utf-8")
    # On 28 July 2022 the first anniversary (September 2022) was still ahead.
    assert "would turn one year old" in en and "In that year" not in en
    assert "将在 2022 年 9 月迎来开源一周年" in zh and "这一年里" not in zh


def test_join_page_states_what_the_dates_show():
    """meetings/join says: Fridays until April 2022, Thursdays from 21 April, two or four weeks apart."""
    days = [datetime.date.fromisoformat(d) for d in DATES]
    turn = datetime.date(2022, 4, 21)
    assert {d.strftime("%A") for d in days if d < turn} == {"Friday"}
    assert {d.strftime("%A") for d in days if d >= turn} == {"Thursday"}
    later = [d for d in days if d >= turn]
    assert {(b - a).days for a, b in zip(later, later[1:], strict=False)} == {14, 28}
    for name in ("join.md", "join.zh.md"):
        assert "2022-02-25" in (ROOT / "meetings" / name).read_text(encoding="utf-8")


def test_chinese_pages_follow_cjk_latin_spacing():
    bad = re.compile(r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]")
    texts = []  # (where, text)
    for meeting in RECORDS.meetings["zh"].values():
        _, body = mr.split_front_matter((ROOT / meeting.path).read_text(encoding="utf-8"))
        texts.append((meeting.path, body))
        for item in meeting.agenda:
            texts += [(meeting.path, d.what) for d in item.decisions] + [(meeting.path, a.what) for a in item.actions]
    texts.append(("meetings/join.zh.md", (ROOT / "meetings/join.zh.md").read_text(encoding="utf-8")))
    found = []
    for where, text in texts:
        for line in text.splitlines():
            # Quoted titles of documents are kept exactly as they were written.
            line = re.sub(r"“[^”]*”", "“”", line)
            line = re.sub(r"\]\([^)]*\)", "]()", line)
            if bad.search(line):
                found.append(f"{where}: {line[:60]}")
    assert found == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the original notes are not available here")
def test_no_sentence_is_copied_from_the_original_notes():
    original = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    sentences = {
        s.strip()
        for s in re.split(r"[。；：\n]|[.;:]\s", original)
        if len(s.strip()) >= 12
        and not s.strip().startswith(("http", "github.com", "-", "**"))
        and "CloudWeGo 社区会议" not in s  # the meeting's title is kept
    }
    pages = "\n".join(
        (ROOT / m.path).read_text(encoding="utf-8") for lang in ("en", "zh") for m in RECORDS.meetings[lang].values()
    )
    assert sorted(s for s in sentences if s in pages) == []
