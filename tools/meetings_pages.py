"""The Markdown of the pages derived from the meeting records, in either language.

``extensions/meetings.py`` writes these pages at the start of every build
(only when their text changed) and appends ``meeting_extras`` to each meeting
page.  Everything here is a pure function of the records: no Sphinx import.

- ``meetings/index``: every meeting, newest first, grouped by year;
- ``meetings/actions``: the decisions and action items of all meetings, by
  person and by project;
- ``meetings/issues``: every GitHub issue and pull request the minutes link,
  by repository, with the meetings (and agenda items) that discussed it;
- ``meetings/projects/index`` and ``meetings/projects/<id>``;
- ``meetings/people/index`` and ``meetings/people/<id>``.

Links to an agenda item point at its section, with the anchor MyST gives the
section's heading (``myst_heading_anchors``), so that the build checks them.
"""

from __future__ import annotations

import datetime
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from myst_parser.slugs import github_slugify, unique_slug

from tools import meetings_records as mr

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Heading levels MyST gives anchors to (conf.py: myst_heading_anchors).
ANCHOR_LEVELS = 3

TEXT = {
    "en": {
        "index_title": "Community meetings",
        "index_intro": (
            "Minutes of the CloudWeGo community meetings, newest first. Browse them by {projects} or by "
            "{people}, follow up the {actions} they recorded and the {issues} they discussed{join}."
        ),
        "join": ", or find out how to {link}",
        "join_link": "join a meeting or propose an agenda item",
        "by_projects": "project",
        "by_people": "person",
        "actions_link": "decisions and action items",
        "issues_link": "issues and pull requests",
        "projects_title": "Meetings by project",
        "projects_intro": "The agenda items of the community meetings, by the project they touch.",
        "no_projects": "This site keeps no list of projects (meetings/projects.yaml).",
        "people_title": "Meetings by person",
        "people_intro": (
            "Everyone who attended or presented at a community meeting, or owns one of its action items, "
            "with every spelling of their name used in the minutes."
        ),
        "no_people": (
            "This site keeps no list of people (meetings/people.yaml), so the minutes show every name as "
            "written, without a page per person."
        ),
        "items": lambda n: f"{n} agenda item{'s' if n != 1 else ''}",
        "meetings": lambda n: f"{n} meeting{'s' if n != 1 else ''}",
        "project_intro": "Agenda items of the community meetings that touched {name}, newest first.",
        "presented_by": "presented by",
        "handles": "Written in the minutes as",
        "github": "GitHub",
        "person_meetings": "Meetings",
        "presented": "Agenda items presented",
        "owned": "Action items",
        "as": "as",
        "new_member": "new member",
        "presenter": "presented",
        "owner": "owns an action item",
        "not_listed": "not in the attendee list",
        "none": "None.",
        "pre_reading": "Before the meeting",
        "recording": "Recording",
        "news": "News",
        "attendees": "Attendees",
        "new_members": "New members",
        "decisions": "Decisions",
        "no_decisions": "The minutes record no decisions.",
        "action_items": "Action items",
        "open": "Open",
        "done": "Done",
        "done_at": "done, as the minutes of {day} record",
        "done_here": "done, as these minutes record",
        "agreed_at": "agreed on {day}",
        "agenda_n": "agenda {n}",
        "owners": "owners",
        "no_owner": "No owner recorded",
        "actions_title": "Decisions and action items",
        "actions_intro": (
            "The decisions and action items recorded in the minutes of every meeting. An action item stays "
            "open until the minutes of a later meeting record it as done: open means only that no minutes say so."
        ),
        "counts": lambda o, d: f"{o} open, {d} done.",
        "by_person": "By person",
        "by_project": "By project",
        "all_decisions": "Decisions, newest first",
        "issues_title": "Issues and pull requests",
        "issues_intro": (
            "Every GitHub issue and pull request that the minutes link to, by repository, "
            "with the meetings that discussed it."
        ),
        "issue": "issue",
        "pull": "pull request",
        "discussed": "discussed in {where}",
        "where_agenda": "{date} (agenda {n})",
        "where_news": "{date} (news)",
        "where_pre": "{date} (pre-reading)",
        "sep": ", ",
        "colon": ": ",
        "semi": "; ",
        "paren": " ({})",
    },
    "zh": {
        "index_title": "社区会议",
        "index_intro": (
            "CloudWeGo 社区会议纪要，按时间倒序排列。可以按{projects}或按{people}浏览，"
            "跟进会上记录的{actions}和讨论过的{issues}{join}。"
        ),
        "join": "，也可以了解如何{link}",
        "join_link": "参加会议、提议议程",
        "by_projects": "项目",
        "by_people": "参会人",
        "actions_link": "决定与行动项",
        "issues_link": "issue 与 PR",
        "projects_title": "按项目浏览会议",
        "projects_intro": "社区会议的议程，按涉及的项目归类。",
        "no_projects": "本站没有项目列表（meetings/projects.yaml）。",
        "people_title": "按参会人浏览会议",
        "people_intro": "参加过社区会议、在会上做过分享或负责行动项的所有人，以及纪要中出现过的各种写法。",
        "no_people": "本站没有参会人名单（meetings/people.yaml），纪要中的名字按原样显示，也没有个人页面。",
        "items": lambda n: f"{n} 个议程",
        "meetings": lambda n: f"{n} 次会议",
        "project_intro": "涉及 {name} 的社区会议议程，按时间倒序排列。",
        "presented_by": "分享人",
        "handles": "纪要中的写法",
        "github": "GitHub",
        "person_meetings": "会议",
        "presented": "分享的议程",
        "owned": "负责的行动项",
        "as": "记为",
        "new_member": "新成员",
        "presenter": "做了分享",
        "owner": "负责行动项",
        "not_listed": "未列入参会名单",
        "none": "无。",
        "pre_reading": "会前必读",
        "recording": "会议录屏",
        "news": "相关资讯",
        "attendees": "参会人",
        "new_members": "新成员",
        "decisions": "会议决定",
        "no_decisions": "纪要中没有记录决定。",
        "action_items": "行动项",
        "open": "未完成",
        "done": "已完成",
        "done_at": "{day}的纪要记录为已完成",
        "done_here": "本次纪要记录为已完成",
        "agreed_at": "{day}提出",
        "agenda_n": "议程 {n}",
        "owners": "负责人",
        "no_owner": "纪要未记录负责人",
        "actions_title": "决定与行动项",
        "actions_intro": (
            "汇总各次会议纪要中记录的决定和行动项。行动项在后续会议的纪要记录其完成之前都算作未完成；"
            "“未完成”只表示没有纪要记录它已完成。"
        ),
        "counts": lambda o, d: f"未完成 {o} 项，已完成 {d} 项。",
        "by_person": "按负责人",
        "by_project": "按项目",
        "all_decisions": "全部决定（按时间倒序）",
        "issues_title": "issue 与 PR",
        "issues_intro": "纪要中链接过的每个 GitHub issue 和 PR，按仓库归类，并注明在哪些会议中讨论过。",
        "issue": "issue",
        "pull": "PR",
        "discussed": "{where}讨论过",
        "where_agenda": "{date}（议程 {n}）",
        "where_news": "{date}（相关资讯）",
        "where_pre": "{date}（会前必读）",
        "sep": "、",
        "colon": "：",
        "semi": "；",
        "paren": "（{}）",
    },
}


# --------------------------------------------------------------------------- Markdown helpers


def day(date: str, lang: str) -> str:
    d = datetime.date.fromisoformat(date)
    if lang == "zh":
        return f"{d.year} 年 {d.month} 月 {d.day} 日"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>{}|#!$~])")


def md(text: str) -> str:
    """Escape text for inline Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def doc(text: str, docname: str) -> str:
    """A {doc} role: works the same in both builds (no file suffix)."""
    text = text.replace("`", "'").replace("<", "(").replace(">", ")")
    return f"{{doc}}`{text} </{docname}>`"


def page_link(text: str, docname: str, lang: str, anchor: str = "") -> str:
    """A Markdown link to a page of this language (with a heading anchor MyST checks)."""
    suffix = ".zh.md" if lang == "zh" else ".md"
    return f"[{text}](/{docname}{suffix}{'#' + anchor if anchor else ''})"


def front(text: str) -> str:
    return f"---\ngenerated: true\n---\n\n{text.rstrip()}\n"


def toctree(entries: list[str]) -> str:
    body = "\n".join(entries)
    return f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{body}\n```\n"


def anchors(meeting: mr.Meeting) -> list[str]:
    """The anchor of each '## ' section, as MyST computes it from the page's headings."""
    seen: list[str] = []
    found = []
    for level, text in meeting.headings:
        if level > ANCHOR_LEVELS:
            continue
        slug = unique_slug(github_slugify(text), seen)
        if slug:
            seen.append(slug)
        if level == 2:
            found.append(slug)
    return found


def ref_text(url: str) -> str:
    """How a link reads: 'kitex #421' for an issue of a CloudWeGo repository, 'kitex-contrib/xds #5'
    for another; a repository by its name, a file by its name, anything else by its host."""
    found = mr.github_ref(url)
    if found is not None:
        repo, _kind, number = found
        owner, name = repo.split("/", 1)
        return f"{name if owner == 'cloudwego' else repo} #{number}"
    parts = urlsplit(url)
    path = [p for p in parts.path.split("/") if p]
    if parts.hostname == "github.com" and len(path) == 2:
        return "/".join(path)
    if parts.hostname == "github.com" and len(path) > 4 and path[2] == "blob":
        return path[-1]
    return parts.hostname or url


def canonical(url: str) -> str:
    repo, kind, number = mr.github_ref(url)
    return f"https://github.com/{repo}/{'issues' if kind == 'issue' else 'pull'}/{number}"


class People:
    """Links to person pages, and plain names when people.yaml does not know a handle."""

    def __init__(self, records: mr.Records):
        self.records = records

    def link(self, handle: str) -> str:
        person = self.records.person(handle)
        if person is None:
            return md(handle)
        return doc(handle, f"meetings/people/{person.id}")

    def id(self, handle: str) -> str | None:
        person = self.records.person(handle)
        return person.id if person is not None else None


@dataclass
class Entry:
    """An action item with where it was agreed."""

    meeting: mr.Meeting
    index: int  # agenda item, from 1
    item: mr.AgendaItem
    action: mr.Action


def item_link(meeting: mr.Meeting, index: int, lang: str, text: str) -> str:
    slugs = anchors(meeting)
    anchor = slugs[index - 1] if index - 1 < len(slugs) else ""
    return page_link(text, meeting.docname, lang, anchor)


def action_line(action: mr.Action, where: str, records: mr.Records, lang: str, people: People,
                owners: bool = True, here: str | None = None) -> str:
    """One action item as a list item: status, what, where it was agreed (``where``), owners, issue.

    ``here`` is the date of the meeting page it is shown on, if any.
    """
    t = TEXT[lang]
    parts = [where]
    if owners and action.owners:
        parts.append(f"{t['owners']}{t['colon']}{t['sep'].join(people.link(h) for h in action.owners)}")
    if action.done and action.done == here:
        parts.append(t["done_here"])
    elif action.done:
        done = records.meeting(action.done, lang)
        when = page_link(day(action.done, lang), done.docname, lang) if done else day(action.done, lang)
        parts.append(t["done_at"].format(day=when))
    if action.link:
        parts.append(f"[{md(ref_text(action.link))}]({action.link})")
    label = t["done"] if action.status == "done" else t["open"]
    return f"- **{label}**{t['colon']}{md(action.what)}{t['paren'].format(t['semi'].join(parts))}"


def entry_line(entry: Entry, records: mr.Records, lang: str, people: People, owners: bool) -> str:
    """An action item on a page of its own: where it was agreed links to the agenda item."""
    t = TEXT[lang]
    meeting = entry.meeting
    text = f"{day(meeting.date, lang)}{t['paren'].format(t['agenda_n'].format(n=entry.index))}"
    where = t["agreed_at"].format(day=item_link(meeting, entry.index, lang, text))
    return action_line(entry.action, where, records, lang, people, owners)


# --------------------------------------------------------------------------- the pages


def render_pages(records: mr.Records, lang: str, has_join: bool = True) -> dict[str, str]:
    """docname -> Markdown text of every generated page in ``lang``."""
    t = TEXT[lang]
    people = People(records)
    dates = records.dates(lang)
    meetings = [records.meeting(d, lang) for d in dates]
    pages: dict[str, str] = {}

    # Who presented what, which items touch which project, who took part in which meeting
    # and how (attended as which handle, new member, presented, owns an action), who owns which action.
    presented = defaultdict(list)  # person id -> [(meeting, index, item)]
    took_part = defaultdict(dict)  # person id -> {date: {"handles": [...], "roles": [...]}}
    by_project = defaultdict(list)  # project id -> [(meeting, item)]
    entries: list[Entry] = []
    owned = defaultdict(list)  # person id -> [Entry]

    def note(handle: str, date: str, role: str | None = None) -> str | None:
        pid = people.id(handle)
        if pid is not None:
            seen = took_part[pid].setdefault(date, {"handles": [], "roles": []})
            if role is None:
                seen["handles"].append(handle)
            elif role not in seen["roles"]:
                seen["roles"].append(role)
        return pid

    for meeting in meetings:
        for handle in meeting.attendees:
            note(handle, meeting.date)
        for handle in meeting.new_members:
            note(handle, meeting.date, t["new_member"])
        for index, item in enumerate(meeting.agenda, 1):
            ids = {note(handle, meeting.date, t["presenter"]) for handle in item.presenters} - {None}
            for pid in sorted(ids):
                presented[pid].append((meeting, index, item))
            for project in item.projects:
                by_project[project].append((meeting, item))
            for action in item.actions:
                entries.append(Entry(meeting, index, item, action))
                for pid in {note(handle, meeting.date, t["owner"]) for handle in action.owners} - {None}:
                    owned[pid].append(entries[-1])

    pages["meetings/index"] = _index_page(records, lang, meetings, has_join)
    pages["meetings/actions"] = _actions_page(records, lang, meetings, entries, owned, people)
    pages["meetings/issues"] = _issues_page(lang, meetings)
    pages.update(_project_pages(records, lang, by_project, people))
    pages.update(_people_pages(records, lang, took_part, presented, owned, people))
    return pages


def _index_page(records: mr.Records, lang: str, meetings: list[mr.Meeting], has_join: bool) -> str:
    t = TEXT[lang]
    join = t["join"].format(link=doc(t["join_link"], "meetings/join")) if has_join else ""
    lines = [
        f"# {t['index_title']}",
        "",
        t["index_intro"].format(
            projects=doc(t["by_projects"], "meetings/projects/index"),
            people=doc(t["by_people"], "meetings/people/index"),
            actions=doc(t["actions_link"], "meetings/actions"),
            issues=doc(t["issues_link"], "meetings/issues"),
            join=join,
        ),
        "",
    ]
    year = None
    for meeting in meetings:
        if meeting.date[:4] != year:
            year = meeting.date[:4]
            lines += [f"## {year}", ""]
        lines.append(f"- **{doc(day(meeting.date, lang), meeting.docname)}**")
        lines += [f"  - {md(item.topic)}" for item in meeting.agenda]
    # Every meeting file of this language is in the toctree, a broken one too: its
    # problem is reported once, not again as "not included in any toctree".
    valid = [m.docname for m in meetings]
    others = sorted(set(records.files[lang]) - set(valid))
    entries = [name.split("/", 1)[1] for name in valid + others]
    entries += [*(["join"] if has_join else []), "actions", "issues", "projects/index", "people/index"]
    lines += ["", toctree(entries)]
    return front("\n".join(lines))


def _actions_page(records, lang, meetings, entries: list[Entry], owned: dict, people: People) -> str:
    t = TEXT[lang]
    open_count = sum(1 for e in entries if e.action.status == "open")
    lines = [f"# {t['actions_title']}", "", t["actions_intro"], "", t["counts"](open_count, len(entries) - open_count)]

    def ordered(group: list[Entry]) -> list[Entry]:
        # Open first, then newest first.
        return sorted(group, key=lambda e: (e.action.status != "open", -_ordinal(e.meeting.date), e.index))

    lines += ["", f"## {t['by_person']}", ""]
    unowned = [e for e in entries if all(people.id(h) is None for h in e.action.owners)]
    for person in sorted((records.people[p] for p in owned), key=lambda p: (p.name.casefold(), p.id)):
        # A Markdown link, not a {doc} role: MyST then slugs the heading from the name, so a
        # name with Chinese characters gets an anchor that keeps them (extensions/heading_ids.py).
        lines += [f"### {page_link(md(person.name), f'meetings/people/{person.id}', lang)}", ""]
        lines += [entry_line(e, records, lang, people, owners=False) for e in ordered(owned[person.id])]
        lines.append("")
    if unowned:
        lines += [f"### {t['no_owner']}", ""]
        lines += [entry_line(e, records, lang, people, owners=True) for e in ordered(unowned)]
        lines.append("")

    lines += [f"## {t['by_project']}", ""]
    for project in records.projects.values():
        group = [e for e in entries if project.id in e.action.projects]
        if not group:
            continue
        lines += [f"### {md(project.names[lang])}", ""]
        lines += [entry_line(e, records, lang, people, owners=True) for e in ordered(group)]
        lines.append("")

    lines += [f"## {t['all_decisions']}", ""]
    count = 0
    for meeting in meetings:
        for index, item in enumerate(meeting.agenda, 1):
            for decision in item.decisions:
                count += 1
                where = item_link(meeting, index, lang,
                                  f"{day(meeting.date, lang)}{t['paren'].format(t['agenda_n'].format(n=index))}")
                ref = f"{t['semi']}[{md(ref_text(decision.link))}]({decision.link})" if decision.link else ""
                lines.append(f"- {md(decision.what)}{t['paren'].format(where + ref)}")
    if not count:
        lines.append(t["none"])
    return front("\n".join(lines))


def _ordinal(date: str) -> int:
    return datetime.date.fromisoformat(date).toordinal()


def _issues_page(lang: str, meetings: list[mr.Meeting]) -> str:
    t = TEXT[lang]
    found: dict[tuple[str, int], dict] = {}
    for meeting in sorted(meetings, key=lambda m: m.date):
        places: list[tuple[str, str]] = []  # (where text, url)
        for index, item in enumerate(meeting.agenda, 1):
            urls = [*item.links, *(d.link for d in item.decisions if d.link), *(a.link for a in item.actions if a.link)]
            where = item_link(meeting, index, lang, t["where_agenda"].format(date=meeting.date, n=index))
            places += [(where, url) for url in urls]
        news = page_link(t["where_news"].format(date=meeting.date), meeting.docname, lang)
        places += [(news, n.url) for n in meeting.news if n.url]
        pre = page_link(t["where_pre"].format(date=meeting.date), meeting.docname, lang)
        places += [(pre, url) for url in meeting.pre_reading]
        for where, url in places:
            ref = mr.github_ref(url)
            if ref is None:
                continue
            repo, kind, number = ref
            entry = found.setdefault((repo, number), {"kind": kind, "url": canonical(url), "where": []})
            if where not in entry["where"]:
                entry["where"].append(where)
    lines = [f"# {t['issues_title']}", "", t["issues_intro"], ""]
    repo = None
    for (name, number), entry in sorted(found.items(), key=lambda kv: (kv[0][0].casefold(), kv[0][1])):
        if name != repo:
            repo = name
            lines += ["", f"## {md(name)}", ""]
        discussed = t["discussed"].format(where=t["sep"].join(entry["where"]))
        lines.append(f"- [#{number}]({entry['url']}) {t[entry['kind']]}{t['colon']}{discussed}")
    if not found:
        lines.append(t["none"])
    return front("\n".join(lines))


def _project_pages(records, lang, by_project, people: People) -> dict[str, str]:
    t = TEXT[lang]
    pages = {}
    lines = [f"# {t['projects_title']}", "", t["projects_intro"], ""]
    for project in records.projects.values():
        count = len(by_project[project.id])
        lines.append(f"- {doc(project.names[lang], f'meetings/projects/{project.id}')}: {t['items'](count)}")
    if not records.projects:
        lines.append(t["no_projects"])
    lines += ["", toctree(list(records.projects))] if records.projects else []
    pages["meetings/projects/index"] = front("\n".join(lines))
    for project in records.projects.values():
        name = project.names[lang]
        lines = [f"# {md(name)}", "", t["project_intro"].format(name=md(name)), ""]
        for meeting, item in by_project[project.id]:
            entry = f"- {doc(day(meeting.date, lang), meeting.docname)}{t['colon']}{md(item.topic)}"
            if item.presenters:
                who = t["sep"].join(people.link(h) for h in item.presenters)
                entry += f" ({t['presented_by']} {who})" if lang == "en" else f"（{t['presented_by']}：{who}）"
            lines.append(entry)
        if not by_project[project.id]:
            lines.append(t["none"])
        pages[f"meetings/projects/{project.id}"] = front("\n".join(lines))
    return pages


def _people_pages(records, lang, took_part, presented, owned, people: People) -> dict[str, str]:
    t = TEXT[lang]
    pages = {}
    everyone = sorted(records.people.values(), key=lambda p: (p.name.casefold(), p.id))
    lines = [f"# {t['people_title']}", "", t["people_intro"] if records.people else t["no_people"], ""]
    for person in everyone:
        summary = t["meetings"](len(took_part[person.id]))
        if presented[person.id]:
            summary += t["sep"] + t["items"](len(presented[person.id]))
        lines.append(f"- {doc(person.name, f'meetings/people/{person.id}')}: {summary}")
    lines += ["", toctree(sorted(records.people))] if records.people else []
    pages["meetings/people/index"] = front("\n".join(lines))
    for person in everyone:
        handles = t["sep"].join(f"`{h}`" for h in person.handles)
        lines = [f"# {md(person.name)}", "", f"{t['handles']}{t['colon']}{handles}"]
        if person.github:
            lines += ["", f"{t['github']}{t['colon']}<https://github.com/{person.github}>"]
        # Every meeting the person took part in: attended, presented at, or owns an action of.
        lines += ["", f"## {t['person_meetings']}", ""]
        for date, seen in sorted(took_part[person.id].items(), reverse=True):
            meeting = records.meeting(date, lang)
            notes = []
            for handle in seen["handles"]:
                if len(person.handles) > 1 and handle != person.handles[0]:
                    notes.append(f"{t['as']} `{handle}`")
            notes += seen["roles"]
            if not seen["handles"]:
                notes.append(t["not_listed"])
            entry = f"- {doc(day(meeting.date, lang), meeting.docname)}"
            if notes:
                entry += f" ({', '.join(notes)})" if lang == "en" else f"（{'，'.join(notes)}）"
            lines.append(entry)
        if not took_part[person.id]:
            lines.append(t["none"])
        if presented[person.id]:
            lines += ["", f"## {t['presented']}", ""]
            for meeting, index, item in presented[person.id]:
                lines.append(f"- {item_link(meeting, index, lang, day(meeting.date, lang))}{t['colon']}{md(item.topic)}")
        if owned[person.id]:
            lines += ["", f"## {t['owned']}", ""]
            lines += [entry_line(e, records, lang, people, owners=False) for e in owned[person.id]]
        pages[f"meetings/people/{person.id}"] = front("\n".join(lines))
    return pages


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``path`` whole or not at all, only when its text changed.

    The English and Chinese builds run at once, and each reads the front matter of every page
    of both languages while the other writes its generated pages: a page written in place could
    be read half-written, without its ``generated: true``, and reported as a page without a
    translation.  The new text goes into a file of its own that then takes the page's name.
    """
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # no .md: no build reads it
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return True


def page_path(root: Path, docname: str, lang: str) -> Path:
    return root / f"{docname}{'.zh.md' if lang == 'zh' else '.md'}"


def write_pages(root: Path, pages: dict[str, str], lang: str) -> list[str]:
    """Write changed pages; remove generated pages of ``lang`` no longer produced."""
    written = [name for name, text in pages.items() if write_if_changed(page_path(root, name, lang), text)]
    for folder in ("meetings/projects", "meetings/people"):
        base = root / folder
        if not base.is_dir():
            continue
        for path in base.glob("*.md"):
            is_zh = path.name.endswith(".zh.md")
            if is_zh != (lang == "zh"):
                continue
            name = f"{folder}/{path.name[: -len('.zh.md') if is_zh else -len('.md')]}"
            if name in pages:
                continue
            head = path.read_text(encoding="utf-8")[:64]
            if head.startswith("---\ngenerated: true\n"):
                path.unlink()
    return written


# --------------------------------------------------------------------------- meeting pages


def meeting_extras(records: mr.Records, meeting: mr.Meeting, lang: str) -> str:
    """The Markdown appended to a meeting page: the decisions and action items, news,
    attendees, pre-reading and recording.

    Appended at the end (never inserted above the text) so that warnings about the
    page still point at the right lines of its file; the extension moves the
    decisions and action-item boxes up under the title.
    """
    t = TEXT[lang]
    people = People(records)
    slugs = anchors(meeting)
    end = [f":::{{admonition}} {t['decisions']}", ":class: meeting-decisions", ""]
    decisions = [(i, d) for i, item in enumerate(meeting.agenda, 1) for d in item.decisions]
    actions = [(i, a) for i, item in enumerate(meeting.agenda, 1) for a in item.actions]

    def at(index: int) -> str:
        text = t["agenda_n"].format(n=index)
        return f"[{text}](#{slugs[index - 1]})" if index - 1 < len(slugs) and slugs[index - 1] else text

    for index, decision in decisions:
        ref = f"{t['semi']}[{md(ref_text(decision.link))}]({decision.link})" if decision.link else ""
        end.append(f"- {md(decision.what)}{t['paren'].format(at(index) + ref)}")
    if not decisions:
        end.append(t["no_decisions"])
    end += [":::", ""]
    if actions:
        end += [f":::{{admonition}} {t['action_items']}", ":class: meeting-actions", ""]
        end += [action_line(action, at(index), records, lang, people, here=meeting.date) for index, action in actions]
        end += [":::", ""]
    if meeting.news:
        end += [f"## {t['news']}", ""]
        for item in meeting.news:
            end.append(f"- [{md(item.title)}]({item.url})" if item.url else f"- {md(item.title)}")
        end.append("")
    end += [f"## {t['attendees']}", ""]
    end.append(t["sep"].join(people.link(h) for h in meeting.attendees) or t["none"])
    if meeting.new_members:
        members = t["sep"].join(people.link(h) for h in meeting.new_members)
        end += ["", f"{t['new_members']}{t['colon']}{members}"]
    if meeting.pre_reading:
        links = t["sep"].join(f"<{url}>" for url in meeting.pre_reading)
        end += ["", f"{t['pre_reading']}{t['colon']}{links}"]
    if meeting.recording:
        end += ["", f"{t['recording']}{t['colon']}<{meeting.recording}>"]
    return "\n".join(end) + "\n"
