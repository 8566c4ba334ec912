"""Incremental builds that give the same pages as a clean build.

Sphinx rewrites a page when its own source changes.  But a page also shows
other pages: the titles of its section, parents, siblings and neighbours
(``page_context.py`` and the theme), the entries of its toctrees, and the
titles of the pages it links to.  When a title changes or a page is added,
removed or moved, those pages go stale in an incremental build.

Before Sphinx reads the changed sources, this records every page's title and
place in the navigation; after reading, it compares and hands Sphinx the
pages whose navigation or links show something that changed, to be written
again (``env-updated`` may return docnames to write).  Pages are only
rewritten, not re-read, so the cost is the writing of the affected pages.

The search index goes stale too.  Sphinx keeps the index of the last build,
takes out the pages it writes again and feeds their new text; a word that only
the old text of those pages (or a removed page) held stays in the index with
no page, and is published as ``"word": []``, which a clean build does not
write.  Such words are dropped before the index is written.
"""

from __future__ import annotations

from docutils import nodes
from page_context import SECTIONS
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def navigation(env: BuildEnvironment) -> dict:
    """What of each page other pages can show: its title and its place."""
    return {
        "titles": {doc: title.astext() for doc, title in env.titles.items()},
        "relations": env.collect_relations(),
        "includes": {doc: tuple(children) for doc, children in env.toctree_includes.items()},
    }


def remember_navigation(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    # Emitted before Sphinx forgets removed pages and re-reads changed ones.
    app.site_navigation_before = navigation(env) if env.all_docs else None
    return []


def record_links(app: Sphinx, doctree: nodes.document) -> None:
    """The pages (or labels) this page links to, to find it when their titles change."""
    targets = set()
    for ref in doctree.findall(addnodes.pending_xref):
        target = ref.get("reftarget")
        if not target:
            continue
        if ref.get("refdomain") == "doc" or ref.get("reftype") == "doc":
            targets.add(("doc", target))
        elif ref.get("refdomain") == "std" or ref.get("reftype") == "myst":
            targets.add(("label", target.lower()))
    app.env.site_links[app.env.docname] = targets


def init_env(app: Sphinx, env: BuildEnvironment, docnames) -> None:
    if not hasattr(env, "site_links"):
        env.site_links = {}


def purge_links(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "site_links", {}).pop(docname, None)


def merge_links(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    for docname in docnames:
        env.site_links[docname] = other.site_links.get(docname, set())


def _ancestors(relations: dict, doc: str) -> list[str]:
    found, parent = [], relations.get(doc, [None])[0]
    while parent and parent not in found:
        found.append(parent)
        parent = relations.get(parent, [None])[0]
    return found


def affected_pages(before: dict, after: dict, links: dict, labels: dict) -> set[str]:
    """Pages whose HTML shows a title or a navigation entry that differs between the two states."""
    docs = set(after["titles"])
    old_titles, new_titles = before["titles"], after["titles"]
    changed = {d for d in old_titles.keys() | new_titles.keys() if old_titles.get(d) != new_titles.get(d)}
    old_rel, new_rel = before["relations"], after["relations"]
    old_inc, new_inc = before["includes"], after["includes"]
    reordered = {p for p in old_inc.keys() | new_inc.keys() if old_inc.get(p) != new_inc.get(p)}
    if not changed and not reordered and old_rel == new_rel:
        return set()
    if changed & set(SECTIONS):
        return docs  # the section titles are in every page's header

    affected = set()
    for doc in docs:
        relation = new_rel.get(doc, [None, None, None])
        if relation != old_rel.get(doc, [None, None, None]):
            affected.add(doc)  # its parent, previous or next page moved
        elif changed & set(relation):
            affected.add(doc)  # parent, previous or next page has a new title
        parents = _ancestors(new_rel, doc)
        if changed & set(parents):
            affected.add(doc)  # breadcrumbs
        parent = parents[0] if parents else None
        if parent in reordered or (parent and changed & set(new_inc.get(parent, ()))):
            affected.add(doc)  # the list of pages in its section
        if changed & set(new_inc.get(doc, ())) or doc in reordered:
            affected.add(doc)  # its own toctree
    for doc in changed:
        affected.update(p for p in _ancestors(new_rel, doc) if p in docs)  # deeper toctrees

    for doc, targets in links.items():
        for kind, target in targets:
            linked = target if kind == "doc" else labels.get(target)
            if linked in changed:
                affected.add(doc)
                break
    return affected & docs


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    before = getattr(app, "site_navigation_before", None)
    if before is None:
        return []  # a clean build writes everything anyway
    std = env.domains.standard_domain
    labels = {name: value[0] for name, value in std.anonlabels.items()}
    pages = sorted(affected_pages(before, navigation(env), getattr(env, "site_links", {}), labels))
    if pages:
        logger.info("[incremental] rewriting %d page(s) whose navigation or links changed", len(pages))
    return pages


# The word tables of sphinx.search.IndexBuilder (Sphinx 9.0): word -> set of docnames.
_WORD_TABLES = ("_mapping", "_title_mapping")


def drop_words_of_no_page(app: Sphinx) -> list:
    """Before the search index is written (``html-collect-pages`` comes first): drop every word
    that no page of the site holds any more."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    tables = [getattr(indexer, name, None) for name in _WORD_TABLES]
    if not all(isinstance(table, dict) for table in tables):
        logger.warning("[incremental] sphinx.search.IndexBuilder has no word tables %s: words no page "
                       "holds any more stay in the search index", ", ".join(_WORD_TABLES))
        return []
    pages = set(app.env.all_docs)
    for table in tables:
        for word in [word for word, docs in table.items() if docs.isdisjoint(pages)]:
            del table[word]
    return []


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", remember_navigation)
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge_links)
    app.connect("env-merge-info", merge_links)
    app.connect("doctree-read", record_links)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("html-collect-pages", drop_words_of_no_page)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
