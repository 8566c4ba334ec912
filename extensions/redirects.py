"""Moved pages keep working: ``redirects.yaml`` maps old docnames to new ones.

For every entry each language build writes ``old.html``, a tiny page that
sends the reader to the new page (meta refresh, canonical link and a plain
link).  A target that is not a page of the site fails the build with the
line of the entry.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

logger = logging.getLogger(__name__)

REDIRECTS_FILE = "redirects.yaml"

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{canonical}">
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""
MOVED = {"en": "This page has moved", "zh": "本页已移动"}


def load_redirects(path: Path) -> list[tuple[str, str, int]]:
    """Read (old, new, line) entries; report malformed ones with their line."""
    if not path.is_file():
        return []
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        logger.warning(f"not valid YAML: {problem}", location=f"{path}:{mark.line + 1 if mark else 1}")
        return []
    except UnicodeDecodeError:
        logger.warning("the file is not UTF-8 text; save it as UTF-8", location=f"{path}:1")
        return []
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        logger.warning("must map old page paths to new page paths", location=f"{path}:1")
        return []
    entries = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(value, yaml.ScalarNode) or not value.value:
            logger.warning(f"{key.value}: the new page path must be a string", location=f"{path}:{line}")
            continue
        entries.append((key.value.removesuffix(".html"), value.value.removesuffix(".html"), line))
    return entries


def check_redirects(app: Sphinx, env) -> None:
    path = Path(app.srcdir) / REDIRECTS_FILE
    for old, new, line in load_redirects(path):
        target = new.split("#", 1)[0]
        if target not in env.found_docs:
            logger.warning(
                f"{old}: redirect target '{new}' is not a page of the site (use a docname such as 'docs/index')",
                location=f"{path}:{line}",
            )
        elif old in env.found_docs:
            logger.warning(
                f"{old}: a page still exists at the old path; remove the redirect or the page",
                location=f"{path}:{line}",
            )


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from bilingual import site_lang
    from page_files import keep_page, unshare

    lang = site_lang(app)
    for old, new, _line in load_redirects(Path(app.srcdir) / REDIRECTS_FILE):
        docname, _, anchor = new.partition("#")
        target = relative_uri(f"{old}.html", f"{docname}.html") + (f"#{anchor}" if anchor else "")
        out = Path(app.outdir) / f"{old}.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        unshare(out)  # published by link: see page_files.py
        keep_page(app, old)
        out.write_text(
            PAGE.format(
                lang="zh-CN" if lang == "zh" else "en",
                title=MOVED[lang],
                target=escape(target),
                canonical=escape(f"{app.config.html_baseurl}{lang}/{docname}.html"),
            ),
            encoding="utf-8",
        )


def setup(app: Sphinx) -> dict:
    app.connect("env-check-consistency", check_redirects)
    app.connect("build-finished", write_redirects)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
