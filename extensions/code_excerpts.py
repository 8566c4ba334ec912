"""Excerpts of program files shown without the indentation they have inside the file.

A ``literalinclude`` of the lines inside a function (``:start-after: // [name]``)
shows them indented as in the file unless the page adds ``:dedent:``; many pages
did not, and a reader saw every line start one tab in, and copied it so.  Here
an included excerpt whose lines all share leading whitespace loses it, as
``:dedent:`` would do: on screen and in what the copy button copies, the same
code, flush left.  Blocks written on the page itself (``code-block``, fences)
are left as written.
"""

from __future__ import annotations

import textwrap

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


class DedentExcerpts(SphinxTransform):
    default_priority = 500

    def apply(self, **kwargs) -> None:
        for block in self.document.findall(nodes.literal_block):
            if "source" not in block:  # only literalinclude names the file it shows
                continue
            text = block.astext()
            flush = textwrap.dedent(text)
            if flush != text:
                block.children[:] = [nodes.Text(flush)]
                block.rawsource = flush


def setup(app: Sphinx) -> dict:
    app.add_transform(DedentExcerpts)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
