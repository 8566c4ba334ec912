"""Render the Graphviz diagrams of the site at build time.

Every ``demos/images/*.dot`` is turned into ``demos/images/*.svg`` (beside
it, gitignored) with ``dot -Tsvg`` when the builder starts, so pages can
show the SVG with an ordinary image or figure directive.  A diagram is
rendered again only when its ``.dot`` is newer than its ``.svg``.  Nothing
is fetched from a network service: only the local ``dot`` program runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

DIAGRAM_DIRS = ("demos/images",)


def needs_render(source: Path, target: Path) -> bool:
    return not target.exists() or source.stat().st_mtime > target.stat().st_mtime


def render(source: Path, target: Path, dot: str | None) -> None:
    if dot is None:
        raise ExtensionError(
            f"cannot render {source}: the Graphviz program 'dot' is not installed "
            "(Debian/Ubuntu: apt-get install graphviz)"
        )
    # The English and Chinese builds run at the same time and may both render a diagram:
    # each writes its own temporary file and moves it into place atomically.
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    result = subprocess.run(
        [dot, "-Tsvg", "-o", str(tmp), str(source)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        tmp.unlink(missing_ok=True)
        raise ExtensionError(f"dot failed on {source}:\n{result.stderr.strip()}")
    tmp.replace(target)


def render_all(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    dot = shutil.which("dot")
    for folder in DIAGRAM_DIRS:
        for source in sorted((srcdir / folder).glob("*.dot")):
            target = source.with_suffix(".svg")
            if needs_render(source, target):
                render(source, target, dot)
                logger.info("rendered %s", target.relative_to(srcdir))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", render_all)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
