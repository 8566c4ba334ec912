"""Community meeting minutes as structured records: loading and validation.

Every meeting has two files, ``meetings/YYYY-MM-DD.md`` (English) and
``meetings/YYYY-MM-DD.zh.md`` (Chinese).  Their YAML front matter is the
record (see ``contributing/meetings.md``); ``meetings/people.yaml`` maps every
handle written in the minutes to a person and ``meetings/projects.yaml``
lists the project ids an agenda item may name.

This module has no Sphinx import: ``extensions/meetings.py`` and the tests
both use it.  ``load(root)`` never raises for bad content; it returns the
records with a list of ``Problem`` (file, line, field, message, hint).
``check(root)`` raises ``RecordsError`` when there is any problem.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MEETINGS_DIR = "meetings"
PEOPLE_FILE = "people.yaml"
PROJECTS_FILE = "projects.yaml"
LANGS = ("en", "zh")
# Files directly in meetings/ that are not meeting records (written by the extension).
NOT_RECORDS = frozenset({"index.md", "index.zh.md"})

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILE_RE = re.compile(r"^(?P<stem>.+?)(?P<zh>\.zh)?\.md$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
GITHUB_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)

MEETING_KEYS = frozenset(
    {
        "date",
        "title",
        "attendees",
        "new_members",
        "pre_reading",
        "recording",
        "news",
        "agenda",
        "translation_of",
    }
)
AGENDA_KEYS = frozenset({"topic", "presenters", "projects", "links"})
NEWS_KEYS = frozenset({"title", "url"})


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, at one line."""

    path: str
    line: int
    field: str
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message} ({self.hint})"

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def text(self) -> str:
        """The message without the location (for loggers that add it)."""
        return f"{self.field}: {self.message} ({self.hint})"


class RecordsError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --------------------------------------------------------------------------- YAML with lines


class Map(dict):
    """A YAML mapping; ``lines[key]`` is the 1-based file line of the key."""

    line: int = 1
    lines: dict


class Seq(list):
    """A YAML sequence; ``lines[i]`` is the file line of item i."""

    line: int = 1
    lines: list


def _plain(node: yaml.Node, offset: int):
    """Turn a composed node into Map/Seq/str/None, keeping file lines.

    Scalars stay strings (a date stays '2022-09-22', a handle '834810071' stays
    text); only an empty or null scalar becomes None.
    """
    if isinstance(node, yaml.MappingNode):
        result = Map()
        result.line = node.start_mark.line + offset
        result.lines = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            result[key] = _plain(value_node, offset)
            result.lines[key] = key_node.start_mark.line + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        result = Seq(_plain(item, offset) for item in node.value)
        result.line = node.start_mark.line + offset
        result.lines = [item.start_mark.line + offset for item in node.value]
        return result
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return node.value


def parse_yaml(text: str, path: str, first_line: int = 1):
    """Compose YAML text whose first line is file line ``first_line``.

    Returns (value, problems); the value is None when the text is not YAML.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + first_line if mark else first_line
        problem = getattr(error, "problem", None) or str(error)
        return None, [Problem(path, line, "yaml", f"not valid YAML: {problem}", "fix the YAML syntax")]
    if node is None:
        return None, []
    return _plain(node, first_line), []


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter YAML or None when absent, body)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


# --------------------------------------------------------------------------- records


@dataclass
class Person:
    id: str
    name: str
    handles: list[str]
    github: str | None = None


@dataclass
class Project:
    id: str
    names: dict[str, str]  # lang -> display name


@dataclass
class AgendaItem:
    topic: str
    presenters: list[str]
    projects: list[str]
    links: list[str]
    line: int
    lines: dict = field(default_factory=dict)  # key -> line


@dataclass
class NewsItem:
    title: str
    url: str | None


@dataclass
class Meeting:
    path: str  # relative to the root, e.g. meetings/2022-09-22.zh.md
    lang: str
    stem: str  # the file name's date part
    date: str | None = None
    title: str = ""
    attendees: list[str] = field(default_factory=list)
    new_members: list[str] = field(default_factory=list)
    pre_reading: list[str] = field(default_factory=list)
    recording: str | None = None
    news: list[NewsItem] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    lines: dict = field(default_factory=dict)  # key -> line

    @property
    def docname(self) -> str:
        return f"{MEETINGS_DIR}/{self.stem}"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass
class Records:
    root: Path
    people: dict[str, Person] = field(default_factory=dict)
    handles: dict[str, Person] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    meetings: dict[str, dict[str, Meeting]] = field(default_factory=lambda: {lang: {} for lang in LANGS})
    problems: list[Problem] = field(default_factory=list)

    def person(self, handle: str) -> Person | None:
        return self.handles.get(handle)

    def dates(self) -> list[str]:
        """Dates having a valid English record, newest first."""
        return sorted((d for d in self.meetings["en"] if d), reverse=True)

    def meeting(self, date: str, lang: str) -> Meeting | None:
        return self.meetings.get(lang, {}).get(date)


# --------------------------------------------------------------------------- helpers


def _is_str(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_url(url, path, line, fld, problems):
    if not isinstance(url, str) or not URL_RE.match(url):
        problems.append(
            Problem(
                path,
                line,
                fld,
                f"{url!r} is not an absolute http(s) URL",
                "write the full address, e.g. https://github.com/cloudwego/kitex/issues/421",
            )
        )
        return False
    return True


def _string_list(container: Map, key: str, path: str, problems, required=False, what="handles"):
    """Return container[key] as a list of strings, reporting a wrong shape."""
    line = container.lines.get(key, container.line)
    if key not in container or container[key] is None:
        if required:
            problems.append(Problem(path, container.line, key, "missing", f"add '{key}: [...]' (a YAML list)"))
        return [], []
    value = container[key]
    if not isinstance(value, Seq):
        problems.append(
            Problem(
                path,
                line,
                key,
                f"must be a list, got {type(value).__name__} {value!r}",
                f"write a YAML list of {what}, e.g. '{key}: [a, b]'",
            )
        )
        return [], []
    items, lines = [], []
    for item, item_line in zip(value, value.lines, strict=True):
        if not _is_str(item):
            problems.append(
                Problem(
                    path,
                    item_line,
                    key,
                    f"list item {item!r} is not text",
                    f"each item of '{key}' must be a single string; quote it if it has ':' or '#'",
                )
            )
            continue
        items.append(item)
        lines.append(item_line)
    return items, lines


# --------------------------------------------------------------------------- people / projects


def _id_entries(path: Path, rel: str, records: Records, kind: str, keys: str, example: str, known: dict):
    """Yield (entry, id, line) for each well-formed entry of a people or projects list.

    Problems (missing file, not a list, an entry that is not a mapping, a bad or
    duplicate id) are recorded with their line and the entry is skipped.
    """
    problems = records.problems
    if not path.is_file():
        problems.append(Problem(rel, 1, kind, "file is missing", f"create it: a list of {{{keys}}}"))
        return
    data, errs = parse_yaml(path.read_text(encoding="utf-8"), rel)
    problems.extend(errs)
    if data is None:
        return
    if not isinstance(data, Seq):
        problems.append(Problem(rel, 1, kind, "must be a YAML list", "write '- id: ...' entries"))
        return
    for entry, line in zip(data, data.lines, strict=True):
        if not isinstance(entry, Map):
            problems.append(Problem(rel, line, kind, "entry is not a mapping", f"use {keys} keys"))
            continue
        pid = entry.get("id")
        if not isinstance(pid, str) or not ID_RE.match(pid):
            problems.append(
                Problem(
                    rel,
                    entry.lines.get("id", line),
                    "id",
                    f"{pid!r} is not a valid {kind.rstrip('s').replace('people', 'person')} id",
                    f"use lowercase letters, digits and '-', e.g. {example}",
                )
            )
            continue
        if pid in known:
            hint = "merge the entries" if kind == "people" else "keep one entry"
            problems.append(Problem(rel, entry.lines["id"], "id", f"duplicate id {pid!r}", hint))
            continue
        yield entry, pid, line


def load_people(path: Path, rel: str, records: Records) -> None:
    problems = records.problems
    for entry, pid, line in _id_entries(path, rel, records, "people", "id, name, handles", "guangming-luo",
                                        records.people):
        name = entry.get("name")
        if not _is_str(name):
            problems.append(Problem(rel, entry.lines.get("name", line), "name", "missing", "add a display name"))
            name = pid
        handles, handle_lines = _string_list(entry, "handles", rel, problems, required=True)
        github = entry.get("github")
        if github is not None and (not isinstance(github, str) or not GITHUB_RE.match(github)):
            problems.append(
                Problem(
                    rel,
                    entry.lines["github"],
                    "github",
                    f"{github!r} is not a GitHub login",
                    "write the login only, without https://github.com/",
                )
            )
            github = None
        person = Person(pid, name, handles, github)
        records.people[pid] = person
        for handle, hline in zip(handles, handle_lines, strict=True):
            other = records.handles.get(handle)
            if other is not None:
                problems.append(
                    Problem(
                        rel,
                        hline,
                        "handles",
                        f"handle {handle!r} already belongs to {other.id!r}",
                        "a handle may name one person only",
                    )
                )
                continue
            records.handles[handle] = person


def load_projects(path: Path, rel: str, records: Records) -> None:
    problems = records.problems
    for entry, pid, line in _id_entries(path, rel, records, "projects", "id, en, zh", "kitex-contrib",
                                        records.projects):
        names = {}
        for lang in LANGS:
            name = entry.get(lang)
            if not _is_str(name):
                problems.append(
                    Problem(
                        rel,
                        entry.lines.get(lang, line),
                        lang,
                        f"project {pid!r} has no {lang} display name",
                        f"add '{lang}: <name>'",
                    )
                )
                name = pid
            names[lang] = name
        records.projects[pid] = Project(pid, names)


# --------------------------------------------------------------------------- meetings


def meeting_files(root: Path) -> list[Path]:
    base = root / MEETINGS_DIR
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob("*.md") if p.name not in NOT_RECORDS)


def _resolve(handles, lines, key, path, records, problems):
    for handle, line in zip(handles, lines, strict=True):
        if handle not in records.handles:
            problems.append(
                Problem(
                    path,
                    line,
                    key,
                    f"{handle!r} does not resolve through {MEETINGS_DIR}/{PEOPLE_FILE}",
                    f"add {handle!r} to the 'handles' of that person in "
                    f"{MEETINGS_DIR}/{PEOPLE_FILE} (exact spelling), or add a new person",
                )
            )


def load_meeting(path: Path, records: Records) -> Meeting | None:
    """Parse and check one meeting file; problems go to ``records.problems``."""
    problems = records.problems
    rel = path.relative_to(records.root).as_posix()
    match = FILE_RE.match(path.name)
    lang = "zh" if match and match.group("zh") else "en"
    stem = match.group("stem") if match else path.stem
    meeting = Meeting(rel, lang, stem)
    if not DATE_RE.match(stem) or not _valid_date(stem):
        problems.append(
            Problem(
                rel,
                1,
                "file name",
                f"{path.name!r} is not named after a meeting date",
                "name meeting files YYYY-MM-DD.md and YYYY-MM-DD.zh.md (use 'make new-meeting DATE=YYYY-MM-DD')",
            )
        )
    header, _body = split_front_matter(path.read_text(encoding="utf-8"))
    if header is None:
        problems.append(
            Problem(
                rel,
                1,
                "front matter",
                "missing",
                "start the file with '---', the record's YAML keys (date, title, attendees, agenda …) and '---'",
            )
        )
        return None
    data, errs = parse_yaml(header, rel, first_line=2)
    problems.extend(errs)
    if errs:
        return None
    if not isinstance(data, Map):
        problems.append(Problem(rel, 2, "front matter", "must be a YAML mapping", "write 'key: value' lines"))
        return None
    meeting.lines = dict(data.lines)

    for key in data:
        if key not in MEETING_KEYS:
            problems.append(
                Problem(
                    rel,
                    data.lines[key],
                    key,
                    "unknown key",
                    f"the meeting keys are {', '.join(sorted(MEETING_KEYS))}",
                )
            )

    # date
    date = data.get("date")
    if "date" not in data or date is None:
        problems.append(Problem(rel, data.lines.get("date", 2), "date", "missing", f"add 'date: {stem}'"))
    elif not isinstance(date, str) or not DATE_RE.match(date) or not _valid_date(date):
        problems.append(
            Problem(
                rel,
                data.lines["date"],
                "date",
                f"{date!r} is not a date",
                "write the meeting day as YYYY-MM-DD, e.g. 'date: 2022-09-22'",
            )
        )
    elif date != stem:
        problems.append(
            Problem(
                rel,
                data.lines["date"],
                "date",
                f"{date} does not match the file name {path.name}",
                f"rename the file to {date}{'.zh' if lang == 'zh' else ''}.md or fix the date",
            )
        )
        meeting.date = date
    else:
        meeting.date = date

    # title
    title = data.get("title")
    if not _is_str(title):
        problems.append(
            Problem(
                rel,
                data.lines.get("title", 2),
                "title",
                "missing or empty",
                "add 'title: CloudWeGo Community Meeting, <day>' (the page's first heading)",
            )
        )
    else:
        meeting.title = title

    # people
    attendees, lines = _string_list(data, "attendees", rel, problems, required=True)
    _resolve(attendees, lines, "attendees", rel, records, problems)
    meeting.attendees = attendees
    new_members, lines = _string_list(data, "new_members", rel, problems)
    _resolve(new_members, lines, "new_members", rel, records, problems)
    meeting.new_members = new_members

    # links at meeting level
    pre_reading, lines = _string_list(data, "pre_reading", rel, problems, what="URLs")
    meeting.pre_reading = [u for u, ln in zip(pre_reading, lines, strict=True) if _check_url(u, rel, ln, "pre_reading", problems)]
    if data.get("recording") is not None:
        if _check_url(data["recording"], rel, data.lines["recording"], "recording", problems):
            meeting.recording = data["recording"]
    meeting.news = _load_news(data, rel, problems)

    # agenda
    meeting.agenda = _load_agenda(data, rel, records, problems)
    return meeting


def _load_news(data: Map, rel: str, problems) -> list[NewsItem]:
    news = data.get("news")
    if news is None:
        return []
    if not isinstance(news, Seq):
        problems.append(
            Problem(
                rel,
                data.lines["news"],
                "news",
                "must be a list",
                "write '- {title: ..., url: https://...}' items",
            )
        )
        return []
    items = []
    for entry, line in zip(news, news.lines, strict=True):
        if not isinstance(entry, Map) or not _is_str(entry.get("title")):
            problems.append(Problem(rel, line, "news", "item without a title", "give each item 'title: ...'"))
            continue
        for key in entry:
            if key not in NEWS_KEYS:
                problems.append(Problem(rel, entry.lines[key], f"news.{key}", "unknown key", "use title, url"))
        url = entry.get("url")
        if url is not None and not _check_url(url, rel, entry.lines["url"], "news.url", problems):
            url = None
        items.append(NewsItem(entry["title"], url))
    return items


def _load_agenda(data: Map, rel: str, records: Records, problems) -> list[AgendaItem]:
    agenda = data.get("agenda")
    if agenda is None:
        problems.append(
            Problem(
                rel,
                data.lines.get("agenda", 2),
                "agenda",
                "missing",
                "add 'agenda:' with one '- topic: ...' item per agenda item",
            )
        )
        return []
    if not isinstance(agenda, Seq):
        problems.append(
            Problem(
                rel,
                data.lines["agenda"],
                "agenda",
                "must be a list",
                "write one '- topic: ...' item per agenda item",
            )
        )
        return []
    items = []
    for index, (entry, line) in enumerate(zip(agenda, agenda.lines, strict=True), start=1):
        where = f"agenda[{index}]"
        if not isinstance(entry, Map):
            problems.append(Problem(rel, line, where, "not a mapping", "write 'topic:', 'presenters:' …"))
            continue
        for key in entry:
            if key not in AGENDA_KEYS:
                problems.append(
                    Problem(
                        rel,
                        entry.lines[key],
                        f"{where}.{key}",
                        "unknown key",
                        f"agenda items have {', '.join(sorted(AGENDA_KEYS))}",
                    )
                )
        topic = entry.get("topic")
        if not _is_str(topic):
            problems.append(
                Problem(
                    rel,
                    entry.lines.get("topic", line),
                    f"{where}.topic",
                    "agenda item without topic",
                    "add 'topic: <what was discussed>'",
                )
            )
            topic = ""
        presenters, plines = _string_list(entry, "presenters", rel, problems)
        _resolve(presenters, plines, f"{where}.presenters", rel, records, problems)
        projects, jlines = _string_list(entry, "projects", rel, problems, what="project ids")
        for project, pline in zip(projects, jlines, strict=True):
            if records.projects and project not in records.projects:
                problems.append(
                    Problem(
                        rel,
                        pline,
                        f"{where}.projects",
                        f"unknown project {project!r}",
                        f"use an id from {MEETINGS_DIR}/{PROJECTS_FILE} "
                        f"({', '.join(sorted(records.projects))}) or add it there",
                    )
                )
        links, llines = _string_list(entry, "links", rel, problems, what="URLs")
        links = [u for u, ln in zip(links, llines, strict=True) if _check_url(u, rel, ln, f"{where}.links", problems)]
        items.append(AgendaItem(topic, presenters, projects, links, line, dict(entry.lines)))
    return items


def _valid_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _compare(en: Meeting, zh: Meeting, problems: list[Problem]) -> None:
    """English and Chinese records of one meeting must agree on the facts."""

    def differ(fld: str, line: int, a, b, hint: str) -> None:
        problems.append(
            Problem(
                zh.path,
                line,
                fld,
                f"disagrees with {en.path}: {b!r} here, {a!r} there",
                hint,
            )
        )

    same = "make both language files list the same values in the same order"
    if en.date and zh.date and en.date != zh.date:
        differ("date", zh.line_of("date"), en.date, zh.date, "both files must give the same date")
    for fld in ("attendees", "new_members", "pre_reading", "recording"):
        a, b = getattr(en, fld), getattr(zh, fld)
        if a != b:
            differ(fld, zh.line_of(fld), a, b, same)
    if [n.url for n in en.news] != [n.url for n in zh.news]:
        differ("news", zh.line_of("news"), len(en.news), len(zh.news), same)
    if len(en.agenda) != len(zh.agenda):
        differ(
            "agenda",
            zh.line_of("agenda"),
            f"{len(en.agenda)} items",
            f"{len(zh.agenda)} items",
            "both files need the same agenda items in the same order",
        )
        return
    for index, (a, b) in enumerate(zip(en.agenda, zh.agenda, strict=True), start=1):
        for fld in ("presenters", "projects", "links"):
            if getattr(a, fld) != getattr(b, fld):
                line = b.lines.get(fld, b.line)
                differ(f"agenda[{index}].{fld}", line, getattr(a, fld), getattr(b, fld), same)


def load(root: Path | str) -> Records:
    """Load people, projects and every meeting record under ``root``."""
    root = Path(root)
    records = Records(root)
    base = root / MEETINGS_DIR
    load_people(base / PEOPLE_FILE, f"{MEETINGS_DIR}/{PEOPLE_FILE}", records)
    load_projects(base / PROJECTS_FILE, f"{MEETINGS_DIR}/{PROJECTS_FILE}", records)
    seen: dict[tuple[str, str], Meeting] = {}
    by_stem: dict[tuple[str, str], Meeting] = {}
    for path in meeting_files(root):
        meeting = load_meeting(path, records)
        if meeting is None:
            continue
        by_stem[(meeting.lang, meeting.stem)] = meeting
        if meeting.date is None:
            continue
        first = seen.get((meeting.lang, meeting.date))
        if first is not None:
            records.problems.append(
                Problem(
                    meeting.path,
                    meeting.line_of("date"),
                    "date",
                    f"duplicate date {meeting.date}: {first.path} has the same date",
                    "one meeting per day and language: fix the date or merge the files",
                )
            )
            continue
        seen[(meeting.lang, meeting.date)] = meeting
        if meeting.date == meeting.stem:
            records.meetings[meeting.lang][meeting.date] = meeting
    for (lang, stem), meeting in sorted(by_stem.items()):
        other = "zh" if lang == "en" else "en"
        counterpart = by_stem.get((other, stem))
        if counterpart is None:
            missing = f"{MEETINGS_DIR}/{stem}{'.zh' if other == 'zh' else ''}.md"
            if (root / missing).is_file():
                continue  # the counterpart exists but is broken: reported already
            records.problems.append(
                Problem(
                    meeting.path,
                    1,
                    "translation",
                    f"{missing} is missing",
                    "every meeting has an English and a Chinese file",
                )
            )
        elif lang == "en":
            _compare(meeting, counterpart, records.problems)
    records.problems.sort(key=lambda p: (p.path, p.line, p.field))
    return records


def check(root: Path | str) -> Records:
    records = load(root)
    if records.problems:
        raise RecordsError(records.problems)
    return records


def main(argv: list[str] | None = None) -> int:
    import sys

    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent
    records = load(root)
    for problem in records.problems:
        print(problem, file=sys.stderr)
    if not records.problems:
        en = len(records.meetings["en"])
        print(f"{en} meetings, {len(records.people)} people, {len(records.projects)} projects: ok")
    return 1 if records.problems else 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
