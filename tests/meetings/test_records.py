"""Loading and validation of the meeting records (tools/meetings_records.py)."""

from __future__ import annotations

import pytest

from tools import meetings_records as mr


def problems(tree):
    return mr.load(tree.root).problems


def only(tree, field_part: str, path: str | None = None) -> mr.Problem:
    """The one problem whose field contains ``field_part`` (in ``path``, if given)."""
    found = [p for p in problems(tree) if field_part in p.field and path in (None, p.path)]
    assert len(found) == 1, "\n".join(str(p) for p in problems(tree))
    return found[0]


def test_valid_tree_has_no_problem(tree):
    records = mr.check(tree.root)
    meeting = records.meeting("2022-09-22", "zh")
    assert meeting.attendees == ["alice", "bob", "Code:Z"]
    assert [item.topic for item in meeting.agenda] == ["新人自我介绍", "Kitex 动态"]
    assert records.person("Code:Z").id == "bob"
    assert records.person("Alice Liu") is records.person("alice")
    assert meeting.news[0].url == "https://github.com/cloudwego/kitex/releases"
    assert records.dates() == ["2022-09-22"]


def test_problem_text_names_file_line_field_and_hint(tree):
    tree.edit_both("projects: [kitex]", "projects: [kitexx]")
    problem = only(tree, "projects", "meetings/2022-09-22.md")
    assert str(problem).startswith("meetings/2022-09-22.md:16: agenda[2].projects: unknown project 'kitexx'")
    assert "meetings/projects.yaml" in problem.hint


def test_missing_date(tree):
    tree.edit("2022-09-22.md", "date: 2022-09-22\n", "")
    problem = only(tree, "date")
    assert (problem.path, problem.line, problem.message) == ("meetings/2022-09-22.md", 2, "missing")
    assert "date: 2022-09-22" in problem.hint


@pytest.mark.parametrize("bad", ["2022-9-22", "2022-02-30", "22 Sep 2022", "'2022-09-22x'"])
def test_malformed_date(tree, bad):
    tree.edit("2022-09-22.md", "date: 2022-09-22", f"date: {bad}")
    problem = [p for p in problems(tree) if p.field == "date" and p.path.endswith(".md")]
    assert problem and problem[0].line == 2 and "is not a date" in problem[0].message
    assert "YYYY-MM-DD" in problem[0].hint


def test_date_must_match_file_name(tree):
    tree.edit_both("date: 2022-09-22", "date: 2022-09-23")
    found = [p for p in problems(tree) if p.field == "date"]
    assert {(p.path, p.line) for p in found} == {
        ("meetings/2022-09-22.md", 2),
        ("meetings/2022-09-22.zh.md", 2),
    }
    assert all("does not match the file name" in p.message for p in found)
    assert "rename the file" in found[0].hint


def test_malformed_file_name(tree):
    tree.write("2022-9-1.md", "---\ndate: 2022-09-01\n---\n")
    found = [p for p in problems(tree) if p.path == "meetings/2022-9-1.md"]
    assert any(p.field == "file name" and p.line == 1 for p in found)


def test_duplicate_date(tree):
    text = (tree.meetings / "2022-09-22.md").read_text(encoding="utf-8")
    tree.write("2022-09-23.md", text)  # says date: 2022-09-22
    found = [p for p in problems(tree) if "duplicate date" in p.message]
    assert len(found) == 1
    assert (found[0].path, found[0].line, found[0].field) == ("meetings/2022-09-23.md", 2, "date")
    assert "meetings/2022-09-22.md" in found[0].message


def test_unknown_project(tree):
    tree.edit_both("projects: [community]", "projects: [communty]")
    found = [p for p in problems(tree) if "unknown project" in p.message]
    assert [(p.path, p.line, p.field) for p in found] == [
        ("meetings/2022-09-22.md", 11, "agenda[1].projects"),
        ("meetings/2022-09-22.zh.md", 11, "agenda[1].projects"),
    ]


def test_agenda_item_without_topic(tree):
    tree.edit("2022-09-22.md", "  - topic: Kitex news\n    presenters", "  - presenters")
    problem = only(tree, "topic")
    assert (problem.path, problem.line, problem.field) == ("meetings/2022-09-22.md", 14, "agenda[2].topic")
    assert problem.message == "agenda item without topic"


def test_empty_topic(tree):
    tree.edit("2022-09-22.md", "topic: Kitex news", "topic: ''")
    assert only(tree, "topic").line == 14


def test_presenter_must_resolve(tree):
    tree.edit_both("presenters: [alice]", "presenters: [Alice]")
    found = [p for p in problems(tree) if "presenters" in p.field]
    assert [(p.path, p.line) for p in found] == [
        ("meetings/2022-09-22.md", 10),
        ("meetings/2022-09-22.zh.md", 10),
    ]
    assert "does not resolve through meetings/people.yaml" in found[0].message
    assert "'Alice'" in found[0].hint and "handles" in found[0].hint


def test_attendee_must_resolve(tree):
    tree.edit_both('attendees: [alice, bob, "Code:Z"]', 'attendees: [alice, bob, "Code:z"]')
    found = [p for p in problems(tree) if p.field == "attendees"]
    assert [(p.path, p.line) for p in found] == [
        ("meetings/2022-09-22.md", 4),
        ("meetings/2022-09-22.zh.md", 4),
    ]


def test_new_member_must_resolve(tree):
    tree.edit_both("new_members: [bob]", "new_members: [carol]")
    assert {p.line for p in problems(tree) if p.field == "new_members"} == {5}


def test_attendees_must_be_a_list(tree):
    tree.edit("2022-09-22.md", 'attendees: [alice, bob, "Code:Z"]', "attendees: alice, bob")
    found = [p for p in problems(tree) if p.field == "attendees" and p.path.endswith("22.md")]
    assert len(found) == 1 and found[0].line == 4
    assert "must be a list" in found[0].message and "YAML list" in found[0].hint


def test_attendees_are_required(tree):
    tree.edit("2022-09-22.md", 'attendees: [alice, bob, "Code:Z"]\n', "")
    found = [p for p in problems(tree) if p.field == "attendees" and p.path.endswith("22.md")]
    assert found and found[0].message == "missing"


@pytest.mark.parametrize(
    "old, new, field, line",
    [
        ("- https://github.com/cloudwego/community", "- github.com/cloudwego/community", "agenda[1].links", 13),
        ("- https://github.com/cloudwego/community", "- /docs/kitex/", "agenda[1].links", 13),
        ("- https://www.cloudwego.io/", "- ftp://www.cloudwego.io/", "pre_reading", 7),
        ('url: "https://github.com/cloudwego/kitex/releases"', 'url: "../x.md"', "news.url", 19),
    ],
)
def test_links_must_be_absolute_http_urls(tree, old, new, field, line):
    tree.edit("2022-09-22.md", old, new)
    found = [p for p in problems(tree) if p.field == field and p.path.endswith("22.md")]
    assert len(found) == 1 and found[0].line == line
    assert "not an absolute http(s) URL" in found[0].message


def test_recording_must_be_a_url(tree):
    tree.edit_both("agenda:\n", "recording: www.example.com/rec\nagenda:\n")
    found = [p for p in problems(tree) if p.field == "recording"]
    assert {(p.path, p.line) for p in found} == {
        ("meetings/2022-09-22.md", 8),
        ("meetings/2022-09-22.zh.md", 8),
    }


def test_languages_must_agree_on_date(tree):
    # The Chinese file's own date is also wrong for its name; both are reported.
    tree.edit("2022-09-22.zh.md", "date: 2022-09-22", "date: 2022-09-21")
    found = [p for p in problems(tree) if p.field == "date"]
    assert {p.path for p in found} == {"meetings/2022-09-22.zh.md"}
    assert any("disagrees with meetings/2022-09-22.md" in p.message for p in found)
    assert all(p.line == 2 for p in found)


def test_languages_must_agree_on_attendees(tree):
    tree.edit("2022-09-22.zh.md", 'attendees: [alice, bob, "Code:Z"]', "attendees: [alice, bob]")
    problem = only(tree, "attendees")
    assert (problem.path, problem.line) == ("meetings/2022-09-22.zh.md", 4)
    assert "disagrees with meetings/2022-09-22.md" in problem.message


def test_languages_must_agree_on_agenda_count(tree):
    tree.edit(
        "2022-09-22.zh.md",
        "  - topic: Kitex 动态\n    presenters: [Alice Liu]\n    projects: [kitex]\n    links: []\n",
        "",
    )
    problem = only(tree, "agenda")
    assert (problem.path, problem.line) == ("meetings/2022-09-22.zh.md", 8)
    assert "2 items" in problem.message and "1 items" in problem.message


def test_languages_must_agree_on_presenters(tree):
    tree.edit("2022-09-22.zh.md", "presenters: [Alice Liu]", "presenters: [bob]")
    problem = only(tree, "presenters")
    assert (problem.field, problem.line) == ("agenda[2].presenters", 15)


def test_counterpart_is_required(tree):
    (tree.meetings / "2022-09-22.zh.md").unlink()
    problem = only(tree, "translation")
    assert problem.path == "meetings/2022-09-22.md"
    assert "2022-09-22.zh.md is missing" in problem.message


def test_unknown_key_is_reported(tree):
    tree.edit("2022-09-22.md", "new_members:", "new_member: [bob]\nnew_members:")
    problem = only(tree, "new_member")
    assert problem.line == 5 and problem.message == "unknown key"


def test_missing_front_matter(tree):
    tree.write("2022-09-22.md", "# Minutes\n")
    problem = only(tree, "front matter")
    assert (problem.path, problem.line) == ("meetings/2022-09-22.md", 1)


def test_yaml_syntax_error_has_line(tree):
    tree.edit("2022-09-22.md", "new_members: [bob]", "new_members: [bob")
    found = [p for p in problems(tree) if p.field == "yaml"]
    assert found and found[0].path == "meetings/2022-09-22.md" and found[0].line >= 5


def test_people_file_handles_are_unique(tree):
    tree.write(
        "people.yaml",
        tree.meetings.joinpath("people.yaml").read_text() + "- id: carol\n  name: Carol\n  handles: [bob]\n",
    )
    problem = only(tree, "handles")
    assert (problem.path, problem.line) == ("meetings/people.yaml", 10)
    assert "already belongs to 'bob'" in problem.message


def test_people_file_ids_are_checked(tree):
    tree.write("people.yaml", "- id: Alice Liu\n  name: A\n  handles: [alice]\n")
    found = [p for p in problems(tree) if p.path == "meetings/people.yaml"]
    assert found and found[0].field == "id" and found[0].line == 1


def test_projects_need_both_names(tree):
    tree.write("projects.yaml", "- {id: kitex, en: Kitex}\n- {id: community, en: C, zh: 社区}\n")
    problem = only(tree, "zh")
    assert (problem.path, problem.line) == ("meetings/projects.yaml", 1)


def test_records_error_lists_every_problem(tree):
    tree.edit_both("presenters: [alice]", "presenters: [nobody]")
    with pytest.raises(mr.RecordsError) as info:
        mr.check(tree.root)
    text = str(info.value)
    assert "meetings/2022-09-22.md:10: agenda[1].presenters:" in text
    assert "meetings/2022-09-22.zh.md:10: agenda[1].presenters:" in text


def test_command_line_reports_problems(tree, capsys):
    tree.edit("2022-09-22.md", "projects: [kitex]", "projects: [nope]")
    assert mr.main([str(tree.root)]) == 1
    assert "meetings/2022-09-22.md:16: agenda[2].projects" in capsys.readouterr().err
