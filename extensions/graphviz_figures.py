"""Draw the Graphviz diagrams of the site at build time, with the pinned Graphviz.

Every ``demos/images/*.dot`` is turned into ``demos/images/*.svg`` (beside
it, gitignored) when the builder starts, so pages show the SVG with an
ordinary image or figure directive.  The drawing is done by ``dot2svg``
(``tools/graphviz.py``): Graphviz compiled to WebAssembly, pinned in
``tools/go/go.mod`` and run with ``go tool``, which builds it once and keeps
the program in Go's build cache.  No Graphviz needs to be installed, nothing
is fetched at build time but the pinned modules, and every machine draws
the same picture.

A diagram is drawn again only when its source, the renderer's pins or its
program changed: the SVG records a hash of them.  The English and Chinese
builds start at the same time; a lock lets one of them draw while the other
waits and then finds the pictures current.

On a page, a diagram links to its own file, so that a reader on a phone can
tap it to see it at full size; and it is marked ``diagram`` for the theme,
which turns its colours around in dark mode (black labels and arrows become
light, tinted boxes dark).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from tools import graphviz

logger = logging.getLogger(__name__)

DIAGRAM_DIRS = ("demos/images",)
# What a picture depends on besides its source: the pinned modules and the program.
RENDERER_FILES = ("go.sum", "dot2svg/main.go")
DRAWING_VERSION = b"2"  # changes what is drawn here (fit_text): draw every diagram again
_KEY = re.compile(r"<!-- dot2svg ([0-9a-f]{64}) -->")

# Graphviz sizes each box from built-in widths of Helvetica (Arial) and Times; a reader's
# browser may draw the text in a wider face (DejaVu, the usual fallback on Linux, is about a
# tenth wider), and labels then spill out of their boxes.  Text is drawn at nine tenths of the
# size it was laid out for, in a face with those widths where the reader has one.
TEXT_SCALE = 0.9
_FONT_SIZE = re.compile(r'font-size="([0-9.]+)"')
FACES = {
    'font-family="Helvetica,sans-Serif"': 'font-family="Helvetica,Arial,Liberation Sans,Arimo,sans-serif"',
    'font-family="Times,serif"': 'font-family="Times New Roman,Times,Liberation Serif,Tinos,serif"',
}


def fit_text(svg: str) -> str:
    """The SVG with its text a little smaller than laid out, in faces that fit Graphviz's measures."""
    for laid_out, drawn in FACES.items():
        svg = svg.replace(laid_out, drawn)
    return _FONT_SIZE.sub(lambda m: f'font-size="{float(m.group(1)) * TEXT_SCALE:.2f}"', svg)


def renderer_key() -> bytes:
    digest = hashlib.sha256(DRAWING_VERSION)
    for name in RENDERER_FILES:
        digest.update((graphviz.MODULE / name).read_bytes())
    return digest.digest()


def source_key(source: Path, renderer: bytes) -> str:
    return hashlib.sha256(renderer + source.read_bytes()).hexdigest()


def recorded_key(target: Path) -> str | None:
    try:
        with open(target, encoding="utf-8") as file:
            head = file.read(400)
    except (OSError, UnicodeDecodeError):
        return None
    match = _KEY.search(head)
    return match.group(1) if match else None


def stale(sources: list[Path], renderer: bytes) -> list[tuple[Path, Path, str]]:
    """(source, target, key) of every diagram whose SVG is missing or was drawn from other inputs."""
    found = []
    for source in sources:
        target = source.with_suffix(".svg")
        key = source_key(source, renderer)
        if recorded_key(target) != key:
            found.append((source, target, key))
    return found


def draw(jobs: list[tuple[Path, Path, str]]) -> None:
    """Draw each (source, target, key); raise graphviz.GraphvizError on the first failure."""
    with tempfile.TemporaryDirectory(prefix="dot2svg-") as tmp:
        drawn = [Path(tmp) / f"{i}.svg" for i in range(len(jobs))]
        graphviz.draw_files([(source, out) for (source, _, _), out in zip(jobs, drawn, strict=True)])
        for (_source, target, key), out in zip(jobs, drawn, strict=True):
            svg = fit_text(out.read_text(encoding="utf-8"))
            # The key goes after the XML declaration, which must stay the first thing in the file.
            declaration, newline, rest = svg.partition("\n")
            partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            partial.write_text(f"{declaration}{newline}<!-- dot2svg {key} -->\n{rest}", encoding="utf-8")
            partial.replace(target)


@contextmanager
def _locked(folder: Path):
    with open(folder / ".dot2svg.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def render_all(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    renderer = renderer_key()
    for folder in DIAGRAM_DIRS:
        sources = sorted((srcdir / folder).glob("*.dot"))
        if not sources or not stale(sources, renderer):
            continue
        with _locked(srcdir / folder):
            jobs = stale(sources, renderer)  # the other language's build may have drawn them meanwhile
            if not jobs:
                continue
            try:
                draw(jobs)
            except graphviz.GraphvizError as error:
                source = error.source or jobs[0][0]
                location = f"{source}:{error.line or 1}"  # a bare path would be taken for a docname
                logger.warning(f"cannot draw the diagram: {error}", location=location,
                               type="graphviz_figures", subtype="render")
                continue
            for _source, target, _key in jobs:
                logger.info("drew %s", target.relative_to(srcdir))


def is_diagram(srcdir: Path, uri: str) -> bool:
    path = (srcdir / uri)
    return path.suffix == ".svg" and path.with_suffix(".dot").is_file() and any(
        path.parent == srcdir / folder for folder in DIAGRAM_DIRS)


class LinkDiagramsToTheirFiles(SphinxPostTransform):
    """A diagram opens at full size when tapped; the theme styles it for dark mode."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs) -> None:
        srcdir = Path(self.app.srcdir)
        images = self.env.images
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if uri not in images or not is_diagram(srcdir, uri):
                continue
            image["classes"].append("diagram")
            if isinstance(image.parent, nodes.reference):
                continue
            # Where the HTML builder copies the file: _images/<the unique name it gave it>.
            target = relative_uri(self.app.builder.get_target_uri(self.env.docname), "_images")
            reference = nodes.reference("", "", refuri=f"{target}/{images[uri][1]}", internal=True,
                                        classes=["diagram-link"])
            image.replace_self(reference)
            reference.append(image)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", render_all)
    app.add_post_transform(LinkDiagramsToTheirFiles)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
