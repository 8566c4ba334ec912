"""Community meeting minutes: validation, generated pages and the Atom feed.

The records (front matter of ``meetings/YYYY-MM-DD.md`` / ``.zh.md``, plus
``meetings/people.yaml`` and ``meetings/projects.yaml``) are loaded and checked
by ``tools/meetings_records.py``; every problem is reported with its file and
line and fails the build.

At ``builder-inited`` the pages derived from the records are written for the
language of the build (``X.md`` in the English build, ``X.zh.md`` in the
Chinese one), only when their text changed, so incremental builds stay exact:

- ``meetings/index``: every meeting, newest first, grouped by year;
- ``meetings/projects/index`` and ``meetings/projects/<id>``;
- ``meetings/people/index`` and ``meetings/people/<id>``.

These files are gitignored and carry ``generated: true`` (no translation check).
At ``source-read`` each meeting page gets its news, its attendee list (each
attendee linked to their person page, written as in the minutes) and its
pre-reading links, appended at the end.  At ``build-finished`` ``<outdir>/meetings/atom.xml`` is written.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from tools import meetings_records as mr

logger = logging.getLogger(__name__)

MEETING_DOC = re.compile(r"^meetings/(\d{4}-\d{2}-\d{2})$")
FEED_ID = "tag:cloudwego.io,2022:community-site/meetings"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

TEXT = {
    "en": {
        "index_title": "Community meetings",
        "index_intro": (
            "Minutes of the CloudWeGo community meetings, newest first. Browse them by {projects} or by {people}."
        ),
        "by_projects": "project",
        "by_people": "person",
        "projects_title": "Meetings by project",
        "projects_intro": "The agenda items of the community meetings, by the project they touch.",
        "people_title": "Meetings by person",
        "people_intro": (
            "Everyone who attended or presented at a community meeting, "
            "with every spelling of their name used in the minutes."
        ),
        "items": lambda n: f"{n} agenda item{'s' if n != 1 else ''}",
        "meetings": lambda n: f"{n} meeting{'s' if n != 1 else ''}",
        "project_intro": "Agenda items of the community meetings that touched {name}, newest first.",
        "presented_by": "presented by",
        "handles": "Written in the minutes as",
        "github": "GitHub",
        "attended": "Meetings attended",
        "presented": "Agenda items presented",
        "as": "as",
        "new_member": "new member",
        "none": "None.",
        "pre_reading": "Before the meeting",
        "recording": "Recording",
        "news": "News",
        "attendees": "Attendees",
        "new_members": "New members",
        "sep": ", ",
        "colon": ": ",
    },
    "zh": {
        "index_title": "社区会议",
        "index_intro": "CloudWeGo 社区会议纪要，按时间倒序排列。也可以按{projects}或按{people}浏览。",
        "by_projects": "项目",
        "by_people": "参会人",
        "projects_title": "按项目浏览会议",
        "projects_intro": "社区会议的议程，按涉及的项目归类。",
        "people_title": "按参会人浏览会议",
        "people_intro": "参加过社区会议或在会上做过分享的所有人，以及纪要中出现过的各种写法。",
        "items": lambda n: f"{n} 个议程",
        "meetings": lambda n: f"{n} 次会议",
        "project_intro": "涉及 {name} 的社区会议议程，按时间倒序排列。",
        "presented_by": "分享人",
        "handles": "纪要中的写法",
        "github": "GitHub",
        "attended": "参加的会议",
        "presented": "分享的议程",
        "as": "记为",
        "new_member": "新成员",
        "none": "无。",
        "pre_reading": "会前必读",
        "recording": "会议录屏",
        "news": "相关资讯",
        "attendees": "参会人",
        "new_members": "新成员",
        "sep": "、",
        "colon": "：",
    },
}


# --------------------------------------------------------------------------- helpers


def site_lang(app: Sphinx) -> str:
    return "zh" if str(app.config.language or "en").startswith("zh") else "en"


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


def person_link(records: mr.Records, handle: str) -> str:
    person = records.person(handle)
    return doc(handle, f"meetings/people/{person.id}")


def front(text: str) -> str:
    return f"---\ngenerated: true\n---\n\n{text.rstrip()}\n"


def toctree(entries: list[str]) -> str:
    body = "\n".join(entries)
    return f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{body}\n```\n"


def write_if_changed(path: Path, text: str) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def page_path(root: Path, docname: str, lang: str) -> Path:
    return root / f"{docname}{'.zh.md' if lang == 'zh' else '.md'}"


# --------------------------------------------------------------------------- generated pages


def render_pages(records: mr.Records, lang: str) -> dict[str, str]:
    """docname -> Markdown text of every generated page in ``lang``."""
    t = TEXT[lang]
    dates = records.dates()
    meetings = [records.meeting(d, lang) for d in dates]
    pages: dict[str, str] = {}

    # Who presented what, which items touch which project, who attended what.
    presented = defaultdict(list)  # person id -> [(meeting, item)]
    attended = defaultdict(list)  # person id -> [(meeting, handle)]
    by_project = defaultdict(list)  # project id -> [(meeting, item)]
    for meeting in meetings:
        for handle in meeting.attendees:
            attended[records.person(handle).id].append((meeting, handle))
        for item in meeting.agenda:
            seen = set()
            for handle in item.presenters:
                pid = records.person(handle).id
                if pid not in seen:
                    seen.add(pid)
                    presented[pid].append((meeting, item))
            for project in item.projects:
                by_project[project].append((meeting, item))

    # meetings/index
    lines = [
        f"# {t['index_title']}",
        "",
        t["index_intro"].format(
            projects=doc(t["by_projects"], "meetings/projects/index"),
            people=doc(t["by_people"], "meetings/people/index"),
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
    lines += ["", toctree([*dates, "projects/index", "people/index"])]
    pages["meetings/index"] = front("\n".join(lines))

    # meetings/projects/*
    lines = [f"# {t['projects_title']}", "", t["projects_intro"], ""]
    for project in records.projects.values():
        count = len(by_project[project.id])
        name = project.names[lang]
        lines.append(f"- {doc(name, f'meetings/projects/{project.id}')}: {t['items'](count)}")
    lines += ["", toctree(list(records.projects))]
    pages["meetings/projects/index"] = front("\n".join(lines))
    for project in records.projects.values():
        name = project.names[lang]
        lines = [f"# {md(name)}", "", t["project_intro"].format(name=md(name)), ""]
        for meeting, item in by_project[project.id] or []:
            entry = f"- {doc(day(meeting.date, lang), meeting.docname)}{t['colon']}{md(item.topic)}"
            if item.presenters:
                who = t["sep"].join(person_link(records, h) for h in item.presenters)
                entry += f" ({t['presented_by']} {who})" if lang == "en" else f"（{t['presented_by']}：{who}）"
            lines.append(entry)
        if not by_project[project.id]:
            lines.append(t["none"])
        pages[f"meetings/projects/{project.id}"] = front("\n".join(lines))

    # meetings/people/*
    people = sorted(records.people.values(), key=lambda p: (p.name.casefold(), p.id))
    lines = [f"# {t['people_title']}", "", t["people_intro"], ""]
    for person in people:
        summary = t["meetings"](len(attended[person.id]))
        if presented[person.id]:
            summary += t["sep"] + t["items"](len(presented[person.id]))
        lines.append(f"- {doc(person.name, f'meetings/people/{person.id}')}: {summary}")
    lines += ["", toctree(sorted(records.people))]
    pages["meetings/people/index"] = front("\n".join(lines))
    for person in people:
        handles = t["sep"].join(f"`{h}`" for h in person.handles)
        lines = [f"# {md(person.name)}", "", f"{t['handles']}{t['colon']}{handles}"]
        if person.github:
            lines += ["", f"{t['github']}{t['colon']}<https://github.com/{person.github}>"]
        lines += ["", f"## {t['attended']}", ""]
        for meeting, handle in attended[person.id]:
            entry = f"- {doc(day(meeting.date, lang), meeting.docname)}"
            notes = []
            if len(person.handles) > 1 and handle != person.handles[0]:
                notes.append(f"{t['as']} `{handle}`")
            if any(records.person(h) is person for h in meeting.new_members):
                notes.append(t["new_member"])
            if notes:
                entry += f" ({', '.join(notes)})" if lang == "en" else f"（{'，'.join(notes)}）"
            lines.append(entry)
        if not attended[person.id]:
            lines.append(t["none"])
        lines += ["", f"## {t['presented']}", ""]
        for meeting, item in presented[person.id]:
            lines.append(f"- {doc(day(meeting.date, lang), meeting.docname)}{t['colon']}{md(item.topic)}")
        if not presented[person.id]:
            lines.append(t["none"])
        pages[f"meetings/people/{person.id}"] = front("\n".join(lines))
    return pages


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
    """The sections appended to a meeting page: news, attendees, pre-reading, recording.

    Appended at the end (never inserted above the text) so that warnings about the
    page still point at the right lines of its file.
    """
    t = TEXT[lang]
    end = []
    if meeting.news:
        end += [f"## {t['news']}", ""]
        for item in meeting.news:
            end.append(f"- [{md(item.title)}]({item.url})" if item.url else f"- {md(item.title)}")
        end.append("")
    end += [f"## {t['attendees']}", ""]
    end.append(t["sep"].join(person_link(records, h) for h in meeting.attendees) or t["none"])
    if meeting.new_members:
        members = t["sep"].join(person_link(records, h) for h in meeting.new_members)
        end += ["", f"{t['new_members']}{t['colon']}{members}"]
    if meeting.pre_reading:
        links = t["sep"].join(f"<{url}>" for url in meeting.pre_reading)
        end += ["", f"{t['pre_reading']}{t['colon']}{links}"]
    if meeting.recording:
        end += ["", f"{t['recording']}{t['colon']}<{meeting.recording}>"]
    return "\n".join(end) + "\n"


def add_meeting_extras(app: Sphinx, docname: str, source: list[str]) -> None:
    match = MEETING_DOC.match(docname)
    records = getattr(app, "meeting_records", None)
    if not match or records is None:
        return
    lang = site_lang(app)
    meeting = records.meeting(match.group(1), lang)
    if meeting is None:
        return
    app.env.note_dependency(str(Path(app.srcdir) / mr.MEETINGS_DIR / mr.PEOPLE_FILE))
    source[0] = f"{source[0].rstrip()}\n\n{meeting_extras(records, meeting, lang)}"


# --------------------------------------------------------------------------- build hooks


def load_records(app: Sphinx) -> None:
    records = mr.load(Path(app.srcdir))
    if records.problems:
        for problem in records.problems:
            logger.error(problem.text, location=problem.location)
        first = records.problems[0]
        raise ExtensionError(
            f"{len(records.problems)} problem(s) in the meeting records (listed above); first: {first}"
        )
    app.meeting_records = records
    lang = site_lang(app)
    written = write_pages(Path(app.srcdir), render_pages(records, lang), lang)
    if written:
        logger.info("meetings: wrote %d generated page(s)", len(written))


def atom_feed(records: mr.Records, lang: str, target_uri) -> str:
    """The Atom feed of one language; deterministic (dates only, sorted)."""
    dates = records.dates()
    updated = f"{dates[0]}T00:00:00Z" if dates else "1970-01-01T00:00:00Z"
    TEXT[lang]
    title = "CloudWeGo Community Meetings" if lang == "en" else "CloudWeGo 社区会议"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{"zh-CN" if lang == "zh" else "en"}">',
        f"  <title>{xml_escape(title)}</title>",
        f"  <id>{FEED_ID}/{lang}</id>",
        f"  <updated>{updated}</updated>",
        '  <link rel="self" href="atom.xml"/>',
        f'  <link rel="alternate" href="{xml_escape(target_uri("meetings/index"))}"/>',
        "  <author><name>CloudWeGo community</name></author>",
    ]
    for date in dates:
        meeting = records.meeting(date, lang)
        stamp = f"{date}T00:00:00Z"
        summary = ("；" if lang == "zh" else "; ").join(item.topic for item in meeting.agenda)
        out += [
            "  <entry>",
            f"    <title>{xml_escape(meeting.title)}</title>",
            f"    <id>{FEED_ID}/{lang}/{date}</id>",
            f'    <link rel="alternate" href="{xml_escape(target_uri(meeting.docname))}"/>',
            f"    <published>{stamp}</published>",
            f"    <updated>{stamp}</updated>",
            f"    <summary>{xml_escape(summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    records = getattr(app, "meeting_records", None)
    if exception is not None or records is None or app.builder.format != "html":
        return

    def target_uri(docname: str) -> str:
        # Relative to the feed, which lives in <outdir>/meetings/.
        return posixpath.relpath(app.builder.get_target_uri(docname), "meetings")

    feed = atom_feed(records, site_lang(app), target_uri)
    write_if_changed(Path(app.outdir) / "meetings" / "atom.xml", feed)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", load_records)
    app.connect("source-read", add_meeting_extras)
    app.connect("build-finished", write_feed)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
