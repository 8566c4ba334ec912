"""Loading and validation of the meeting records (tools/meetings_records.py)."""

from __future__ import annotations

import re

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
    assert records.person("Code:Z").id == "code-z"
    assert records.person("Bobby") is records.person("bob")
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


@pytest.mark.parametrize("bad", ["2022-9-22", "22 Sep 2022", "'2022-09-22x'", "'2022-02-30'"])
def test_malformed_date(tree, bad):
    tree.edit("2022-09-22.md", "date: 2022-09-22", f"date: {bad}")
    problem = [p for p in problems(tree) if p.field == "date" and p.path.endswith(".md")]
    assert problem and problem[0].line == 2 and "is not a date" in problem[0].message
    assert "YYYY-MM-DD" in problem[0].hint


@pytest.mark.parametrize("bad", ["2022-13-45", "2022-02-30"])
def test_impossible_date_is_one_clean_problem(tree, bad):
    """YAML reads these as dates and fails to build them; the record names file, line and field."""
    tree.edit("2022-09-22.md", "date: 2022-09-22", f"date: {bad}")
    found = problems(tree)
    assert [(p.path, p.line, p.field) for p in found] == [("meetings/2022-09-22.md", 2, "date")], found
    assert found[0].message == f"'{bad}' reads as a date that does not exist"
    assert "YYYY-MM-DD" in found[0].hint and "quote" in found[0].hint
    assert mr.load(tree.root).unreadable == {"meetings/2022-09-22.md"}


def test_impossible_date_in_a_nested_field_names_its_path(tree):
    tree.edit_both("        status: open", "        status: done\n        done: 2022-02-30")
    found = [p for p in problems(tree) if "reads as a date" in p.message]
    assert [(p.path, p.line, p.field) for p in found] == [
        ("meetings/2022-09-22.md", 26, "agenda[2].actions[1].done"),
        ("meetings/2022-09-22.zh.md", 26, "agenda[2].actions[1].done"),
    ]


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
    found = [p for p in problems(tree) if p.field == "attendees"]
    assert len(found) == 1 and found[0].line == 4 and found[0].path == "meetings/2022-09-22.md"
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
        ('url: "https://github.com/cloudwego/kitex/releases"', 'url: "../x.md"', "news[1].url", 27),
    ],
)
def test_links_must_be_absolute_http_urls(tree, old, new, field, line):
    tree.edit("2022-09-22.md", old, new)
    found = [p for p in problems(tree) if p.field == field]
    assert len(found) == 1 and found[0].line == line and found[0].path == "meetings/2022-09-22.md"
    assert "not an absolute http(s) URL" in found[0].message  # no follow-on disagreement with the other file


def test_recording_must_be_a_url(tree):
    tree.edit_both("agenda:\n", "recording: www.example.com/rec\nagenda:\n")
    found = [p for p in problems(tree) if p.field == "recording"]
    assert {(p.path, p.line) for p in found} == {
        ("meetings/2022-09-22.md", 8),
        ("meetings/2022-09-22.zh.md", 8),
    }


def test_languages_must_agree_on_date(tree):
    # The Chinese file's date is wrong for its own name: that problem alone explains the difference.
    tree.edit("2022-09-22.zh.md", "date: 2022-09-22", "date: 2022-09-21")
    found = [p for p in problems(tree) if p.field == "date"]
    assert [(p.path, p.line) for p in found] == [("meetings/2022-09-22.zh.md", 2)]
    assert "does not match the file name" in found[0].message


def stamp(tree, name: str) -> None:
    """Record in ``name`` that it is the translation of its counterpart as that file is now."""
    from tools import translations

    translations.stamp(tree.meetings / name)


def test_disagreement_names_both_files_when_nothing_tells_which_is_wrong(tree):
    tree.edit("2022-09-22.zh.md", 'attendees: [alice, bob, "Code:Z"]', "attendees: [alice, bob]")
    found = [p for p in problems(tree) if p.field == "attendees"]
    assert [(p.path, p.line) for p in found] == [("meetings/2022-09-22.md", 4), ("meetings/2022-09-22.zh.md", 4)]
    assert found[0].message == "disagrees with meetings/2022-09-22.zh.md: only here: 'Code:Z'"
    assert found[1].message == "disagrees with meetings/2022-09-22.md: only there: 'Code:Z'"
    assert "neither tells which" in found[0].hint


def test_disagreement_names_the_translation_made_from_the_other_file(tree):
    tree.edit("2022-09-22.zh.md", 'attendees: [alice, bob, "Code:Z"]', "attendees: [alice, bob]")
    stamp(tree, "2022-09-22.zh.md")  # the Chinese file was translated from the English one as it is now
    problem = only(tree, "attendees")
    assert (problem.path, problem.line) == ("meetings/2022-09-22.zh.md", 4)
    assert "disagrees with meetings/2022-09-22.md" in problem.message
    assert "translation of meetings/2022-09-22.md" in problem.hint


def test_a_stale_translation_does_not_tell_which_file_is_wrong(tree):
    stamp(tree, "2022-09-22.zh.md")
    tree.edit("2022-09-22.md", 'attendees: [alice, bob, "Code:Z"]', "attendees: [alice, bob]")  # after the stamp
    assert {p.path for p in problems(tree) if p.field == "attendees"} == {
        "meetings/2022-09-22.md", "meetings/2022-09-22.zh.md"}


def test_disagreement_names_the_file_its_own_text_contradicts(tree):
    # The Chinese section 2 says "Alice Liu 介绍了 Kitex", yet its record names bob.
    tree.edit("2022-09-22.zh.md", "presenters: [Alice Liu]", "presenters: [bob]")
    problem = only(tree, "presenters")
    assert (problem.path, problem.field, problem.line) == ("meetings/2022-09-22.zh.md", "agenda[2].presenters", 15)
    assert problem.message == "disagrees with meetings/2022-09-22.md: only here: 'bob'; only there: 'Alice Liu'"
    assert "the text of meetings/2022-09-22.md agrees" in problem.hint
    # The same mistake in the English file names the English file.
    tree.edit("2022-09-22.zh.md", "presenters: [bob]", "presenters: [Alice Liu]")
    tree.edit("2022-09-22.md", "presenters: [Alice Liu]", "presenters: [bob]")
    assert only(tree, "presenters").path == "meetings/2022-09-22.md"


def drop_second_item(tree, name: str, section: bool) -> None:
    """Remove agenda item 2 of ``name`` from the record (and its '## ' section too, if ``section``)."""
    path = tree.meetings / name
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"  - topic: Kitex (news|动态)\n(    .*\n|      .*\n)*", "", text)
    if section:
        text = re.sub(r"\n## Kitex (news|动态)\n\n.*\n", "", text)
    path.write_text(text, encoding="utf-8")


def test_agenda_without_its_section_names_that_file(tree):
    drop_second_item(tree, "2022-09-22.zh.md", section=False)
    found = problems(tree)
    assert [(p.path, p.line, p.field) for p in found] == [("meetings/2022-09-22.zh.md", 8, "agenda")], found
    assert found[0].message == "1 items, but the page has 2 '## ' sections"


def test_languages_must_agree_on_agenda_count(tree):
    drop_second_item(tree, "2022-09-22.zh.md", section=True)
    found = [p for p in problems(tree) if p.field == "agenda"]
    assert [(p.path, p.line) for p in found] == [("meetings/2022-09-22.md", 8), ("meetings/2022-09-22.zh.md", 8)]
    assert found[0].message == "disagrees with meetings/2022-09-22.zh.md: '2 items' here, '1 items' there"


def test_languages_must_agree_on_actions(tree):
    tree.edit("2022-09-22.zh.md", "status: open", "status: done\n        done: 2022-09-22")
    stamp(tree, "2022-09-22.zh.md")
    found = [p for p in problems(tree) if "actions" in p.field]
    assert [(p.path, p.field) for p in found] == [
        ("meetings/2022-09-22.zh.md", "agenda[2].actions[1].status"),
        ("meetings/2022-09-22.zh.md", "agenda[2].actions[1].done"),
    ]


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
    assert (problem.path, problem.line) == ("meetings/people.yaml", 13)
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


def test_unknown_handle_suggests_the_closest_known_ones(tree):
    tree.edit("2022-09-22.md", "presenters: [alice]", "presenters: [alicia]")
    problem = only(tree, "presenters")
    assert (problem.line, problem.field) == (10, "agenda[1].presenters")
    assert problem.hint.startswith("did you mean 'alice' or 'Alice Liu', or add 'alicia' to the 'handles' of the person")
    tree.edit("2022-09-22.md", "presenters: [alicia]", "presenters: [ALICE]")
    assert only(tree, "presenters").hint.startswith("did you mean 'alice'")
    tree.edit("2022-09-22.md", "presenters: [ALICE]", "presenters: [zzz]")
    assert only(tree, "presenters").hint.startswith("add 'zzz' to the 'handles' of the person it names")


def test_unknown_owner_of_an_action_has_its_nested_path(tree):
    tree.edit("2022-09-22.zh.md", "owners: [alice]", "owners: [Bobbie]")
    problem = only(tree, "owners")
    assert (problem.path, problem.line, problem.field) == ("meetings/2022-09-22.zh.md", 23, "agenda[2].actions[1].owners")
    assert "did you mean 'Bobby'" in problem.hint


def test_unknown_project_suggests_the_closest_id(tree):
    tree.edit_both("projects: [kitex]", "projects: [kitx]")
    problem = only(tree, "projects", "meetings/2022-09-22.md")
    assert problem.hint.startswith("did you mean 'kitex', or use an id from meetings/projects.yaml")


def test_unknown_key_suggests_the_right_one(tree):
    tree.edit("2022-09-22.md", "    presenters: [alice]", "    presenter: [alice]")
    problem = only(tree, "presenter", "meetings/2022-09-22.md")
    assert (problem.field, problem.message) == ("agenda[1].presenter", "unknown key")
    assert problem.hint.startswith("did you mean 'presenters'")


@pytest.mark.parametrize("attendees, message", [
    ('[alice, bob, "Code:Z", bob]', "'bob' is listed twice"),
    ('[alice, bob, "Code:Z", Bobby]', "'Bobby' and 'bob' are the same person (bob) in meetings/people.yaml"),
])
def test_duplicate_attendees(tree, attendees, message):
    tree.edit_both('attendees: [alice, bob, "Code:Z"]', f"attendees: {attendees}")
    found = [p for p in problems(tree) if p.field == "attendees"]
    assert [(p.path, p.line, p.message) for p in found] == [
        ("meetings/2022-09-22.md", 4, message), ("meetings/2022-09-22.zh.md", 4, message)]
    assert found[0].hint == "list each attendee once"


def test_new_members_must_be_attendees(tree):
    tree.edit_both("new_members: [bob]", "new_members: [Bobby, alice]")  # Bobby is bob: attended
    assert [p for p in problems(tree) if p.field == "new_members"] == []
    tree.edit_both('attendees: [alice, bob, "Code:Z"]', 'attendees: [bob, "Code:Z"]')
    found = [p for p in problems(tree) if p.field == "new_members"]
    assert [(p.path, p.line, p.message) for p in found] == [
        ("meetings/2022-09-22.md", 5, "'alice' is a new member but not among the attendees"),
        ("meetings/2022-09-22.zh.md", 5, "'alice' is a new member but not among the attendees"),
    ]


@pytest.mark.parametrize("old, new, field, message", [
    ("status: open", "status: closed", "agenda[2].actions[1].status", "'closed' is not a status"),
    ("        status: open\n", "", "agenda[2].actions[1].status", "missing"),
    ("status: open", "status: done", "agenda[2].actions[1].done", "missing"),
    ("status: open", "status: open\n        done: 2022-09-22", "agenda[2].actions[1].done", "given for an open action"),
    ("status: open", "status: done\n        done: 2022-09-29", "agenda[2].actions[1].done", "no minutes for 2022-09-29"),
    ("status: open", "status: done\n        done: 2022-09-01", "agenda[2].actions[1].done",
     "2022-09-01 is before this meeting"),
    ("link: https://github.com/cloudwego/kitex/pull/613", "link: https://github.com/cloudwego/kitex",
     "agenda[2].actions[1].link", "'https://github.com/cloudwego/kitex' is not a GitHub issue or pull request"),
    ("      - what: Write the Kitex guide\n", "      - owners: [x]\n",
     "agenda[2].actions[1].what", "missing or empty"),
    ("      - what: Kitex keeps its interfaces\n        link:", "      - link:",
     "agenda[2].decisions[1].what", "missing or empty"),
    ("        link: https://github.com/cloudwego/kitex/issues/421", "        link: kitex#421",
     "agenda[2].decisions[1].link", "'kitex#421' is not an absolute http(s) URL"),
])
def test_actions_and_decisions_are_checked(tree, old, new, field, message):
    tree.edit("2022-09-22.md", old, new)
    chinese = {"Write the Kitex guide": "编写 Kitex 指南", "Kitex keeps its interfaces": "Kitex 保留现有接口"}
    for english, zh in chinese.items():
        old, new = old.replace(english, zh), new.replace(english, zh)
    tree.edit("2022-09-22.zh.md", old, new)
    found = [p for p in problems(tree) if p.path == "meetings/2022-09-22.md"]
    assert [(p.field, p.message) for p in found if "owners" not in p.field] == [(field, message)], found


def test_done_names_a_later_meeting(tree):
    tree.write("2022-09-29.md", MEETING_EN_LATER("CloudWeGo Community Meeting, 29 Sep 2022"))
    tree.write("2022-09-29.zh.md", MEETING_EN_LATER("2022 年 9 月 29 日社区会议"))
    tree.edit_both("status: open", "status: done\n        done: 2022-09-29")
    records = mr.check(tree.root)
    action = records.meeting("2022-09-22", "zh").agenda[1].actions[0]
    assert (action.status, action.done, action.owners) == ("done", "2022-09-29", ["alice"])


def MEETING_EN_LATER(title: str) -> str:
    return (f"---\ndate: 2022-09-29\ntitle: {title}\nattendees: [alice]\nagenda:\n  - topic: Kitex\n---\n\n"
            f"# {title}\n\n## Kitex\n\nText.\n")


def test_a_people_file_that_is_not_a_list_is_one_problem_first(tree):
    tree.write("people.yaml", "alice: Alice\nbob: Bob\n")
    tree.edit_both("presenters: [alice]", "presenters: [nobody]")  # not reported: nothing to check it against
    found = problems(tree)
    assert [(p.path, p.line, p.field) for p in found] == [("meetings/people.yaml", 1, "people")], found
    assert found[0].message == "must be a YAML list, got a mapping"
    assert "'- id: ...'" in found[0].hint and "checked against it once it loads" in found[0].hint


def test_a_duplicate_person_id_causes_no_follow_on_problem(tree):
    tree.write("people.yaml", tree.meetings.joinpath("people.yaml").read_text()
               + "- id: bob\n  name: Robert\n  handles: [Rob]\n")
    tree.edit_both('attendees: [alice, bob, "Code:Z"]', 'attendees: [alice, bob, "Code:Z", Rob]')
    found = problems(tree)
    assert [(p.path, p.line, p.field, p.message) for p in found] == [
        ("meetings/people.yaml", 11, "id", "duplicate id 'bob'")]


def test_a_projects_file_that_is_not_a_list_is_one_problem(tree):
    tree.write("projects.yaml", "kitex: Kitex\n")
    found = problems(tree)
    assert [(p.path, p.field) for p in found] == [("meetings/projects.yaml", "projects")]


def test_the_people_and_projects_lists_are_optional(tree):
    (tree.meetings / "people.yaml").unlink()
    (tree.meetings / "projects.yaml").unlink()
    records = mr.check(tree.root)
    assert (records.people_state, records.projects_state, records.present) == ("missing", "missing", True)
    assert records.person("alice") is None and records.projects == {}
    # Without people.yaml, people are told apart by handle only.
    tree.edit_both('attendees: [alice, bob, "Code:Z"]', 'attendees: [alice, bob, "Code:Z", bob]')
    assert {p.message for p in problems(tree)} == {"'bob' is listed twice"}


def test_no_meetings_section_at_all(tmp_path):
    records = mr.load(tmp_path)
    assert records.problems == [] and not records.present


def test_section_headings_follow_the_agenda(tree):
    tree.edit("2022-09-22.md", "## Kitex news", "## Kitex updates")
    problem = only(tree, "topic")
    assert (problem.path, problem.line, problem.field) == ("meetings/2022-09-22.md", 36, "agenda[2].topic")
    assert problem.message == "section 2 is headed 'Kitex updates', but the topic is 'Kitex news'"


def test_github_references():
    assert mr.github_ref("https://github.com/kitex-contrib/xds/pull/5/files") == ("kitex-contrib/xds", "pull", 5)
    assert mr.github_ref("https://github.com/cloudwego/kitex/issues/421") == ("cloudwego/kitex", "issue", 421)
    assert mr.github_ref("https://github.com/cloudwego/kitex/issues?q=label") is None
    assert mr.github_ref("https://github.com/cloudwego/community/blob/main/X.md") is None
