"""The whole site's navigation, written once per build into one file per language.

Rendering the whole toctree into every page makes a build quadratic in the
number of pages (``/work/shared/notes/build-performance.md``: furo took 19 s
for 200 pages and 481 s for 1,000).  Here every page keeps its own bounded
section list (``page_context.py``) as the navigation readers get without
JavaScript, and at the end of the build the tree of every page reachable from
the root document's toctrees — titles and links in reading order — is written
once, to ``_static/navigation.json``.  The theme's ``site.js`` fetches it (one
URL for every page of a language, so the browser caches it) and shows it in
place of the section list, with the current page open and highlighted.

A page's size and the time to write it do not depend on the number of pages;
the file is written in one pass over the tree, and only when it changed.

The file: ``{"tree": [[title, link, [children…]], …]}``, links relative to
the language's root folder, children left out when there are none.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

FILE = "_static/navigation.json"


def tree(env: BuildEnvironment, target_uri, root: str) -> list:
    """Every page reachable from ``root``'s toctrees, once each, in reading order."""
    seen = {root}

    def children(doc: str) -> list:
        found = []
        for child in env.toctree_includes.get(doc, ()):
            if child in seen or child not in env.all_docs:
                continue
            seen.add(child)
            title = env.titles.get(child)
            entry = [title.astext() if title is not None else child, target_uri(child)]
            below = children(child)
            if below:
                entry.append(below)
            found.append(entry)
        return found

    return children(root)


def write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(partial, 0o644)
        os.replace(partial, path)  # whole or not at all
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def write_navigation(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or builder.format != "html" or not hasattr(builder, "get_target_uri"):
        return
    data = {"tree": tree(app.env, builder.get_target_uri, app.config.root_doc)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    write_if_changed(Path(builder.outdir) / FILE, text)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", write_navigation)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
