"""Find the code blocks of a MyST Markdown page.

A block is a fenced code block (```` ```lang ````), a ``{code-block}``
directive, or a ``{literalinclude}`` directive; blocks nested in other
directives (tab sets, admonitions, colon fences) are found too.  Settings
written after the language in the info string use the same form as
pytest-examples: ``yaml not-runnable="needs a Kubernetes cluster"``.

This is the harness's view of a page: which blocks it can run.  What a reader
sees is what Sphinx renders (``extensions/code_blocks.py``); the accounting
reconciles the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

CODE_DIRECTIVES = {"code-block", "code", "sourcecode"}
INCLUDE_DIRECTIVES = {"literalinclude"}
# Directives whose body is not Markdown: nothing to look for inside.
OPAQUE_DIRECTIVES = {"toctree", "image", "figure", "math", "eval-rst", "raw", "graphviz", "csv-table"}
_SETTING = re.compile(r'([\w-]+)=(["\'])(.*?)\2')
# A not-runnable reason is read by people: a few words, counted as Latin words plus one word
# per two Chinese characters.
REASON_WORDS = 3
_LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’._/-]*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")


@dataclass(frozen=True)
class Block:
    """One code block as a reader sees it."""

    path: Path
    line: int  # 1-based line of the opening fence
    kind: str  # 'fence', 'code-block' or 'literalinclude'
    language: str
    content: str  # the code; for literalinclude, empty
    settings: dict[str, str] = field(default_factory=dict)
    include: str = ""  # literalinclude argument
    options: dict[str, str] = field(default_factory=dict)

    @property
    def marked_reason(self) -> str | None:
        return self.settings.get("not-runnable")


def fence_settings(rest: str) -> dict[str, str]:
    """The ``key="value"`` settings written after the language in a fence's info string."""
    return {m.group(1): m.group(3) for m in _SETTING.finditer(rest)}


def reason_problem(reason: str) -> str | None:
    """Why a not-runnable reason does not tell a reader why, or None."""
    words = len(_LATIN_WORD.findall(reason)) + len(_HAN.findall(reason)) / 2
    if words < REASON_WORDS:
        return (f"not-runnable reason {reason!r} is too short: say why in a few words a reader can use, "
                f"e.g. \"needs a Kubernetes cluster\"")
    return None


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)


def _split_directive_body(content: str) -> tuple[dict[str, str], str, int]:
    """Options (``:key: value`` lines or a ``---`` YAML block) and the body after them."""
    lines = content.splitlines(keepends=True)
    options, at = {}, 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            for raw in lines[1:end]:
                key, _, value = raw.partition(":")
                options[key.strip()] = value.strip()
            at = end + 1
    else:
        while at < len(lines) and (match := _OPTION.match(lines[at].rstrip("\n"))):
            options[match.group(1)] = match.group(2).strip()
            at += 1
    return options, "".join(lines[at:]), at


def find_blocks(path: Path, text: str | None = None, line_offset: int = 0) -> list[Block]:
    """All code blocks of a page, in reading order."""
    if text is None:
        # A test run asks for the blocks of the same page many times (collection, parity,
        # accounting, the proof): a page is parsed again only when its text changed.
        return list(_page_blocks(path, path.read_text(encoding="utf-8")))
    return _find_blocks(path, text, line_offset)


@lru_cache(maxsize=1024)
def _page_blocks(path: Path, text: str) -> tuple[Block, ...]:
    return tuple(_find_blocks(path, text, 0))


def _find_blocks(path: Path, text: str, line_offset: int) -> list[Block]:
    found: list[Block] = []
    for token in _parser().parse(text):
        if token.type == "code_block":
            found.append(Block(path, token.map[0] + 1 + line_offset, "indented", "", token.content))
            continue
        if token.type not in ("fence", "colon_fence"):
            continue
        line = token.map[0] + 1 + line_offset
        info = token.info.strip()
        name, _, rest = info.partition(" ")
        if name.startswith("{") and name.endswith("}"):
            directive = name[1:-1]
            options, body, skipped = _split_directive_body(token.content)
            if directive in INCLUDE_DIRECTIVES:
                found.append(Block(path, line, "literalinclude", options.get("language", ""), "",
                                   include=rest.strip(), options=options))
            elif directive in CODE_DIRECTIVES:
                found.append(Block(path, line, "code-block", rest.strip(), body, options=options))
            elif directive not in OPAQUE_DIRECTIVES:
                found.extend(_find_blocks(path, body, line + skipped))
        elif token.type == "fence":
            found.append(Block(path, line, "fence", name, token.content, fence_settings(rest)))
        else:  # a colon fence without a directive: plain Markdown inside
            found.extend(_find_blocks(path, token.content, line))
    return found


def front_matter(text: str) -> str:
    for token in _parser().parse(text):
        if token.type == "front_matter":
            return token.content
    return ""
