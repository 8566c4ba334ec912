"""The ``trace-waterfall`` directive: a figure of traces drawn from a trace file at build time.

::

    :::{trace-waterfall} images/lanes-trace.json
    :titles: A request in the lane | A request outside it
    :alt: Two traces of the demo, span by span.

    Caption.
    :::

The file is what a demo run wrote (the traffic-lanes driver's ``-trace-out``);
``tools/waterfall.py`` draws it, inline in the page, so that the picture takes
the page's text colour and the theme's colours for light and dark mode.  The
page is read again when the file changes.  A file that is missing or does
not hold traces is reported with the page's file and line.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from tools import waterfall
from tools.waterfall import TraceError, load, svg


class TraceWaterfall(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {"titles": directives.unchanged, "alt": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        relative, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(relative)
        self.env.note_dependency(waterfall.__file__)  # a change to the drawing redraws the page
        try:
            traces = load(Path(path))
        except TraceError as error:
            return [self.state.document.reporter.error(f"trace-waterfall: {error}", line=self.lineno)]
        titles = [t.strip() for t in self.options.get("titles", "").split("|") if t.strip()]
        alt = self.options.get("alt") or " / ".join(titles) or "trace waterfall"
        figure = nodes.figure(classes=["cw-waterfall-figure"])
        figure += nodes.raw("", svg(traces, titles, alt), format="html")
        if self.content:
            caption = nodes.caption()
            self.state.nested_parse(self.content, self.content_offset, caption)
            if caption.children and isinstance(caption[0], nodes.paragraph):
                caption.children = caption[0].children
            figure += caption
        self.set_source_info(figure)
        return [figure]


def setup(app: Sphinx) -> dict:
    app.add_directive("trace-waterfall", TraceWaterfall)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
