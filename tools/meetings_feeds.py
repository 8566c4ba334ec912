"""The meetings as Atom feeds and as an iCalendar file, in either language.

Pure functions of the records (``tools/meetings_records.py``); the extension
writes their output at the end of a build.  Every URL in them is absolute,
made by ``url(path)`` from the site's ``html_baseurl``, since feed readers and
calendar programs fetch these files on their own.  Output depends on the
records only (timestamps are meeting dates), so two builds give the same bytes.

- ``atom``: RFC 4287.  Each meeting is an entry whose summary is its agenda
  and whose content also lists its decisions.
- ``icalendar``: RFC 5545.  Each meeting is an all-day event (the minutes give
  no times) with its agenda as the description.  There is no recurrence rule:
  the only rule the minutes state (2022-02-25: every two weeks, on Fridays,
  provisionally) was not kept, so the calendar lists the meetings held.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from tools import meetings_records as mr

FEED_ID = "tag:cloudwego.io,2022:community-site/meetings"
CALENDAR_PRODID = "-//CloudWeGo community//Community meetings//{}"
LINE_OCTETS = 75  # RFC 5545 3.1: content lines longer than this are folded

STRINGS = {
    "en": {
        "feed": "CloudWeGo community meetings",
        "project_feed": "CloudWeGo community meetings: {name}",
        "calendar": "CloudWeGo community meetings",
        "agenda": "Agenda",
        "decisions": "Decisions",
        "minutes": "Minutes",
        "author": "CloudWeGo community",
        "sep": "; ",
    },
    "zh": {
        "feed": "CloudWeGo 社区会议",
        "project_feed": "CloudWeGo 社区会议：{name}",
        "calendar": "CloudWeGo 社区会议",
        "agenda": "议程",
        "decisions": "会议决定",
        "minutes": "纪要",
        "author": "CloudWeGo 社区",
        "sep": "；",
    },
}
HTML_LANG = {"en": "en", "zh": "zh-CN"}


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _items(meeting: mr.Meeting, project: str | None) -> list[tuple[int, mr.AgendaItem]]:
    return [(i, item) for i, item in enumerate(meeting.agenda, 1) if project is None or project in item.projects]


def _content(meeting: mr.Meeting, items, lang: str) -> str:
    """The entry's content, as HTML: its agenda items and their decisions."""
    s = STRINGS[lang]
    html = [f"<p>{escape(s['agenda'])}</p>", "<ol>"]
    html += [f'<li value="{i}">{escape(item.topic)}</li>' for i, item in items]
    html.append("</ol>")
    decisions = [d for _i, item in items for d in item.decisions]
    if decisions:
        html += [f"<p>{escape(s['decisions'])}</p>", "<ul>"]
        html += [f"<li>{escape(d.what)}</li>" for d in decisions]
        html.append("</ul>")
    return "".join(html)


def atom(records: mr.Records, lang: str, url: Callable[[str], str], project: mr.Project | None = None) -> str:
    """The Atom feed of all meetings, or of the meetings that touched ``project``."""
    s = STRINGS[lang]
    pid = project.id if project else None
    entries = []
    for date in records.dates(lang):
        meeting = records.meeting(date, lang)
        items = _items(meeting, pid)
        if items:
            entries.append((meeting, items))
    if project is None:
        title, path, page, feed_id = s["feed"], "meetings/atom.xml", "meetings/index", f"{FEED_ID}/{lang}"
    else:
        title = s["project_feed"].format(name=project.names[lang])
        path, page = f"meetings/projects/{pid}.atom.xml", f"meetings/projects/{pid}"
        feed_id = f"{FEED_ID}/{lang}/projects/{pid}"
    newest = entries[0][0].date if entries else (records.dates(lang) or ["2022-01-01"])[0]
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{HTML_LANG[lang]}">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <updated>{_stamp(newest)}</updated>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(url(path))}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url(page + '.html'))}/>",
        f"  <author><name>{escape(s['author'])}</name></author>",
    ]
    for meeting, items in entries:
        summary = s["sep"].join(item.topic for _i, item in items)
        out += [
            "  <entry>",
            f"    <title>{escape(meeting.title)}</title>",
            f"    <id>{FEED_ID}/{lang}/{meeting.date}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url(meeting.docname + '.html'))}/>",
            f"    <published>{_stamp(meeting.date)}</published>",
            f"    <updated>{_stamp(meeting.date)}</updated>",
            f"    <summary>{escape(summary)}</summary>",
            f"    <content type=\"html\">{escape(_content(meeting, items, lang))}</content>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- iCalendar


def ical_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # continuation lines start with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def icalendar(records: mr.Records, lang: str, url: Callable[[str], str], host: str) -> str:
    """Every meeting of ``lang`` as an all-day event; the description is its agenda."""
    s = STRINGS[lang]
    tag = HTML_LANG[lang]
    dates = records.dates(lang)
    stamp = dates[0].replace("-", "") + "T000000Z" if dates else "20220101T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{CALENDAR_PRODID.format(lang.upper())}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_text(s['calendar'])}",
    ]
    for date in dates:
        meeting = records.meeting(date, lang)
        start = date.replace("-", "")
        end = (datetime.date.fromisoformat(date) + datetime.timedelta(days=1)).strftime("%Y%m%d")
        page = url(meeting.docname + ".html")
        agenda = "\n".join(f"{i}. {item.topic}" for i, item in enumerate(meeting.agenda, 1))
        description = f"{s['agenda']}:\n{agenda}\n\n{s['minutes']}: {page}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{date}-{lang}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start}",
            f"DTEND;VALUE=DATE:{end}",
            f"SUMMARY;LANGUAGE={tag}:{ical_text(meeting.title)}",
            f"DESCRIPTION;LANGUAGE={tag}:{ical_text(description)}",
            f"URL:{page}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
