"""Code blocks as Sphinx renders them: labelled when not run, and recorded for the proof.

At ``doctree-read`` a fenced block whose info string says ``not-runnable="reason"`` gets a
caption above it, "Not run: reason" ("未运行：reason" in Chinese), so that readers see why CI
did not run it.  It uses Sphinx's own code-caption structure, which the theme already styles.

At ``doctree-resolved`` (what the builder writes: after ``only`` and the post-transforms) every
node that renders as code is written, with its source file and line, to
``<doctreedir>/code-blocks/<docname>.json``: literal blocks (fences, ``code-block``,
``literalinclude``, ``{include}`` with ``:code:``, code in ``{eval-rst}`` or in a substitution),
doctest blocks, and raw HTML that holds a ``<pre>``.  ``tools/codeproof`` reconciles these with
what the proof ran: a rendered block it did not account for fails ``make test``.  One small file
per page, written whole or not at all, so that pages can be accounted one by one and in parallel.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from bilingual import site_lang
from docutils import nodes
from sphinx.application import Sphinx

from tools.codeproof.blocks import fence_settings

RECORD_DIR = "code-blocks"
LABEL = {"en": "Not run: {reason}", "zh": "未运行：{reason}"}
# Raw HTML that a browser shows as preformatted code.
RAW_CODE = re.compile(r"<(pre|xmp|listing|plaintext)\b", re.I)
# The opening line of a fence or directive, also inside block quotes and lists.
_OPENER = re.compile(r"^[\s>]*(?:[-*+]\s+|\d+[.)]\s+)?(`{3,}|~{3,}|:{3,})\s*(\S*)(.*)$")


def is_code(node: nodes.Node) -> bool:
    if isinstance(node, (nodes.literal_block, nodes.doctest_block)):
        return True
    return isinstance(node, nodes.raw) and "html" in node.get("format", "").split() and bool(
        RAW_CODE.search(node.astext()))


class SourceLines:
    """The lines of the files a page is made of, read once per page."""

    def __init__(self):
        self.files: dict[str, list[str]] = {}

    def __call__(self, source: str | None) -> list[str]:
        if not source or not source.endswith(".md"):
            return []
        if source not in self.files:
            try:
                self.files[source] = Path(source).read_text(encoding="utf-8").splitlines()
            except OSError:
                self.files[source] = []
        return self.files[source]


def fence_line(node: nodes.Node, lines: list[str]) -> int | None:
    """The 1-based line of the plain fence (not a directive) that made ``node``, or None.

    myst-parser gives blocks nested in directives (tabs, admonitions) or substitutions a line
    one or two away from their fence, so the fence is looked for around it: a fence of the
    block's language whose next line is the block's first line.
    """
    line, text = node.line, node.astext()
    if not line or not lines or not isinstance(node, nodes.literal_block):
        return None
    first = text.split("\n", 1)[0].strip()
    for candidate in (line, line - 1, line + 1, line - 2, line + 2):
        if not 1 <= candidate <= len(lines):
            continue
        opener = _OPENER.match(lines[candidate - 1])
        if not opener or opener.group(1)[0] == ":" or opener.group(2).startswith("{"):
            continue
        after = lines[candidate].lstrip(" >") if candidate < len(lines) else ""
        if opener.group(2) in ("", node.get("language")) and after.strip() == first:
            return candidate
    return None


def block_line(node: nodes.Node, lines: list[str]) -> int | None:
    """The line a reader should be sent to for ``node``: its fence, or the line myst-parser gives.

    Code from a substitution is given the line after the ``{{ name }}`` that brought it in.
    """
    line = fence_line(node, lines)
    if line is not None:
        return line
    line = node.line
    if line and 2 <= line <= len(lines) and not lines[line - 1].strip() and "{{" in lines[line - 2]:
        return line - 1
    return line


def label_not_run(app: Sphinx, doctree: nodes.document) -> None:
    lines_of = SourceLines()
    label = LABEL[site_lang(app)]
    for node in list(doctree.findall(nodes.literal_block)):
        lines = lines_of(node.source)
        line = fence_line(node, lines)
        if line is None:
            continue
        reason = fence_settings(_OPENER.match(lines[line - 1]).group(3)).get("not-runnable", "").strip()
        if not reason:
            continue
        node["not_run"] = reason
        # Sphinx's code-caption classes, which the theme styles; not a caption node, which
        # Sphinx would number and give an anchor.
        text = nodes.inline("", label.format(reason=reason), classes=["caption-text"])
        caption = nodes.container("", text, classes=["code-block-caption", "not-run"])
        wrapper = nodes.container("", classes=["literal-block-wrapper", "not-run"])
        for made in (caption, wrapper):
            made.source, made.line = node.source, node.line
        node.replace_self(wrapper)
        wrapper += caption
        wrapper += node


def language(node: nodes.Node) -> str:
    """The language a block is highlighted as (``{include}`` with ``:code:`` gives it as a class)."""
    name = node.get("language") or node.get("format") or ""
    if name in ("", "default"):
        classes = [c for c in node.get("classes", []) if c != "code"]
        name = classes[0] if classes else name
    return name


def relative(source: str | None, srcdir: Path) -> str:
    if not source:
        return ""
    path = Path(source)
    try:
        return path.relative_to(srcdir).as_posix()
    except ValueError:
        return path.as_posix()


def record_path(doctreedir: str | os.PathLike, docname: str) -> Path:
    return Path(doctreedir) / RECORD_DIR / f"{docname}.json"


def record(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    srcdir = Path(app.srcdir)
    lines_of = SourceLines()
    blocks = []
    for node in doctree.findall(is_code):
        entry = {
            "source": relative(node.source, srcdir),
            "line": block_line(node, lines_of(node.source)),
            "node": node.tagname,
            "language": language(node),
            "text": node.astext(),
        }
        if node.get("not_run"):
            entry["not_run"] = node["not_run"]
        if isinstance(node, nodes.literal_block) and node.get("source"):
            entry["file"] = relative(node["source"], srcdir)  # literalinclude: the file shown
        blocks.append(entry)
    path = record_path(app.doctreedir, docname)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_text(json.dumps({"docname": docname, "blocks": blocks}, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def remove_stale_records(app: Sphinx, exception: Exception | None) -> None:
    """Forget the records of pages that no longer exist."""
    if exception is not None:
        return
    base = Path(app.doctreedir) / RECORD_DIR
    if not base.is_dir():
        return
    found = app.env.found_docs
    for path in base.rglob("*.json"):
        if path.relative_to(base).with_suffix("").as_posix() not in found:
            path.unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", label_not_run)
    app.connect("doctree-resolved", record)
    app.connect("build-finished", remove_stale_records)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
