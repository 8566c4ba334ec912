"""Start the minutes of a new community meeting from the templates.

    python -m tools.new_meeting 2022-11-17      # or: make new-meeting DATE=2022-11-17

Creates meetings/2022-11-17.md and meetings/2022-11-17.zh.md from
tools/templates/meeting.md and meeting.zh.md, with the date and the titles
filled in.  Refuses (exit code 2) a malformed date or a date that already
has minutes.  The new files are valid records; fill in attendees and agenda
(see contributing/meetings.md).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from tools import meetings_records as mr

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def titles(date: datetime.date) -> dict[str, str]:
    return {
        "en": f"CloudWeGo Community Meeting, {date.day} {MONTHS[date.month - 1]} {date.year}",
        "zh": f"{date.year} 年 {date.month} 月 {date.day} 日社区会议",
    }


def fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def parse_date(text: str) -> datetime.date | None:
    if not mr.DATE_RE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def create(date_text: str, root: Path = ROOT) -> list[Path]:
    """Write both files; raise ValueError with a message when refused."""
    date = parse_date(date_text)
    if date is None:
        raise ValueError(f"{date_text!r} is not a valid date: write it as YYYY-MM-DD, e.g. 2022-11-17")
    base = root / mr.MEETINGS_DIR
    targets = {"en": base / f"{date_text}.md", "zh": base / f"{date_text}.zh.md"}
    existing = [p for p in targets.values() if p.exists()]
    if existing:
        names = ", ".join(p.relative_to(root).as_posix() for p in existing)
        raise ValueError(f"minutes for {date_text} already exist ({names}); edit them instead")
    names = titles(date)
    base.mkdir(parents=True, exist_ok=True)
    for lang, target in targets.items():
        template = (TEMPLATES / ("meeting.zh.md" if lang == "zh" else "meeting.md")).read_text(encoding="utf-8")
        target.write_text(fill(template, {"date": date_text, "title": names[lang]}), encoding="utf-8")
    return list(targets.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.new_meeting", description="Start the minutes of a new meeting."
    )
    parser.add_argument("date", help="the meeting day, YYYY-MM-DD")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        paths = create(args.date, args.root)
    except ValueError as error:
        print(f"new-meeting: error: {error}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"created {path.relative_to(args.root).as_posix()}")
    print("next: fill in attendees and agenda; people go in meetings/people.yaml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
