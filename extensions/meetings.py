"""Community meeting minutes: checks, generated pages, feeds and calendar.

The records (front matter of ``meetings/YYYY-MM-DD.md`` / ``.zh.md``, plus the
optional ``meetings/people.yaml`` and ``meetings/projects.yaml``) are loaded
and checked by ``tools/meetings_records.py``.  Each problem is a warning with
its file and line (so the strict build fails and lists them all); none stops
the build, and the pages are made from what could be read, so that no
follow-on warning adds noise.  A site without any meeting file or list has no
meetings section, and this extension does nothing.

- ``builder-inited``: the pages of ``tools/meetings_pages.py`` are written for
  the language of the build (``X.md`` in the English build, ``X.zh.md`` in the
  Chinese one), only when their text changed, so incremental builds stay exact.
  They are gitignored and carry ``generated: true``.
- ``source-read``: each meeting page gets its decisions and action items, news,
  attendees and pre-reading appended at the end.
- ``doctree-read``: the decisions and action-item boxes move up under the
  title; every page of the section gets a line linking the feeds and calendar.
- ``html-page-context``: every page of the section links the Atom feed (and a
  project page its project's feed) with ``<link rel="alternate">``.
- ``build-finished``: ``meetings/atom.xml``, ``meetings/projects/<id>.atom.xml``
  and ``meetings/meetings.ics`` are written, with absolute URLs from
  ``html_baseurl``.
"""

from __future__ import annotations

import posixpath
import re
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from tools import meetings_feeds as feeds
from tools import meetings_pages as pages
from tools import meetings_records as mr

logger = logging.getLogger(__name__)

MEETING_DOC = re.compile(r"^meetings/(\d{4}-\d{2}-\d{2})$")
BOXES = ("meeting-decisions", "meeting-actions")
FEED = "meetings/atom.xml"
CALENDAR = "meetings/meetings.ics"

SUBSCRIBE = {
    "en": {
        "lead": "Follow the meetings: ",
        "feed": "Atom feed",
        "calendar": "calendar (iCalendar)",
        "project": "feed of this project",
        "sep": " · ",
        "feed_title": "CloudWeGo community meetings",
        "project_title": "CloudWeGo community meetings: {name}",
    },
    "zh": {
        "lead": "订阅会议：",
        "feed": "Atom 订阅源",
        "calendar": "日历（iCalendar）",
        "project": "本项目的订阅源",
        "sep": " · ",
        "feed_title": "CloudWeGo 社区会议",
        "project_title": "CloudWeGo 社区会议：{name}",
    },
}


def site_lang(app: Sphinx) -> str:
    return "zh" if str(app.config.language or "en").startswith("zh") else "en"


def records_of(app: Sphinx) -> mr.Records | None:
    return getattr(app, "meeting_records", None)


def project_feed(project_id: str) -> str:
    return f"meetings/projects/{project_id}.atom.xml"


# --------------------------------------------------------------------------- builder-inited


def load_records(app: Sphinx) -> None:
    root = Path(app.srcdir)
    records = mr.load(root)
    app.meeting_records = None
    if not records.present:
        return
    for problem in records.problems:
        logger.warning(problem.text, location=f"{root / problem.path}:{problem.line}", type="meetings",
                       subtype="record")
    for name, state in (("people", records.people_state), ("projects", records.projects_state)):
        if state == "missing":
            logger.info("meetings: no meetings/%s.yaml: the minutes show %s as written", name, name)
    app.meeting_records = records
    lang = site_lang(app)
    has_join = pages.page_path(root, "meetings/join", lang).is_file()
    written = pages.write_pages(root, pages.render_pages(records, lang, has_join), lang)
    if written:
        logger.info("meetings: wrote %d generated page(s)", len(written))


# --------------------------------------------------------------------------- source-read


def _blank_front_matter(text: str) -> str:
    """The page with its front matter replaced by as many empty lines (lines keep their numbers)."""
    header, body = mr.split_front_matter(text)
    if header is None:
        return text
    return "\n" * text[: len(text) - len(body)].count("\n") + body


def add_meeting_extras(app: Sphinx, docname: str, source: list[str]) -> None:
    match = MEETING_DOC.match(docname)
    records = records_of(app)
    if not match or records is None:
        return
    lang = site_lang(app)
    if pages.page_path(Path(), docname, lang).as_posix() in records.unreadable:
        # Its one problem is reported with file and line already; MyST would add
        # a vaguer "Malformed YAML" for the same front matter.
        source[0] = _blank_front_matter(source[0])
    meeting = records.meeting(match.group(1), lang)
    if meeting is None:
        return
    app.env.note_dependency(str(Path(app.srcdir) / mr.MEETINGS_DIR / mr.PEOPLE_FILE))
    source[0] = f"{source[0].rstrip()}\n\n{pages.meeting_extras(records, meeting, lang)}"


# --------------------------------------------------------------------------- doctree-read


def _relative(docname: str, path: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(docname))


def subscribe_line(docname: str, lang: str, project: str | None) -> nodes.paragraph:
    s = SUBSCRIBE[lang]
    para = nodes.paragraph(classes=["meetings-subscribe"])
    para += nodes.Text(s["lead"])
    links = [(s["feed"], FEED), (s["calendar"], CALENDAR)]
    if project:
        links.append((s["project"], project_feed(project)))
    for number, (text, path) in enumerate(links):
        if number:
            para += nodes.Text(s["sep"])
        para += nodes.reference(text, text, refuri=_relative(docname, path), internal=True)
    return para


def arrange_meetings_page(app: Sphinx, doctree: nodes.document) -> None:
    records = records_of(app)
    docname = app.env.docname
    if records is None or not docname.startswith(f"{mr.MEETINGS_DIR}/"):
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    boxes = [n for n in doctree.findall(nodes.admonition) if set(BOXES) & set(n["classes"])]
    for box in boxes:
        box.parent.remove(box)
    at = 1 if top.children and isinstance(top[0], nodes.title) else 0
    for box in reversed(boxes):
        top.insert(at, box)
    project = docname.removeprefix("meetings/projects/")
    project = project if project in records.projects else None
    first_section = next((i for i, child in enumerate(top.children) if isinstance(child, nodes.section)), len(top))
    top.insert(first_section, subscribe_line(docname, site_lang(app), project))


# --------------------------------------------------------------------------- html-page-context


def add_feed_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    records = records_of(app)
    if records is None or not pagename.startswith(f"{mr.MEETINGS_DIR}/"):
        return
    s = SUBSCRIBE[site_lang(app)]
    feeds_here = [(s["feed_title"], FEED)]
    project = records.projects.get(pagename.removeprefix("meetings/projects/"))
    if project is not None:
        name = project.names[site_lang(app)]
        feeds_here.append((s["project_title"].format(name=name), project_feed(project.id)))
    tags = [
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
        f'href="{escape(_relative(pagename, path))}">'
        for title, path in feeds_here
    ]
    context["metatags"] = "\n".join(filter(None, [context.get("metatags", ""), *tags]))


# --------------------------------------------------------------------------- build-finished


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    records = records_of(app)
    if exception is not None or records is None or app.builder.format != "html":
        return
    lang = site_lang(app)
    base = (app.config.html_baseurl or "").rstrip("/")
    outdir = Path(app.outdir)

    def url_from(output: str):
        def url(path: str) -> str:
            # Absolute on a site with an address; relative to the file otherwise.
            return f"{base}/{lang}/{path}" if base else posixpath.relpath(path, posixpath.dirname(output))

        return url

    written = {FEED: feeds.atom(records, lang, url_from(FEED))}
    for project in records.projects.values():
        written[project_feed(project.id)] = feeds.atom(records, lang, url_from(project_feed(project.id)), project)
    host = urlsplit(base).hostname or "cloudwego-community"
    written[CALENDAR] = feeds.icalendar(records, lang, url_from(CALENDAR), host)
    for path, text in written.items():
        target = outdir / path
        if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    # The feed of a project that is gone would stay published.
    folder = outdir / "meetings" / "projects"
    for stale in folder.glob("*.atom.xml") if folder.is_dir() else ():
        if f"meetings/projects/{stale.name}" not in written:
            stale.unlink()


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", load_records)
    app.connect("source-read", add_meeting_extras)
    app.connect("doctree-read", arrange_meetings_page)
    app.connect("html-page-context", add_feed_links)
    app.connect("build-finished", write_feeds)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
