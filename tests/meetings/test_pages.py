"""The pages tools/meetings_pages.py derives from the records of this repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools import meetings_pages as pages
from tools import meetings_records as mr

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["en", "zh"]


@pytest.fixture(scope="module")
def records():
    return mr.check(ROOT)


@pytest.fixture(scope="module")
def rendered(records):
    return {lang: pages.render_pages(records, lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_index_lists_meetings_newest_first_with_toctree(records, rendered, lang):
    index = rendered[lang]["meetings/index"]
    assert index.startswith("---\ngenerated: true\n---\n")
    dates = re.findall(r"</meetings/(\d{4}-\d{2}-\d{2})>", index)
    assert dates == sorted(records.meetings["en"], reverse=True)
    assert "## 2022" in index
    toctree = index.split("```{toctree}")[1]
    assert ":hidden:" in toctree
    for entry in [*dates, "join", "actions", "issues", "projects/index", "people/index"]:
        assert f"\n{entry}\n" in toctree
    for meeting in records.meetings[lang].values():
        for item in meeting.agenda:
            assert pages.md(item.topic) in index
    for target in ("meetings/join", "meetings/actions", "meetings/issues", "meetings/projects/index"):
        assert f"</{target}>" in index


@pytest.mark.parametrize("lang", LANGS)
def test_every_generated_page(records, rendered, lang):
    assert set(rendered[lang]) == {
        "meetings/index",
        "meetings/actions",
        "meetings/issues",
        "meetings/projects/index",
        "meetings/people/index",
        *(f"meetings/projects/{p}" for p in records.projects),
        *(f"meetings/people/{p}" for p in records.people),
    }
    xds = rendered[lang]["meetings/projects/xds"]
    assert "</meetings/2022-09-22>" in xds and "</meetings/people/coderpoet>" in xds
    authorixy = rendered[lang]["meetings/people/authorixy"]
    # attended under two spellings; the variant is shown
    assert "</meetings/2022-09-22>" in authorixy and "`Authority`" in authorixy
    wangbei = rendered[lang]["meetings/people/wangbei98"]
    assert ("new member" if lang == "en" else "新成员") in wangbei and "pprof" in wangbei
    for text in rendered[lang].values():
        assert text.startswith("---\ngenerated: true\n---\n")


@pytest.mark.parametrize("lang", LANGS)
def test_a_person_who_presented_never_has_no_meetings(records, rendered, lang):
    none = pages.TEXT[lang]["none"]
    for pid in records.people:
        page = rendered[lang][f"meetings/people/{pid}"]
        meetings = page.split(f"## {pages.TEXT[lang]['person_meetings']}\n")[1].split("\n## ")[0]
        assert none not in meetings, pid
    # 刘嵩 presented on 25 Feb 2022 without being in the attendee list: the page says so.
    page = rendered[lang]["meetings/people/liu-song-cn"]
    assert pages.TEXT[lang]["not_listed"] in page and pages.TEXT[lang]["presenter"] in page
    assert pages.TEXT[lang]["presented"] in page


def test_pairs_without_a_source_stay_apart(records):
    for a, b in (("liu-song", "刘嵩"), ("Xiwen Li", "debug-LiXiwen"), ("scotty", "LoveScotty")):
        assert records.person(a) is not records.person(b), (a, b)
    # Spellings that a source joins are one person.
    for a, b in (("GuangmingLuo", "罗广明"), ("lvnszn", "Ivnszn"), ("I2ncE", "L2ncE"), ("yiyun", "逸云")):
        assert records.person(a) is records.person(b), (a, b)


def test_github_logins_are_those_the_minutes_link(records):
    """A login is given only where the minutes link that account (github.com/<login>/...)."""
    links = " ".join(
        url for m in records.meetings["en"].values() for item in m.agenda for url in item.links
    )
    logins = {p.github for p in records.people.values() if p.github}
    assert logins == {"CoderPoet", "li-jin-gou"}
    for login in logins:
        assert f"https://github.com/{login}/" in links, login


@pytest.mark.parametrize("lang", LANGS)
def test_actions_page_by_person_and_project(records, rendered, lang):
    t = pages.TEXT[lang]
    page = rendered[lang]["meetings/actions"]
    actions = [a for m in records.meetings[lang].values() for item in m.agenda for a in item.actions]
    done = [a for a in actions if a.status == "done"]
    assert t["counts"](len(actions) - len(done), len(done)) in page
    by_person, rest = page.split(f"## {t['by_project']}\n")
    by_project, decisions = rest.split(f"## {t['all_decisions']}\n")
    # Each action is under each of its owners, or under "no owner"; and under each of its projects.
    for action in actions:
        text = pages.md(action.what)
        assert by_person.count(text) == max(1, len(action.owners)), action.what
        assert by_project.count(text) == len(action.projects), action.what
    suffix = ".zh.md" if lang == "zh" else ".md"
    polaris = by_person.split(f"](/meetings/people/debug-lixiwen{suffix})")[1].split("###")[0]
    assert f"**{t['open']}**" in polaris and "[kitex \\#421](https://github.com/cloudwego/kitex/issues/421)" in polaris
    assert "(/meetings/2022-06-02" in polaris  # where it was agreed, with the agenda item's anchor
    # A done action links the meeting whose minutes record it.
    business = [line for line in page.splitlines() if "kitex \\#511" in line and f"**{t['done']}**" in line]
    assert business and all("/meetings/2022-11-03" in line for line in business)
    assert decisions.count("\n- ") == sum(len(i.decisions) for m in records.meetings[lang].values() for i in m.agenda)


@pytest.mark.parametrize("lang, expected", [
    ("en", "- [#5](https://github.com/kitex-contrib/xds/pull/5) pull request: discussed in "
           "[2022-09-22 (agenda 2)](/meetings/2022-09-22.md#bookinfo-end-to-end-traffic-lane-demo-built-on-kitex-and-hertz)"),
    ("zh", "- [#5](https://github.com/kitex-contrib/xds/pull/5) PR：[2022-09-22（议程 2）]"
           "(/meetings/2022-09-22.zh.md#基于-kitex-和-hertz-的-bookinfo-全链路泳道-demo)讨论过"),
])
def test_issue_index_by_repository(records, rendered, lang, expected):
    page = rendered[lang]["meetings/issues"]
    assert expected in page
    sections = re.findall(r"^## (.+)$", page, re.M)
    assert sections == sorted(sections, key=str.casefold) and "kitex-contrib/xds" in sections
    kitex = page.split("## cloudwego/kitex\n")[1].split("\n## ")[0]
    line = next(line for line in kitex.splitlines() if line.startswith("- [#421]"))
    assert "2022-04-21" in line and "2022-06-02" in line and line.index("2022-04-21") < line.index("2022-06-02")
    # Every GitHub issue or pull request the records link has its entry.
    refs = set()
    for meeting in records.meetings[lang].values():
        for item in meeting.agenda:
            for url in [*item.links, *(a.link for a in item.actions if a.link)]:
                ref = mr.github_ref(url)
                if ref:
                    refs.add(ref)
    for repo, kind, number in refs:
        assert f"- [#{number}](https://github.com/{repo}/{'issues' if kind == 'issue' else 'pull'}/{number})" in page


def test_anchors_are_those_myst_gives_the_headings(records):
    meeting = records.meeting("2022-09-22", "zh")
    assert pages.anchors(meeting)[1] == "基于-kitex-和-hertz-的-bookinfo-全链路泳道-demo"
    same = mr.Meeting("x", "en", "2022-01-01", headings=[(1, "Q&A"), (2, "Q&A"), (3, "Q&A"), (2, "Q&A")])
    assert pages.anchors(same) == ["qa-1", "qa-3"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_meeting_page_gets_a_decisions_box(records, lang):
    t = pages.TEXT[lang]
    for meeting in records.meetings[lang].values():
        end = pages.meeting_extras(records, meeting, lang)
        assert end.startswith(f":::{{admonition}} {t['decisions']}\n:class: meeting-decisions\n")
        decisions = [d for item in meeting.agenda for d in item.decisions]
        for decision in decisions:
            assert pages.md(decision.what) in end
        if not decisions:
            assert t["no_decisions"] in end
        actions = [a for item in meeting.agenda for a in item.actions]
        assert (":class: meeting-actions" in end) == bool(actions)
    end = pages.meeting_extras(records, records.meeting("2022-04-21", "en"), "en")
    assert ("- Integrate Polaris through the first design, which keeps Kitex's existing interfaces. "
            "([agenda 5](#design-for-integrating-kitex-with-an-open-source-service-governance-sdk-polaris); "
            "[kitex \\#421](https://github.com/cloudwego/kitex/issues/421))") in end


def test_meeting_extras_link_attendees_as_written(records):
    meeting = records.meeting("2022-09-22", "en")
    end = pages.meeting_extras(records, meeting, "en")
    assert "<https://www.cloudwego.io/>" in end
    assert "{doc}`Authority </meetings/people/authorixy>`" in end
    assert "{doc}`Code:Z </meetings/people/code-z>`" in end
    assert end.index("## Attendees") < end.index("New members")
    end_zh = pages.meeting_extras(records, records.meeting("2022-06-16", "zh"), "zh")
    assert "## 相关资讯" in end_zh and "https://mp.weixin.qq.com/s/D1Pol8L9F_5-Yte_k4DH8A" in end_zh


def test_pages_without_lists_of_people_and_projects(tree):
    (tree.meetings / "people.yaml").unlink()
    (tree.meetings / "projects.yaml").unlink()
    records = mr.check(tree.root)
    for lang in LANGS:
        rendered = pages.render_pages(records, lang, has_join=False)
        assert set(rendered) == {"meetings/index", "meetings/actions", "meetings/issues",
                                 "meetings/projects/index", "meetings/people/index"}
        assert pages.TEXT[lang]["no_people"] in rendered["meetings/people/index"]
        assert "join" not in rendered["meetings/index"].split("```{toctree}")[1]
        end = pages.meeting_extras(records, records.meeting("2022-09-22", lang), lang)
        assert "{doc}" not in end and "Code:Z" in end  # names as written, without person pages


def test_a_generated_page_is_replaced_whole_never_rewritten_in_place(tmp_path):
    # The other language's build reads the page while this one writes it: a reader that opened the
    # old page still reads all of it, and the new text appears whole, under the page's own name.
    page = tmp_path / "meetings/people/x.md"
    page.parent.mkdir(parents=True)
    old = "---\ngenerated: true\n---\n\n# Old\n"
    page.write_text(old, encoding="utf-8")
    with open(page, encoding="utf-8") as reader:
        assert pages.write_if_changed(page, "---\ngenerated: true\n---\n\n# New\n")
        assert reader.read() == old
    assert page.read_text(encoding="utf-8").endswith("# New\n")
    assert sorted(p.name for p in page.parent.iterdir()) == ["x.md"]  # no partial file left


def test_write_pages_only_rewrites_changed_files_and_removes_stale_ones(tmp_path):
    written = {
        "meetings/index": "---\ngenerated: true\n---\n\n# A\n",
        "meetings/people/x": "---\ngenerated: true\n---\n\n# X\n",
    }
    assert sorted(pages.write_pages(tmp_path, written, "en")) == ["meetings/index", "meetings/people/x"]
    assert pages.write_pages(tmp_path, written, "en") == []
    stale = tmp_path / "meetings/people/gone.md"
    stale.write_text("---\ngenerated: true\n---\n\n# Gone\n", encoding="utf-8")
    hand = tmp_path / "meetings/people/hand.md"
    hand.write_text("# Written by hand\n", encoding="utf-8")
    other_lang = tmp_path / "meetings/people/gone.zh.md"
    other_lang.write_text("---\ngenerated: true\n---\n", encoding="utf-8")
    pages.write_pages(tmp_path, written, "en")
    assert not stale.exists() and hand.exists() and other_lang.exists()
    pages.write_pages(tmp_path, dict(written), "zh")
    assert (tmp_path / "meetings/index.zh.md").is_file()
