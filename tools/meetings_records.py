"""Community meeting minutes as structured records: loading and validation.

Every meeting has two files, ``meetings/YYYY-MM-DD.md`` (English) and
``meetings/YYYY-MM-DD.zh.md`` (Chinese).  Their YAML front matter is the
record (see ``contributing/meetings.md``); ``meetings/people.yaml`` maps every
handle written in the minutes to a person and ``meetings/projects.yaml``
lists the project ids an agenda item may name.  Both lists are optional: a
site without them shows handles as written and project ids as they are.

This module has no Sphinx import: ``extensions/meetings.py`` and the tests
both use it.  ``load(root)`` never raises for bad content; it returns the
records with a list of ``Problem`` (file, line, field, message, hint), the
problems of people.yaml and projects.yaml first: when one of them cannot be
read, the handles (or project ids) of the meeting files are not checked, so
that its one cause is not buried under a follow-on problem per meeting.
``check(root)`` raises ``RecordsError`` when there is any problem.

Field paths count from 1, as readers do: ``agenda[2].actions[1].owners`` is
the owners of the first action of the second agenda item.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tools.translations import file_hash

MEETINGS_DIR = "meetings"
PEOPLE_FILE = "people.yaml"
PROJECTS_FILE = "projects.yaml"
REGISTRIES = (f"{MEETINGS_DIR}/{PEOPLE_FILE}", f"{MEETINGS_DIR}/{PROJECTS_FILE}")
LANGS = ("en", "zh")
# Pages directly in meetings/ that are not meeting records: written by hand (join)
# or by the extension (index, actions, issues).
PAGES = ("index", "join", "actions", "issues")
NOT_RECORDS = frozenset(f"{name}{suffix}" for name in PAGES for suffix in (".md", ".zh.md"))

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILE_RE = re.compile(r"^(?P<stem>.+?)(?P<zh>\.zh)?\.md$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
GITHUB_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
GITHUB_REF = re.compile(
    r"^https://github\.com/(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/(?P<kind>issues|pull)/(?P<number>\d+)(?:[/?#].*)?$"
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_TIMESTAMPS = yaml.SafeLoader("")  # only its timestamp constructor is used

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
AGENDA_KEYS = frozenset({"topic", "presenters", "projects", "links", "decisions", "actions"})
NEWS_KEYS = frozenset({"title", "url"})
DECISION_KEYS = frozenset({"what", "link"})
ACTION_KEYS = frozenset({"what", "owners", "projects", "link", "status", "done"})
STATUSES = ("open", "done")


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


def _real_timestamp(node: yaml.ScalarNode) -> bool:
    try:
        _TIMESTAMPS.construct_yaml_timestamp(node)
    except ValueError:
        return False
    return True


def _plain(node: yaml.Node, offset: int, where: str, bad: list):
    """Turn a composed node into Map/Seq/str/None, keeping file lines.

    Scalars stay strings (a date stays '2022-09-22', a handle '834810071' stays
    text); only an empty or null scalar becomes None.  A plain scalar that YAML
    reads as a date that does not exist (2022-13-45, 2022-02-30) is collected
    in ``bad`` as (line, field path, text): other YAML readers of the same file
    fail on it.
    """
    if isinstance(node, yaml.MappingNode):
        result = Map()
        result.line = node.start_mark.line + offset
        result.lines = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            result[key] = _plain(value_node, offset, f"{where}.{key}" if where else key, bad)
            result.lines[key] = key_node.start_mark.line + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        result = Seq(_plain(item, offset, f"{where}[{i}]", bad) for i, item in enumerate(node.value, 1))
        result.line = node.start_mark.line + offset
        result.lines = [item.start_mark.line + offset for item in node.value]
        return result
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == _TIMESTAMP_TAG and not _real_timestamp(node):
        bad.append((node.start_mark.line + offset, where, node.value))
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
    bad: list = []
    value = _plain(node, first_line, "", bad)
    problems = [
        Problem(
            path,
            line,
            where or "yaml",
            f"{text!r} reads as a date that does not exist",
            "write a real date as YYYY-MM-DD, or quote the value if it is not a date",
        )
        for line, where, text in bad
    ]
    return value, problems


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter YAML or None when absent, body)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


_HEADING = re.compile(r"^(#{1,6}) +(.*?)[ #]*$")


def outline(body: str, first_line: int) -> tuple[list[tuple[int, str]], list[tuple[str, int, str]]]:
    """The headings of a page body, outside code fences, as (level, text); and its
    '## ' sections as (heading, file line, text up to the next '## ')."""
    headings: list[tuple[int, str]] = []
    found: list[tuple[str, int, list[str]]] = []
    fence = None
    for number, line in enumerate(body.splitlines(), first_line):
        stripped = line.lstrip()
        heading = _HEADING.match(line) if fence is None else None
        if fence is None and stripped[:3] in ("```", "~~~"):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif heading:
            headings.append((len(heading.group(1)), heading.group(2)))
            if heading.group(1) == "##":
                found.append((heading.group(2), number, []))
                continue
        if found:
            found[-1][2].append(line)
    return headings, [(heading, number, "\n".join(text)) for heading, number, text in found]


def github_ref(url: str) -> tuple[str, str, int] | None:
    """(owner/repo, 'issue' or 'pull', number) of a GitHub issue or pull request URL."""
    match = GITHUB_REF.match(url)
    if not match:
        return None
    return match.group("repo"), "issue" if match.group("kind") == "issues" else "pull", int(match.group("number"))


def closest(word: str, candidates, n: int = 3) -> list[str]:
    """The known spellings closest to ``word``, same letters in another case first."""
    candidates = list(candidates)
    same = [c for c in candidates if c.casefold() == word.casefold() and c != word]
    folded: dict[str, str] = {}
    for candidate in candidates:
        folded.setdefault(candidate.casefold(), candidate)
    near = [folded[c] for c in difflib.get_close_matches(word.casefold(), list(folded), n=n, cutoff=0.6)]
    return list(dict.fromkeys(same + [c for c in near if c != word]))[:n]


def did_you_mean(word: str, candidates) -> str:
    found = closest(word, candidates)
    if not found:
        return ""
    quoted = [repr(c) for c in found]
    return "did you mean " + (" or ".join(quoted) if len(quoted) < 3 else f"{', '.join(quoted[:-1])} or {quoted[-1]}")


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
class Decision:
    what: str
    link: str | None
    line: int


@dataclass
class Action:
    what: str
    owners: list[str]
    projects: list[str]  # some of its agenda item's projects (all of them when not given)
    link: str | None
    status: str
    done: str | None  # the meeting whose minutes record the action as done
    line: int
    lines: dict = field(default_factory=dict)  # key -> line


@dataclass
class AgendaItem:
    topic: str
    presenters: list[str]
    projects: list[str]
    links: list[str]
    line: int
    lines: dict = field(default_factory=dict)  # key -> line
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class NewsItem:
    title: str
    url: str | None


@dataclass
class Meeting:
    path: str  # relative to the root, e.g. meetings/2022-09-22.zh.md
    lang: str
    stem: str  # the file name's date part
    source: Path | None = None  # the file itself
    date: str | None = None
    title: str = ""
    attendees: list[str] = field(default_factory=list)
    new_members: list[str] = field(default_factory=list)
    pre_reading: list[str] = field(default_factory=list)
    recording: str | None = None
    news: list[NewsItem] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    lines: dict = field(default_factory=dict)  # key -> line
    translation_of: str | None = None
    sections: list[tuple[str, int, str]] = field(default_factory=list)  # the page's '## ' sections
    headings: list[tuple[int, str]] = field(default_factory=list)  # every heading of the page: (level, text)

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
    # 'ok', 'missing' (the list is optional) or 'broken' (its problems are reported;
    # the handles or project ids of the meetings are then not checked).
    people_state: str = "ok"
    projects_state: str = "ok"
    # Docnames of every meeting file per language, loadable or not (for the toctree).
    files: dict[str, list[str]] = field(default_factory=lambda: {lang: [] for lang in LANGS})
    # Meeting files whose front matter other YAML readers cannot load (syntax, impossible date).
    unreadable: set[str] = field(default_factory=set)

    @property
    def present(self) -> bool:
        """Whether the site has a meetings section at all (a fork may keep only the docs)."""
        has_lists = (self.people_state, self.projects_state) != ("missing", "missing")
        return has_lists or bool(self.files["en"] or self.files["zh"])

    def person(self, handle: str) -> Person | None:
        return self.handles.get(handle)

    def dates(self, lang: str = "en") -> list[str]:
        """Dates having a valid record in ``lang``, newest first."""
        return sorted((d for d in self.meetings[lang] if d), reverse=True)

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


def _string_list(container: Map, key: str, path: str, problems, required=False, what="handles", where=""):
    """Return container[key] as a list of strings, reporting a wrong shape."""
    fld = f"{where}.{key}" if where else key
    line = container.lines.get(key, container.line)
    if key not in container or container[key] is None:
        if required:
            problems.append(Problem(path, container.line, fld, "missing", f"add '{key}: [...]' (a YAML list)"))
        return [], []
    value = container[key]
    if not isinstance(value, Seq):
        problems.append(
            Problem(
                path,
                line,
                fld,
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
                    fld,
                    f"list item {item!r} is not text",
                    f"each item of '{key}' must be a single string; quote it if it has ':' or '#'",
                )
            )
            continue
        items.append(item)
        lines.append(item_line)
    return items, lines


def _unknown_keys(entry: Map, known: frozenset, rel: str, where: str, problems) -> None:
    """Report keys not in ``known``.  A misspelt key whose right spelling is absent
    is read as that key, so that its value causes no second problem."""
    for key in list(entry):
        if key not in known:
            near = did_you_mean(key, known)
            meant = closest(key, known, n=1)
            if meant and meant[0] not in entry:
                entry[meant[0]] = entry[key]
                entry.lines[meant[0]] = entry.lines[key]
            problems.append(
                Problem(
                    rel,
                    entry.lines[key],
                    f"{where}.{key}" if where else key,
                    "unknown key",
                    f"{near}; the keys here are {', '.join(sorted(known))}"
                    if near
                    else f"the keys here are {', '.join(sorted(known))}",
                )
            )


# --------------------------------------------------------------------------- people / projects


def _id_entries(path: Path, rel: str, records: Records, kind: str, keys: str, example: str, known: dict):
    """Yield (entry, id, line) for each well-formed entry of a people or projects list.

    Problems (not YAML, not a list, an entry that is not a mapping, a bad or
    duplicate id) are recorded with their line, the entry is skipped and the
    list is marked broken.  A missing file marks the list missing (it is optional).
    """
    state = "people_state" if kind == "people" else "projects_state"
    problems = records.problems
    if not path.is_file():
        setattr(records, state, "missing")
        return
    data, errs = parse_yaml(path.read_text(encoding="utf-8"), rel)
    problems.extend(errs)
    follow = "the meeting files are checked against it once it loads"
    if data is None:
        setattr(records, state, "broken")
        if not errs:
            problems.append(Problem(rel, 1, kind, "is empty", f"write one '- id: ...' entry per {kind}"))
        return
    if not isinstance(data, Seq):
        setattr(records, state, "broken")
        got = "a mapping" if isinstance(data, Map) else f"the text {data!r}"
        problems.append(
            Problem(
                rel,
                getattr(data, "line", 1),
                kind,
                f"must be a YAML list, got {got}",
                f"start each entry with '- id: ...' ({keys}); {follow}",
            )
        )
        return
    for entry, line in zip(data, data.lines, strict=True):
        if not isinstance(entry, Map):
            setattr(records, state, "broken")
            problems.append(Problem(rel, line, kind, "entry is not a mapping", f"use {keys} keys; {follow}"))
            continue
        pid = entry.get("id")
        if not isinstance(pid, str) or not ID_RE.match(pid):
            setattr(records, state, "broken")
            problems.append(
                Problem(
                    rel,
                    entry.lines.get("id", line),
                    "id",
                    f"{pid!r} is not a valid {'person' if kind == 'people' else 'project'} id",
                    f"use lowercase letters, digits and '-', e.g. {example}; {follow}",
                )
            )
            continue
        if pid in known:
            setattr(records, state, "broken")
            hint = "merge the entries" if kind == "people" else "keep one entry"
            problems.append(Problem(rel, entry.lines["id"], "id", f"duplicate id {pid!r}", f"{hint}; {follow}"))
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
        if not handles:
            records.people_state = "broken"
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


def _resolve(handles, lines, fld, path, records, problems):
    """Report handles that no person of people.yaml has (when that list is usable)."""
    if records.people_state != "ok":
        return
    for handle, line in zip(handles, lines, strict=True):
        if handle not in records.handles:
            near = did_you_mean(handle, records.handles)
            add = (
                f"add {handle!r} to the 'handles' of the person it names in {MEETINGS_DIR}/{PEOPLE_FILE} "
                "(exact spelling), or add a new person"
            )
            problems.append(
                Problem(
                    path,
                    line,
                    fld,
                    f"{handle!r} does not resolve through {MEETINGS_DIR}/{PEOPLE_FILE}",
                    f"{near}, or {add}" if near else add,
                )
            )


def _check_people_lists(meeting: Meeting, records: Records, attendee_lines, member_lines, problems) -> None:
    """Each attendee once; every new member among the attendees.

    People are told apart through people.yaml (a person may be written two
    ways: 王亚峰 among the new members is Wang Yafeng among the attendees).
    Without that list only a handle written twice is known to be one person;
    unresolved handles are reported already, and a broken people.yaml says
    nothing about who is who.
    """
    if records.people_state == "broken":
        return
    rel = meeting.path

    def who(handle: str) -> str | None:
        if records.people_state == "missing":
            return handle
        person = records.person(handle)
        return person.id if person is not None else None

    seen: dict[str, str] = {}
    unknown = False  # an attendee people.yaml does not know may be any of the new members
    for handle, line in zip(meeting.attendees, attendee_lines, strict=True):
        person = who(handle)
        if person is None:
            unknown = True
            continue
        if person in seen:
            first = seen[person]
            message = (
                f"{handle!r} is listed twice"
                if first == handle
                else f"{handle!r} and {first!r} are the same person ({person}) in {MEETINGS_DIR}/{PEOPLE_FILE}"
            )
            problems.append(Problem(rel, line, "attendees", message, "list each attendee once"))
            continue
        seen[person] = handle
    for handle, line in zip(meeting.new_members, member_lines, strict=True):
        person = who(handle)
        if person is not None and person not in seen and not unknown and records.people_state == "ok":
            problems.append(
                Problem(
                    rel,
                    line,
                    "new_members",
                    f"{handle!r} is a new member but not among the attendees",
                    "add them to 'attendees' too (as the minutes write them), or remove them from 'new_members'",
                )
            )


def load_meeting(path: Path, records: Records) -> Meeting | None:
    """Parse and check one meeting file; problems go to ``records.problems``."""
    problems = records.problems
    rel = path.relative_to(records.root).as_posix()
    match = FILE_RE.match(path.name)
    lang = "zh" if match and match.group("zh") else "en"
    stem = match.group("stem") if match else path.stem
    meeting = Meeting(rel, lang, stem, path)
    records.files[lang].append(meeting.docname)
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
    header, body = split_front_matter(path.read_text(encoding="utf-8"))
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
        records.unreadable.add(rel)
    if data is None:
        return None
    if not isinstance(data, Map):
        problems.append(Problem(rel, 2, "front matter", "must be a YAML mapping", "write 'key: value' lines"))
        return None
    _unknown_keys(data, MEETING_KEYS, rel, "", problems)
    meeting.lines = dict(data.lines)
    meeting.headings, meeting.sections = outline(body, header.count("\n") + 3)
    already = {p.field for p in errs}
    if _is_str(data.get("translation_of")):
        meeting.translation_of = data["translation_of"]

    # date
    date = data.get("date")
    if "date" not in data or date is None:
        problems.append(Problem(rel, data.lines.get("date", 2), "date", "missing", f"add 'date: {stem}'"))
    elif "date" in already:
        pass  # an impossible date, reported by parse_yaml
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
    attendees, attendee_lines = _string_list(data, "attendees", rel, problems, required=True)
    _resolve(attendees, attendee_lines, "attendees", rel, records, problems)
    meeting.attendees = attendees
    new_members, member_lines = _string_list(data, "new_members", rel, problems)
    _resolve(new_members, member_lines, "new_members", rel, records, problems)
    meeting.new_members = new_members
    _check_people_lists(meeting, records, attendee_lines, member_lines, problems)

    # links at meeting level
    pre_reading, lines = _string_list(data, "pre_reading", rel, problems, what="URLs")
    meeting.pre_reading = [
        u for u, ln in zip(pre_reading, lines, strict=True) if _check_url(u, rel, ln, "pre_reading", problems)
    ]
    if data.get("recording") is not None:
        if _check_url(data["recording"], rel, data.lines["recording"], "recording", problems):
            meeting.recording = data["recording"]
    meeting.news = _load_news(data, rel, problems)

    # agenda, and the page's sections that follow it
    meeting.agenda = _load_agenda(data, rel, records, problems, already)
    _check_sections(meeting, data, problems)
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
    for index, (entry, line) in enumerate(zip(news, news.lines, strict=True), start=1):
        where = f"news[{index}]"
        if not isinstance(entry, Map) or not _is_str(entry.get("title")):
            problems.append(Problem(rel, line, where, "item without a title", "give each item 'title: ...'"))
            continue
        _unknown_keys(entry, NEWS_KEYS, rel, where, problems)
        url = entry.get("url")
        if url is not None and not _check_url(url, rel, entry.lines["url"], f"{where}.url", problems):
            url = None
        items.append(NewsItem(entry["title"], url))
    return items


def _mappings(entry: Map, key: str, rel: str, where: str, problems, example: str):
    """Yield (index, mapping, line) of the list entry[key], reporting a wrong shape."""
    value = entry.get(key)
    if value is None:
        return
    if not isinstance(value, Seq):
        problems.append(Problem(rel, entry.lines[key], f"{where}.{key}", "must be a list", f"write {example} items"))
        return
    for index, (item, line) in enumerate(zip(value, value.lines, strict=True), start=1):
        if not isinstance(item, Map):
            problems.append(Problem(rel, line, f"{where}.{key}[{index}]", "not a mapping", f"write {example}"))
            continue
        yield index, item, line


def _text(item: Map, key: str, rel: str, where: str, line: int, problems, hint: str) -> str:
    value = item.get(key)
    if not _is_str(value):
        problems.append(Problem(rel, item.lines.get(key, line), f"{where}.{key}", "missing or empty", hint))
        return ""
    return value


def _load_decisions(entry: Map, rel: str, where: str, problems) -> list[Decision]:
    decisions = []
    for index, item, line in _mappings(entry, "decisions", rel, where, problems, "'- what: <what was decided>'"):
        here = f"{where}.decisions[{index}]"
        _unknown_keys(item, DECISION_KEYS, rel, here, problems)
        what = _text(item, "what", rel, here, line, problems, "write what was decided, in this file's language")
        link = item.get("link")
        if link is not None and not _check_url(link, rel, item.lines["link"], f"{here}.link", problems):
            link = None
        decisions.append(Decision(what, link, line))
    return decisions


def _load_actions(entry: Map, rel: str, where: str, records: Records, problems, already: set,
                  item_projects: list[str]) -> list[Action]:
    actions = []
    for index, item, line in _mappings(entry, "actions", rel, where, problems,
                                       "'- {what: ..., owners: [...], status: open}'"):
        here = f"{where}.actions[{index}]"
        _unknown_keys(item, ACTION_KEYS, rel, here, problems)
        what = _text(item, "what", rel, here, line, problems, "write what is to be done, in this file's language")
        owners, owner_lines = _string_list(item, "owners", rel, problems, where=here)
        _resolve(owners, owner_lines, f"{here}.owners", rel, records, problems)
        projects, project_lines = _string_list(item, "projects", rel, problems, what="project ids", where=here)
        for project, pline in zip(projects, project_lines, strict=True):
            if project not in item_projects:
                problems.append(
                    Problem(
                        rel,
                        pline,
                        f"{here}.projects",
                        f"{project!r} is not among the projects of {where}",
                        f"an action's projects are some of its agenda item's: {', '.join(item_projects) or 'none'}",
                    )
                )
        projects = [p for p in projects if p in item_projects] or list(item_projects)
        link = item.get("link")
        if link is not None:
            if not isinstance(link, str) or github_ref(link) is None:
                problems.append(
                    Problem(
                        rel,
                        item.lines["link"],
                        f"{here}.link",
                        f"{link!r} is not a GitHub issue or pull request",
                        "link the issue or pull request that tracks the action, "
                        "e.g. https://github.com/cloudwego/kitex/issues/421",
                    )
                )
                link = None
        status = item.get("status")
        if status not in STATUSES:
            problems.append(
                Problem(
                    rel,
                    item.lines.get("status", line),
                    f"{here}.status",
                    "missing" if status is None else f"{status!r} is not a status",
                    "write 'status: open', or 'status: done' with 'done: <date of the meeting that recorded it>'",
                )
            )
            status = "open"
        done = item.get("done")
        if status != "done":
            if done is not None:
                problems.append(
                    Problem(rel, item.lines["done"], f"{here}.done", "given for an open action",
                            "write 'status: done', or remove 'done'")
                )
            done = None
        elif done is None:
            problems.append(
                Problem(
                    rel,
                    item.lines["status"],
                    f"{here}.done",
                    "missing",
                    "add 'done: YYYY-MM-DD', the date of the meeting whose minutes record the action as done",
                )
            )
        elif f"{here}.done" in already:
            done = None  # an impossible date, reported by parse_yaml
        elif not isinstance(done, str) or not DATE_RE.match(done) or not _valid_date(done):
            problems.append(
                Problem(rel, item.lines["done"], f"{here}.done", f"{done!r} is not a date",
                        "write the date of a meeting as YYYY-MM-DD")
            )
            done = None
        actions.append(Action(what, owners, projects, link, status, done, line, dict(item.lines)))
    return actions


def _load_agenda(data: Map, rel: str, records: Records, problems, already: set) -> list[AgendaItem]:
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
        _unknown_keys(entry, AGENDA_KEYS, rel, where, problems)
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
        presenters, plines = _string_list(entry, "presenters", rel, problems, where=where)
        _resolve(presenters, plines, f"{where}.presenters", rel, records, problems)
        projects, jlines = _string_list(entry, "projects", rel, problems, what="project ids", where=where)
        if records.projects_state == "ok":
            for project, pline in zip(projects, jlines, strict=True):
                if project not in records.projects:
                    near = did_you_mean(project, records.projects)
                    problems.append(
                        Problem(
                            rel,
                            pline,
                            f"{where}.projects",
                            f"unknown project {project!r}",
                            (f"{near}, or " if near else "")
                            + f"use an id from {MEETINGS_DIR}/{PROJECTS_FILE} "
                            f"({', '.join(sorted(records.projects))}) or add it there",
                        )
                    )
        links, llines = _string_list(entry, "links", rel, problems, what="URLs", where=where)
        links = [u for u, ln in zip(links, llines, strict=True) if _check_url(u, rel, ln, f"{where}.links", problems)]
        item = AgendaItem(topic, presenters, projects, links, line, dict(entry.lines))
        item.decisions = _load_decisions(entry, rel, where, problems)
        item.actions = _load_actions(entry, rel, where, records, problems, already, projects)
        items.append(item)
    return items


def _check_sections(meeting: Meeting, data: Map, problems) -> None:
    """One '## ' section per agenda item, in order, headed by its topic (the reverse index links them)."""
    if not isinstance(data.get("agenda"), Seq):
        return
    if len(meeting.sections) != len(data["agenda"]):
        problems.append(
            Problem(
                meeting.path,
                data.lines["agenda"],
                "agenda",
                f"{len(data['agenda'])} items, but the page has {len(meeting.sections)} '## ' sections",
                "write one '## <topic>' section per agenda item, in the order of 'agenda'",
            )
        )
        return
    for index, (item, (heading, line, _text)) in enumerate(zip(meeting.agenda, meeting.sections, strict=False), 1):
        if item.topic and heading != item.topic:
            problems.append(
                Problem(
                    meeting.path,
                    line,
                    f"agenda[{index}].topic",
                    f"section {index} is headed {heading!r}, but the topic is {item.topic!r}",
                    "give the agenda item and its '## ' section the same text",
                )
            )


def _valid_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- the two languages


def _difference(here, there) -> str:
    """How two values differ, briefly (lists of 20 handles are not printed whole)."""
    if isinstance(here, list) and isinstance(there, list):
        if sorted(here) == sorted(there):
            return "the same values in another order"
        parts = []
        only_here = [v for v in here if v not in there]
        only_there = [v for v in there if v not in here]
        if only_here:
            parts.append(f"only here: {', '.join(repr(v) for v in only_here)}")
        if only_there:
            parts.append(f"only there: {', '.join(repr(v) for v in only_there)}")
        return "; ".join(parts) or f"{len(here)} values here, {len(there)} there"
    return f"{here!r} here, {there!r} there"


def _agrees_with_text(meeting: Meeting, index: int | None, values) -> bool | None:
    """Whether every value appears in the meeting's own text (its section ``index``, or the whole page).

    None when there is nothing to judge by (no values, or no such section).
    """
    if not values:
        return None
    if index is None:
        text = "\n".join(body for _heading, _line, body in meeting.sections)
    elif index <= len(meeting.sections):
        text = meeting.sections[index - 1][2]
    else:
        return None
    return all(str(value) in text for value in values)


def _wrong_sides(en: Meeting, zh: Meeting, a, b, index: int | None, evidence: bool) -> list[tuple[Meeting, str]]:
    """Which file of the pair holds the wrong value, and how we know.

    The file whose own text contradicts its value; else the translation, when
    it was made from the other file as that file is now; else both.
    """
    if evidence:
        judged = {m.lang: _agrees_with_text(m, index, v) for m, v in ((en, a), (zh, b))}
        for wrong, right in ((zh, en), (en, zh)):
            if judged[right.lang] is True and judged[wrong.lang] is False:
                return [(wrong, f"fix this file: the text of {right.path} agrees with its value, this file's does not")]
    for translation, original in ((zh, en), (en, zh)):
        if translation.translation_of and original.translation_of is None and original.source is not None:
            if translation.translation_of == file_hash(original.source):
                return [(translation, f"fix this file: it is the translation of {original.path} as that file is now")]
    return [(en, ""), (zh, "")]


def _compare(en: Meeting, zh: Meeting, problems: list[Problem]) -> None:
    """English and Chinese records of one meeting must agree on the facts.

    A difference is reported in the file that is wrong (see ``_wrong_sides``),
    or in both files when nothing tells which one is.  A field with a problem
    of its own in either file (not a list, a bad link …) is not compared: that
    problem explains the difference.
    """
    flawed = [(p.path, p.field) for p in problems if p.path in (en.path, zh.path)]

    def differ(fld: str, lines: tuple[int, int], a, b, hint: str, index=None, evidence=False) -> None:
        # The agenda's own count is compared even when one of its items has a problem.
        inside = () if fld == "agenda" else (f"{fld}.", f"{fld}[")
        if any(f == fld or (inside and f.startswith(inside)) for _path, f in flawed):
            return
        for meeting, why in _wrong_sides(en, zh, a, b, index, evidence):
            other, line, here, there = (zh, lines[0], a, b) if meeting is en else (en, lines[1], b, a)
            problems.append(
                Problem(
                    meeting.path,
                    line,
                    fld,
                    f"disagrees with {other.path}: {_difference(here, there)}",
                    why or f"one of the two files is wrong and neither tells which: {hint}",
                )
            )

    def at(key: str, x, y) -> tuple[int, int]:
        return (x.lines.get(key, x.line), y.lines.get(key, y.line))

    same = "make both files list the same values in the same order"
    if en.date and zh.date and en.date != zh.date:
        differ("date", (en.line_of("date"), zh.line_of("date")), en.date, zh.date, "both files must give the same date")
    for fld in ("attendees", "new_members", "pre_reading", "recording"):
        a, b = getattr(en, fld), getattr(zh, fld)
        if a != b:
            differ(fld, (en.line_of(fld), zh.line_of(fld)), a, b, same, evidence=fld == "new_members")
    if [n.url for n in en.news] != [n.url for n in zh.news]:
        differ("news", (en.line_of("news"), zh.line_of("news")), [n.url for n in en.news],
               [n.url for n in zh.news], same)
    if len(en.agenda) != len(zh.agenda):
        # A file whose agenda does not match its own sections is reported already.
        if all(len(m.sections) == len(m.agenda) for m in (en, zh)):
            differ("agenda", (en.line_of("agenda"), zh.line_of("agenda")), f"{len(en.agenda)} items",
                   f"{len(zh.agenda)} items", "both files need the same agenda items in the same order")
        return
    for index, (a, b) in enumerate(zip(en.agenda, zh.agenda, strict=True), start=1):
        for fld in ("presenters", "projects", "links"):
            if getattr(a, fld) != getattr(b, fld):
                differ(f"agenda[{index}].{fld}", at(fld, a, b), getattr(a, fld), getattr(b, fld), same, index,
                       evidence=fld in ("presenters", "links"))
        if [d.link for d in a.decisions] != [d.link for d in b.decisions]:
            differ(f"agenda[{index}].decisions", at("decisions", a, b), [d.link for d in a.decisions],
                   [d.link for d in b.decisions], "both files need the same decisions, with the same links")
        if len(a.actions) != len(b.actions):
            differ(f"agenda[{index}].actions", at("actions", a, b), f"{len(a.actions)} actions",
                   f"{len(b.actions)} actions", "both files need the same action items in the same order")
            continue
        for number, (x, y) in enumerate(zip(a.actions, b.actions, strict=True), start=1):
            for key in ("owners", "projects", "link", "status", "done"):
                if key == "projects" and "projects" not in x.lines and "projects" not in y.lines:
                    continue  # both are their agenda item's, compared above
                if getattr(x, key) != getattr(y, key):
                    differ(f"agenda[{index}].actions[{number}].{key}", at(key, x, y), getattr(x, key),
                           getattr(y, key), same, index, evidence=key == "owners")


def _check_done_dates(records: Records) -> None:
    """An action's 'done' names a meeting on or after the one that agreed it."""
    for lang in LANGS:
        for meeting in records.meetings[lang].values():
            for index, item in enumerate(meeting.agenda, 1):
                for number, action in enumerate(item.actions, 1):
                    if action.done is None:
                        continue
                    problem = None
                    if action.done < meeting.date:
                        problem = f"{action.done} is before this meeting"
                    elif action.done not in records.meetings[lang]:
                        problem = f"no minutes for {action.done}"
                    if problem:
                        dates = sorted(d for d in records.meetings[lang] if d >= meeting.date)
                        near = did_you_mean(action.done, dates)
                        records.problems.append(
                            Problem(
                                meeting.path,
                                action.lines.get("done", action.line),
                                f"agenda[{index}].actions[{number}].done",
                                problem,
                                (f"{near}; " if near else "")
                                + "'done' is the date of the meeting whose minutes record the action as done",
                            )
                        )


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
    _check_done_dates(records)
    records.problems.sort(key=lambda p: (p.path not in REGISTRIES, p.path, p.line, p.field))
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
