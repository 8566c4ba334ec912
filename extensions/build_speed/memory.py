"""Doctrees and syntax trees freed by their reference counts instead of the cyclic collector.

Every doctree is a web of reference cycles, which only Python's cyclic
garbage collector frees, after walking it several times: at 1,000 pages that
was about a seventh of the writing time, and it grew per page with the site.
A doctree that Sphinx just pickled (a reading worker) or unpickled (writing)
has its downward links cut once it is done with, so its nodes are freed by
their reference counts; and a writing worker, whose chunk of pages ends with
the process, does not collect at all (``parallel.py``).  MyST's markdown-it
syntax trees (their nodes point to their parents too) are cut up once their
page is rendered: reading a page now leaves about 140 objects to the collector
instead of 420.
"""

from __future__ import annotations

import inspect

from docutils import nodes

from .shortcut import DOCUTILS, MARKDOWN_IT, MYST, SPHINX, Shortcut, any_version, replace_once

# What a dismantled document keeps: nothing of it leads back to its nodes (its
# reporter may, through the observers that transforms attach to it).
_DOCUMENT_KEPT = frozenset({"attributes", "settings", "current_source", "current_line", "source", "line"})


def _dismantle(doctree: nodes.document) -> None:
    """Cut the downward links of a doctree that nothing else refers to.

    A doctree is a web of reference cycles (each node points to its children
    and back to its parent; the document holds nodes by id and name), so it is
    freed only by the cyclic garbage collector, which walks it several times
    first: at 1,000 pages that was about a seventh of the writing time, and
    more per page as the site grows.  Without the downward links, the nodes
    are freed at once by their reference counts.  Each node keeps its parent,
    source and line, so that a warning about it, whose location Sphinx works
    out when the warning is shown, still names its file and line.
    """
    stack: list = [doctree]
    while stack:
        children = stack.pop().__dict__.get("children")
        if children:
            stack.extend(children)
            children.clear()
    state = doctree.__dict__
    for key in [key for key in state if key not in _DOCUMENT_KEPT]:
        del state[key]


def _patch_free_doctrees() -> bool:
    # Only doctrees that Sphinx itself just unpickled (writing) or pickled
    # (reading in a worker) are dismantled: nothing else holds their nodes.
    # A doctree Sphinx keeps from a serial read to write it later may share
    # nodes with what extensions stored while reading, and is left alone.
    from sphinx import builders
    from sphinx.builders import Builder

    def dismantling_after_write(original):
        def _write_docname(docname, /, *, env, builder, tags):
            unpickled = docname not in env._write_doc_doctree_cache
            builder.phase = builders.BuildPhase.RESOLVING
            doctree = env.get_and_resolve_doctree(docname, builder=builder, tags=tags)
            builder.phase = builders.BuildPhase.WRITING
            builder.write_doc_serialized(docname, doctree)
            builder.write_doc(docname, doctree)
            if unpickled:
                _dismantle(doctree)

        return _write_docname

    def dismantling_after_pickle(original):
        def write_doctree(self, docname, doctree, *, _cache=True):
            original(self, docname, doctree, _cache=_cache)
            if not _cache:  # a worker's doctree: written to disk, not kept for the write phase
                _dismantle(doctree)

        return write_doctree

    return (replace_once(builders, "_write_docname", any_version, dismantling_after_write)
            and replace_once(Builder, "write_doctree", any_version, dismantling_after_pickle))


def _cut_syntax_trees(roots: list) -> None:
    """Empty the children of every node under ``roots``: each node is then freed by its reference count."""
    stack = list(roots)
    while stack:
        children = stack.pop()._children
        stack.extend(children)
        children.clear()


def _patch_myst_syntax_trees() -> bool:
    # MyST renders each page through markdown-it's SyntaxTreeNode tree, whose
    # nodes point to their parents: cyclic garbage again, about three quarters
    # of what reading a page leaves to the collector.  The trees made while a
    # page renders are cut up once the page is rendered.
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.mdit_to_docutils import base

    if base.SyntaxTreeNode is not SyntaxTreeNode and getattr(base.SyntaxTreeNode, "made", None) is None:
        return False  # someone else's replacement
    if base.SyntaxTreeNode is SyntaxTreeNode:
        class RecordedSyntaxTreeNode(SyntaxTreeNode):
            # The roots made during renders, in order; None marks where a render
            # began, and a tree made outside any render is not recorded.
            made: list = []

            def __init__(self, tokens=(), *, create_root=True):
                super().__init__(tokens, create_root=create_root)
                if create_root and self.made:
                    self.made.append(self)

        base.SyntaxTreeNode = RecordedSyntaxTreeNode
    made = base.SyntaxTreeNode.made

    def cutting_after_render(render):
        def render_then_cut(self, *args, **kwargs):
            start = len(made)
            made.append(None)
            try:
                return render(self, *args, **kwargs)
            finally:
                roots = [root for root in made[start + 1:] if root is not None]
                del made[start:]
                _cut_syntax_trees(roots)

        return render_then_cut

    return replace_once(base.DocutilsRenderer, "render",
                         lambda render: list(inspect.signature(render).parameters) == ["self", "tokens", "options", "md_env"],
                         cutting_after_render)


SHORTCUTS = (
    Shortcut("free-doctrees", lambda app: _patch_free_doctrees(),
             "sphinx.builders._write_docname and sphinx.builders.Builder.write_doctree", {**SPHINX, **DOCUTILS}),
    Shortcut("myst-trees", lambda app: _patch_myst_syntax_trees(),
             "myst_parser.mdit_to_docutils.base.DocutilsRenderer.render (and its SyntaxTreeNode)",
             {**MYST, **MARKDOWN_IT}),
)
