"""A tiny, valid meeting tree to break in each test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for entry in (str(ROOT / "extensions"), str(ROOT)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

PEOPLE = """\
- id: alice
  name: Alice
  handles: [alice, Alice Liu]
  github: alice
- id: bob
  name: Bob
  handles: [bob, Bobby]
- id: code-z
  name: Code:Z
  handles: ["Code:Z"]
"""

PROJECTS = """\
- {id: kitex, en: Kitex, zh: Kitex}
- {id: community, en: Community, zh: 社区}
"""

# Line numbers matter: the tests assert them.
MEETING_EN = """\
---
date: 2022-09-22
title: CloudWeGo Community Meeting, 22 Sep 2022
attendees: [alice, bob, "Code:Z"]
new_members: [bob]
pre_reading:
  - https://www.cloudwego.io/
agenda:
  - topic: Newcomer self-introductions
    presenters: [alice]
    projects: [community]
    links:
      - https://github.com/cloudwego/community
  - topic: Kitex news
    presenters: [Alice Liu]
    projects: [kitex]
    links: []
    decisions:
      - what: Kitex keeps its interfaces
        link: https://github.com/cloudwego/kitex/issues/421
    actions:
      - what: Write the Kitex guide
        owners: [alice]
        link: https://github.com/cloudwego/kitex/pull/613
        status: open
news:
  - {title: Kitex released, url: "https://github.com/cloudwego/kitex/releases"}
---

# CloudWeGo Community Meeting, 22 Sep 2022

## Newcomer self-introductions

bob introduced themself.

## Kitex news

Alice Liu talked about Kitex.
"""

MEETING_ZH = (
    MEETING_EN.replace("title: CloudWeGo Community Meeting, 22 Sep 2022", "title: CloudWeGo 社区会议 9.22")
    .replace("# CloudWeGo Community Meeting, 22 Sep 2022", "# CloudWeGo 社区会议 9.22")
    .replace("Newcomer self-introductions", "新人自我介绍")
    .replace("Kitex news", "Kitex 动态")
    .replace("Kitex released", "Kitex 发布")
    .replace("bob introduced themself.", "bob 做了自我介绍。")
    .replace("Alice Liu talked about Kitex.", "Alice Liu 介绍了 Kitex。")
    .replace("Kitex keeps its interfaces", "Kitex 保留现有接口")
    .replace("Write the Kitex guide", "编写 Kitex 指南")
)


class Tree:
    """A site root with meetings/ in tmp_path."""

    def __init__(self, root: Path):
        self.root = root
        self.meetings = root / "meetings"
        self.meetings.mkdir(parents=True)
        self.write("people.yaml", PEOPLE)
        self.write("projects.yaml", PROJECTS)
        self.write("2022-09-22.md", MEETING_EN)
        self.write("2022-09-22.zh.md", MEETING_ZH)

    def write(self, name: str, text: str) -> Path:
        path = self.meetings / name
        path.write_text(text, encoding="utf-8")
        return path

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.meetings / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def edit_both(self, old: str, new: str) -> None:
        self.edit("2022-09-22.md", old, new)
        self.edit("2022-09-22.zh.md", old, new)


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path / "site")
