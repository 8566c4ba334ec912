"""Code blocks as Sphinx renders them: labelled when not run, and recorded for the proof.

When a page is read (``doctree-read``), every node that renders as code is noted with its
source file and line: literal blocks (fences, ``code-block``, ``literalinclude``, ``{include}``
with ``:code:``, code in ``{eval-rst}`` or in a substitution), doctest blocks, and raw HTML that
holds a ``<pre>``; code inside an ``only`` that the builder leaves out is not.  A fenced block
whose info string says ``not-runnable="reason"`` also gets a caption above it, "Not run: reason"
("未运行：reason" in Chinese), so that readers see why CI did not run it; it uses Sphinx's own
code-caption classes, which the theme already styles.

The notes live in the build environment (kept for unchanged pages, like their doctrees), and
at the end of the build they are written to ``<doctreedir>/code-blocks.json``, whole or not at
all, and only when they changed.  ``tools/codeproof`` reconciles them with what the proof ran:
a rendered block it did not account for fails ``make test``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from bilingual import site_lang
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from tools.codeproof.blocks import fence_settings

RECORD = "code-blocks.json"
LABEL = {"en": "Not run: {reason}", "zh": "未运行：{reason}"}
# Raw HTML that a browser shows as preformatted code.
RAW_CODE = re.compile(r"<(pre|xmp|listing|plaintext)\b", re.I)
# The opening line of a fence or directive, also inside block quotes and lists.
_OPENER = re.compile(r"^[\s>]*(?:[-*+]\s+|\d+[.)]\s+)?(`{3,}|~{3,}|:{3,})\s*(\S*)(.*)$")


def is_code(node: nodes.Node) -> bool:
    """Whether a reader sees ``node`` as a block of code."""
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


def substitution_line(node: nodes.Node, lines: list[str]) -> int | None:
    """The line myst-parser gives a block, or the ``{{ name }}`` line above it for a substitution's code."""
    line = node.line
    if line and 2 <= line <= len(lines) and not lines[line - 1].strip() and "{{" in lines[line - 2]:
        return line - 1
    return line


def label(node: nodes.literal_block, reason: str, text: str) -> None:
    """Put a caption with ``text`` above ``node``."""
    node["not_run"] = reason
    # Sphinx's code-caption classes, which the theme styles; not a caption node, which
    # Sphinx would number and give an anchor.
    inline = nodes.inline("", text, classes=["caption-text"])
    caption = nodes.container("", inline, classes=["code-block-caption", "not-run"])
    wrapper = nodes.container("", classes=["literal-block-wrapper", "not-run"])
    for made in (caption, wrapper):
        made.source, made.line = node.source, node.line
    node.replace_self(wrapper)
    wrapper += caption
    wrapper += node


def left_out(node: nodes.Node, tags) -> bool:
    """Inside an ``only`` whose condition the builder's tags do not meet."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only) and not tags.eval_condition(parent["expr"]):
            return True
        parent = parent.parent
    return False


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


def note_code(app: Sphinx, doctree: nodes.document) -> None:
    srcdir, lines_of = Path(app.srcdir), SourceLines()
    caption = LABEL[site_lang(app)]
    found = []
    for node in list(doctree.findall(nodes.FixedTextElement)):
        if not is_code(node) or left_out(node, app.builder.tags):
            continue
        lines = lines_of(node.source)
        line = fence_line(node, lines)
        entry = {
            "source": relative(node.source, srcdir),
            "line": line if line is not None else substitution_line(node, lines),
            "node": node.tagname,
            "language": language(node),
            "text": node.astext(),
        }
        if line is not None:
            reason = fence_settings(_OPENER.match(lines[line - 1]).group(3)).get("not-runnable", "").strip()
            if reason:
                entry["not_run"] = reason
                label(node, reason, caption.format(reason=reason))
        if isinstance(node, nodes.literal_block) and node.get("source"):
            entry["file"] = relative(node["source"], srcdir)  # literalinclude: the file shown
        found.append(entry)
    app.env.site_code_blocks[app.env.docname] = found


def unnoted(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Pages whose code has not been noted (an environment from before this extension): read them again."""
    notes = getattr(env, "site_code_blocks", {})
    return sorted(d for d in env.found_docs if d not in notes and d not in added and d not in changed)


def init_env(app: Sphinx, env: BuildEnvironment, docnames) -> None:
    if not hasattr(env, "site_code_blocks"):
        env.site_code_blocks = {}


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "site_code_blocks", {}).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    for docname in docnames:
        env.site_code_blocks[docname] = other.site_code_blocks.get(docname, [])


def write_record(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    notes = getattr(app.env, "site_code_blocks", {})
    data = json.dumps({d: notes[d] for d in sorted(notes) if d in app.env.found_docs}, ensure_ascii=False)
    path = Path(app.doctreedir) / RECORD
    try:
        if path.read_text(encoding="utf-8") == data:
            return
    except OSError:
        pass
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_text(data, encoding="utf-8")
    os.replace(partial, path)


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", unnoted)
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-read", note_code)
    app.connect("build-finished", write_record)
    return {"version": "1.0", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
