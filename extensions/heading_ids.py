"""Section anchors that mean something in every language: ``#中间件的顺序``, not ``#id3``.

docutils makes a section's id from its title in ASCII; a title without Latin
letters (most Chinese headings) gets a serial id, ``id1``, ``id2`` …, which
says nothing, and changes whenever a heading is added above it, and a title
with a few Latin letters keeps only those (``CI 检查什么`` becomes ``ci``).
MyST already computes a slug of each heading that keeps CJK characters
(``myst_heading_anchors``) and adds it as a second id; this transform makes that
slug the section's first id — the one the permalink, the on-page contents, the
search index and cross-references use — instead of every serial id, and of
the id docutils made from the Latin letters of a heading with Chinese
characters (an id the author gave with ``(label)=`` stays first).
The id docutils made stays on the section as a second id, so links written
before still land.

A slug depends only on its heading's text (and, for repeated headings, on how
many came before with the same text), so anchors stay the same from build to
build.  Runs after MyST added the slugs (priority 700) and before Sphinx and
MyST record labels and resolve ``[text](#slug)`` links (879).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

SERIAL = re.compile(r"^id\d+$")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class MeaningfulSectionIds(SphinxTransform):
    default_priority = 750

    def apply(self, **kwargs) -> None:
        slugs = getattr(self.document, "myst_slugs", None)
        for section in self.document.findall(nodes.section):
            ids, slug = section["ids"], section.get("slug")
            if not ids or not slug or slug not in ids or ids[0] == slug:
                continue
            title = section[0].astext() if len(section) and isinstance(section[0], nodes.title) else ""
            lossy = ids[0] == nodes.make_id(title) and CJK.search(title)  # "ci" for "CI 检查什么"
            if not (SERIAL.match(ids[0]) or lossy):
                continue
            serial = ids[0]
            ids.remove(slug)
            ids.insert(0, slug)
            if slugs and slug in slugs and slugs[slug][1] == serial:
                line, _, text = slugs[slug]
                slugs[slug] = (line, slug, text)  # what [text](#slug) links resolve to


def setup(app: Sphinx) -> dict:
    app.add_transform(MeaningfulSectionIds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
