"""Content cannot inject script, and external links open safely.

Pages are Markdown, and Markdown lets raw HTML through.  This extension looks
at every page when it is read and reports, as a warning with the file and line
(the strict build turns it into a failure):

- raw HTML with an element that runs or embeds other content: ``<script>``,
  ``<iframe>``, ``<frame>``, ``<object>``, ``<embed>``, ``<base>``;
- raw HTML with an event handler attribute (``onclick=``, ``onload=`` …) or a
  ``srcdoc=`` attribute;
- a ``javascript:``, ``vbscript:`` or ``data:`` URL, in a raw HTML attribute,
  a link or an image (Markdown itself refuses to make a link of most of them and
  shows ``[text](javascript:…)`` as text: that is reported too).

Every link that leaves the site (``http:``/``https:``) gets
``rel="noopener noreferrer"``: the page it opens cannot reach back into ours
through ``window.opener``, nor learn which page linked to it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

FORBIDDEN_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "base"}
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                  "srcset", "data", "cite", "ping"}
EXTERNAL_REL = "noopener noreferrer"
# Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")
# Markdown's parser leaves a link to such a URL as plain text: still a mistake worth naming.
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_TAG_FALLBACK = re.compile(r"<\s*/?\s*(" + "|".join(sorted(FORBIDDEN_TAGS)) + r")\b", re.IGNORECASE)


def unsafe_url(url: str) -> str | None:
    """The forbidden scheme ``url`` uses (``"javascript:"``), or None."""
    compact = _IGNORED_IN_SCHEME.sub("", url or "").lower()
    for scheme in FORBIDDEN_SCHEMES:
        if compact.startswith(scheme):
            return scheme
    return None


class _RawHTMLScanner(HTMLParser):
    """Collects (line, problem) for one raw HTML fragment; lines count from 1."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in FORBIDDEN_TAGS:
            self.problems.append((line, f"raw HTML <{tag}> is not allowed in content"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append((line, f"raw HTML event handler {name}= is not allowed in content"))
            elif name == "srcdoc":
                self.problems.append((line, "raw HTML srcdoc= is not allowed in content"))
            elif name in URL_ATTRIBUTES or name == "style":
                values = [value or ""]
                if name == "srcset":
                    values = [part.strip() for part in (value or "").split(",")]
                for v in values:
                    scheme = unsafe_url(v)
                    if scheme is None and name == "style" and re.search(r"url\(\s*['\"]?\s*(javascript|data):",
                                                                        v, re.IGNORECASE):
                        scheme = "javascript:/data:"
                    if scheme:
                        self.problems.append((line, f"raw HTML {name}= with a {scheme} URL is not allowed in content"))
                        break

    handle_startendtag = handle_starttag


def scan_raw_html(text: str) -> list[tuple[int, str]]:
    """Problems in one raw HTML fragment as (line within the fragment, message), in order."""
    scanner = _RawHTMLScanner()
    try:
        scanner.feed(text)
        scanner.close()
    except Exception:  # a fragment the parser cannot read is judged by the fallback below
        pass
    problems = scanner.problems
    # The parser skips tags it cannot make sense of ("<script/x>", "< script>"): look again.
    seen = {line for line, message in problems if message.startswith("raw HTML <")}
    for match in _TAG_FALLBACK.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line not in seen:
            problems.append((line, f"raw HTML <{match.group(1).lower()}> is not allowed in content"))
            seen.add(line)
    return sorted(set(problems))


def _warn(app: Sphinx, doctree: nodes.document, node: nodes.Node, message: str,
          line: int | None = None) -> None:
    source, node_line = get_source_line(node)  # the included file, for text from an {include}
    line = line or node_line
    source = source or doctree.get("source") or app.env.doc2path(app.env.docname)
    location = f"{source}:{line}" if line else node
    logger.warning("%s", message, location=location, type="content_safety", subtype="unsafe")


def content_start(node: nodes.raw) -> int:
    """The line of the file where a raw node's text begins.

    An HTML block is numbered from its own first line, but a ``{raw}`` directive
    from its opening fence, above its options and its text: the text's first
    line is looked for in the file from there.
    """
    source, line = get_source_line(node)
    line = line or 1
    first = next((text.strip() for text in node.astext().splitlines() if text.strip()), "")
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, TypeError, UnicodeDecodeError):
        return line
    for number in range(line, min(len(lines), line + 50) + 1):
        if lines[number - 1].strip() == first:
            return number
    return line


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: report raw HTML and URLs that could run script (one walk over the page)."""
    for node in doctree.findall():
        if isinstance(node, nodes.Text):
            parent = node.parent
            if isinstance(parent, (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment)):
                continue
            match = _MARKDOWN_LINK.search(node.astext())
            if match:
                scheme = match.group(1).lower() + ":"
                _warn(app, doctree, parent, f"link with a {scheme} URL is not allowed in content")
        elif isinstance(node, nodes.raw):
            if "html" not in node.get("format", "").split():
                continue
            problems = scan_raw_html(node.astext())
            if problems:
                start = content_start(node)
                for offset, message in problems:
                    _warn(app, doctree, node, message, start + offset - 1)
        elif isinstance(node, (nodes.reference, addnodes.pending_xref)):
            target = node.get("refuri" if isinstance(node, nodes.reference) else "reftarget", "")
            scheme = unsafe_url(target)
            if scheme:
                _warn(app, doctree, node, f"link with a {scheme} URL is not allowed in content: {target!r}")
        elif isinstance(node, nodes.image):
            scheme = unsafe_url(node.get("uri", ""))
            if scheme:
                _warn(app, doctree, node, f"image with a {scheme} URL is not allowed in content")


def is_external(uri: str) -> bool:
    return urlsplit(uri).scheme.lower() in ("http", "https") or uri.startswith("//")


class SafeExternalLinks(SphinxPostTransform):
    """Give every link that leaves the site rel="noopener noreferrer" (Sphinx writes node['rel'])."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.reference):
            uri = node.get("refuri", "")
            if node.get("internal") or not uri or not is_external(uri):
                continue
            words = (node.get("rel") or "").split()
            for word in EXTERNAL_REL.split():
                if word not in words:
                    words.append(word)
            node["rel"] = " ".join(words)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", check_doctree)
    app.add_post_transform(SafeExternalLinks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
