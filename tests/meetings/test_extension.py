"""The pages, attendee lists and feed that extensions/meetings.py derives from the records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import meetings as ext  # extensions/meetings.py (conftest puts extensions/ on sys.path)
from tools import meetings_records as mr

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def records():
    return mr.check(ROOT)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_index_lists_meetings_newest_first_with_toctree(records, lang):
    pages = ext.render_pages(records, lang)
    index = pages["meetings/index"]
    assert index.startswith("---\ngenerated: true\n---\n")
    dates = re.findall(r"</meetings/(\d{4}-\d{2}-\d{2})>", index)
    assert dates == sorted(records.meetings["en"], reverse=True)
    assert "## 2022" in index
    toctree = index.split("```{toctree}")[1]
    assert ":hidden:" in toctree
    for entry in [*dates, "projects/index", "people/index"]:
        assert f"\n{entry}\n" in toctree
    # every agenda topic is listed under its meeting
    for meeting in records.meetings[lang].values():
        for item in meeting.agenda:
            assert ext.md(item.topic) in index


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_project_and_people_pages(records, lang):
    pages = ext.render_pages(records, lang)
    assert set(pages) == {
        "meetings/index",
        "meetings/projects/index",
        "meetings/people/index",
        *(f"meetings/projects/{p}" for p in records.projects),
        *(f"meetings/people/{p}" for p in records.people),
    }
    xds = pages["meetings/projects/xds"]
    assert "</meetings/2022-09-22>" in xds and "</meetings/people/coderpoet>" in xds
    authorixy = pages["meetings/people/authorixy"]
    # attended under two spellings; the variant is shown
    assert "</meetings/2022-09-22>" in authorixy and "`Authority`" in authorixy
    assert "</meetings/2022-05-19>" in authorixy
    wangbei = pages["meetings/people/wangbei98"]
    assert ("new member" if lang == "en" else "新成员") in wangbei
    assert "pprof" in wangbei  # the item presented
    for text in pages.values():
        assert text.startswith("---\ngenerated: true\n---\n")


def test_write_pages_only_rewrites_changed_files_and_removes_stale_ones(tmp_path):
    pages = {
        "meetings/index": "---\ngenerated: true\n---\n\n# A\n",
        "meetings/people/x": "---\ngenerated: true\n---\n\n# X\n",
    }
    assert sorted(ext.write_pages(tmp_path, pages, "en")) == ["meetings/index", "meetings/people/x"]
    assert ext.write_pages(tmp_path, pages, "en") == []
    stale = tmp_path / "meetings/people/gone.md"
    stale.write_text("---\ngenerated: true\n---\n\n# Gone\n", encoding="utf-8")
    hand = tmp_path / "meetings/people/hand.md"
    hand.write_text("# Written by hand\n", encoding="utf-8")
    other_lang = tmp_path / "meetings/people/gone.zh.md"
    other_lang.write_text("---\ngenerated: true\n---\n", encoding="utf-8")
    ext.write_pages(tmp_path, pages, "en")
    assert not stale.exists() and hand.exists() and other_lang.exists()
    ext.write_pages(tmp_path, {k: v for k, v in pages.items()}, "zh")
    assert (tmp_path / "meetings/index.zh.md").is_file()


def test_meeting_extras_link_attendees_as_written(records):
    meeting = records.meeting("2022-09-22", "en")
    end = ext.meeting_extras(records, meeting, "en")
    assert "<https://www.cloudwego.io/>" in end
    assert "{doc}`Authority </meetings/people/authorixy>`" in end
    assert "{doc}`Code:Z </meetings/people/code-z>`" in end
    assert end.index("## Attendees") < end.index("New members")
    end_zh = ext.meeting_extras(records, records.meeting("2022-06-16", "zh"), "zh")
    assert "## 相关资讯" in end_zh and "https://mp.weixin.qq.com/s/D1Pol8L9F_5-Yte_k4DH8A" in end_zh


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_atom_feed_is_deterministic(records, lang):
    feed = ext.atom_feed(records, lang, lambda docname: docname.split("/", 1)[1] + ".html")
    assert feed == ext.atom_feed(records, lang, lambda docname: docname.split("/", 1)[1] + ".html")
    assert feed.count("<entry>") == 16
    assert "<updated>2022-11-03T00:00:00Z</updated>" in feed.split("<entry>")[0]
    ids = re.findall(r"<id>[^<]*/(\d{4}-\d{2}-\d{2})</id>", feed)
    assert ids == sorted(ids, reverse=True)
    assert 'href="2022-09-22.html"' in feed
