"""The parts of the home page that follow the rest of the site: the newest recipes, the latest meeting.

``{newest-recipes}`` (``:count:``, default 4) lists the cookbook's newest
recipes: ordered by the date of the commit that added each page (read from git
by ``page_context.py``), and without git, or for recipes added the same day, by
their place in the cookbook's reading order (later is newer).  Each shows its
title, where it lives (Hertz, Kitex …) and its lead.

``{latest-meeting}`` shows the newest meeting: its title and date, its agenda
(from the meeting records that ``meetings.py`` loads) and a link to every meeting.

Both are placeholders in the doctree, filled in when the page is written, from
what the whole build has read; so nothing is kept by hand, and when a recipe or
a meeting is added, changed or removed, the page that shows them is written
again in an incremental build (``env-updated``).
"""

from __future__ import annotations

import re
import unicodedata

from bilingual import site_lang
from docutils import nodes
from docutils.parsers.rst import directives
from page_context import doc_title
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

RECIPE = re.compile(r"^cookbook/(?!(?:.*/)?index$).+$")  # not an index, the cookbook's own included
WATCHED = re.compile(r"^(cookbook|meetings)/")
DESCRIPTION_LENGTH = 120
TOPICS = 4

TEXT = {
    "en": {"all_recipes": "All recipes", "all_meetings": "All meetings", "sep": " · "},
    "zh": {"all_recipes": "全部食谱", "all_meetings": "全部会议", "sep": " · "},
}


class newest_recipes(nodes.General, nodes.Element):
    """Replaced by the list of the newest recipes when the page is written."""


class latest_meeting(nodes.General, nodes.Element):
    """Replaced by the newest meeting when the page is written."""


class NewestRecipes(SphinxDirective):
    option_spec = {"count": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        self.env.metadata[self.env.docname]["site_shows_recipes"] = True
        return [newest_recipes(count=self.options.get("count", 4))]


class LatestMeeting(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.metadata[self.env.docname]["site_shows_recipes"] = True
        return [latest_meeting()]


def reading_order(env: BuildEnvironment, root: str) -> list[str]:
    order, seen = [], {root}

    def walk(doc: str) -> None:
        for child in env.toctree_includes.get(doc, ()):
            if child not in seen:
                seen.add(child)
                order.append(child)
                walk(child)

    walk(root)
    return order


def newest(app: Sphinx, count: int) -> list[str]:
    env = app.env
    order = reading_order(env, app.config.root_doc)
    place = {doc: i for i, doc in enumerate(order)}
    added = getattr(app, "site_git_added", {})
    recipes = [doc for doc in order if RECIPE.match(doc)]
    recipes.sort(key=lambda doc: (added.get(f"{doc}.md", ""), place[doc]), reverse=True)
    return recipes[:count]


def _link(app: Sphinx, fromdoc: str, todoc: str, text: str) -> nodes.reference:
    uri = app.builder.get_relative_uri(fromdoc, todoc)
    return nodes.reference("", text, internal=True, refuri=uri)


def _short(text: str) -> str:
    """At most DESCRIPTION_LENGTH columns, a Chinese character counting as two."""
    text = " ".join(text.split())
    width = 0
    for at, char in enumerate(text):
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width > DESCRIPTION_LENGTH:
            cut = text[:at]
            space = cut.rfind(" ")
            return (cut[:space] if space > at // 2 else cut).rstrip("，、；：,;: ") + "…"
    return text


def recipes_node(app: Sphinx, docname: str, count: int) -> nodes.Element:
    env, text = app.env, TEXT[site_lang(app)]
    items = nodes.bullet_list(classes=["home-list"])
    for doc in newest(app, count):
        parent = doc.rsplit("/", 1)[0] + "/index"
        head = nodes.paragraph(classes=["home-item"])
        head += _link(app, docname, doc, doc_title(env, doc))
        if parent in env.all_docs:
            head += nodes.inline("", doc_title(env, parent), classes=["where"])
        item = nodes.list_item("", head)
        description = env.metadata.get(doc, {}).get("description")
        if description:
            item += nodes.paragraph("", _short(str(description)), classes=["home-desc"])
        items += item
    more = nodes.paragraph(classes=["home-more"])
    more += _link(app, docname, "cookbook/index", text["all_recipes"])
    return nodes.container("", items, more, classes=["home-recipes"])


def meeting_node(app: Sphinx, docname: str) -> nodes.Element:
    env, lang = app.env, site_lang(app)
    text = TEXT[lang]
    box = nodes.container(classes=["home-meeting"])
    meetings = getattr(app, "site_meetings", [])  # in date order (page_context.py)
    if meetings:
        doc = meetings[-1]
        date = doc.rsplit("/", 1)[1]
        head = nodes.paragraph(classes=["home-item"])
        head += _link(app, docname, doc, doc_title(env, doc))
        head += nodes.inline("", date, classes=["where"])
        box += head
        records = getattr(app, "meeting_records", None)
        meeting = records.meeting(date, lang) if records is not None else None
        agenda = [item.topic for item in getattr(meeting, "agenda", [])][:TOPICS]
        if agenda:
            box += nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph("", t)) for t in agenda),
                                     classes=["home-topics"])
    if "meetings/index" in env.all_docs:
        more = nodes.paragraph(classes=["home-more"])
        more += _link(app, docname, "meetings/index", text["all_meetings"])
        box += more
    return box


def fill_in(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not hasattr(app.builder, "get_relative_uri"):
        return
    for node in list(doctree.findall(newest_recipes)):
        node.replace_self(recipes_node(app, docname, node["count"]))
    for node in list(doctree.findall(latest_meeting)):
        node.replace_self(meeting_node(app, docname))


def remember_changes(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    app.site_home_stale = any(WATCHED.match(doc) for doc in (*added, *changed, *removed))
    return []


def pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages showing recipes or meetings, when a recipe or meeting was read again or a recipe committed."""
    # page_context.py notes pages whose first commit changed: a recipe committed since the last build.
    committed = any(RECIPE.match(doc) for doc in getattr(app, "site_git_changed", ()))
    if not (getattr(app, "site_home_stale", False) or committed):
        return []
    return [doc for doc, meta in env.metadata.items() if meta.get("site_shows_recipes")]


def setup(app: Sphinx) -> dict:
    app.add_node(newest_recipes)
    app.add_node(latest_meeting)
    app.add_directive("newest-recipes", NewestRecipes)
    app.add_directive("latest-meeting", LatestMeeting)
    app.connect("env-get-outdated", remember_changes)
    app.connect("env-updated", pages_to_write)
    app.connect("doctree-resolved", fill_in)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
