"""The meeting minutes in this repository: valid, complete and consistent."""

from __future__ import annotations

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
    unused = {p.id for p in RECORDS.people.values() if not used & set(p.handles)}
    assert unused == set()


def test_every_project_is_used():
    used = {p for m in RECORDS.meetings["en"].values() for item in m.agenda for p in item.projects}
    assert set(RECORDS.projects) == used


def test_chinese_pages_follow_cjk_latin_spacing():
    bad = re.compile(r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]")
    found = []
    for meeting in RECORDS.meetings["zh"].values():
        _, body = mr.split_front_matter((ROOT / meeting.path).read_text(encoding="utf-8"))
        for _number, line in enumerate(body.splitlines(), 1):
            # Quoted titles of documents are kept exactly as they were written.
            line = re.sub(r"“[^”]*”", "“”", line)
            line = re.sub(r"\]\([^)]*\)", "]()", line)
            if bad.search(line):
                found.append(f"{meeting.path}: {line[:60]}")
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
