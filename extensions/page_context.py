"""What every page's template needs beyond Sphinx's own context.

Everything here costs a constant amount per page (no whole-site navigation is
rendered into pages; ``site_navigation.py`` writes it once per build): the
language switcher and hreflang links, OpenGraph tags and the description (the
page's lead, not the versions note every page shares), "edit this page" and
last-updated-from-git, the top sections, the breadcrumbs and a bounded list of
sibling pages, previous/next in reading order (for meetings: previous is the
older meeting), and the translation notices.
"""

from __future__ import annotations

import re
import subprocess
from html import escape, unescape
from pathlib import Path

from bilingual import HTML_LANG, LABELS, other_lang, site_lang
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

MEETING = re.compile(r"^meetings/\d{4}-\d{2}-\d{2}$")
SECTIONS = ("docs/index", "cookbook/index", "meetings/index", "demos/index", "contributing/index")
MAX_SIBLINGS = 30  # larger sections show a window around the current page
DESCRIPTION_LENGTH = 200
_TAG = re.compile(r"<[^>]+>")

STRINGS = {
    "en": {
        "skip": "Skip to content",
        "menu": "Menu",
        "search": "Search",
        "search_placeholder": "Search the site",
        "on_this_page": "On this page",
        "edit": "Edit this page",
        "last_updated": "Last updated",
        "previous": "Previous",
        "next": "Next",
        "theme_toggle": "Toggle dark mode",
        "copy": "Copy",
        "copied": "Copied",
        "language": "Language",
        "sections": "Sections",
        "site_nav": "Site",
        "close_menu": "Close the menu",
        "brand_sub": "Community",
        "pages_in": "Pages in {}",
        "stale": "This translation was written for an earlier version of the {other} page, "
        "which has changed since. Read the <a href=\"{url}\" hreflang=\"{hreflang}\">{other} page</a> "
        "for the current text.",
        "untranslated": "This page has not been translated into English yet; it shows the "
        "<a href=\"{url}\" hreflang=\"{hreflang}\">{other} page</a>.",
    },
    "zh": {
        "skip": "跳到正文",
        "menu": "菜单",
        "search": "搜索",
        "search_placeholder": "搜索本站",
        "on_this_page": "本页内容",
        "edit": "编辑此页",
        "last_updated": "最后更新",
        "previous": "上一页",
        "next": "下一页",
        "theme_toggle": "切换深色模式",
        "copy": "复制",
        "copied": "已复制",
        "language": "语言",
        "sections": "栏目",
        "site_nav": "全站",
        "close_menu": "关闭菜单",
        "brand_sub": "社区",
        "pages_in": "下级页面：{}",
        "tabs": "选项卡",
        "stale": "本页译自{other}页面的早期版本，原文此后已有改动。最新内容请阅读"
        "<a href=\"{url}\" hreflang=\"{hreflang}\">{other}页面</a>。",
        "untranslated": "本页尚未译成中文，下面显示的是<a href=\"{url}\" hreflang=\"{hreflang}\">{other}页面</a>的内容。",
    },
}
LANG_NAMES = {"en": {"en": "English", "zh": "Chinese"}, "zh": {"en": "英文", "zh": "中文"}}
OG_LOCALE = {"en": "en_US", "zh": "zh_CN"}


def read_git_dates(app: Sphinx) -> None:
    """Last and first commit date of every tracked file, from one ``git log`` pass."""
    dates: dict[str, str] = {}
    added: dict[str, str] = {}
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."],
            cwd=app.srcdir, capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""  # not a git checkout: pages show no date
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line:
            dates.setdefault(line, date)
            added[line] = date  # newest first: the last date seen is the file's first commit
    app.site_git_dates = dates
    app.site_git_added = added


def source_relpath(app: Sphinx, docname: str) -> str | None:
    """The page's source file in this build's language, relative to the source folder."""
    page = getattr(app, "site_pages", {}).get(docname)
    source = page.paths.get(site_lang(app)) if page else None
    return Path(source).relative_to(app.srcdir).as_posix() if source is not None else None


def git_dates_of(app: Sphinx, docname: str) -> tuple[str, str]:
    """What a page shows from git: its last-updated date, and its first commit (the home page's order)."""
    relpath = source_relpath(app, docname)
    last = getattr(app, "site_git_dates", {}).get(relpath, "") if relpath else ""
    return last, getattr(app, "site_git_added", {}).get(f"{docname}.md", "")


def compare_git_dates(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Note the pages whose dates changed since the last build, though their sources did not (a
    commit after the build): Sphinx would keep them as written (written again in rewrite_dated)."""
    now = {doc: git_dates_of(app, doc) for doc in env.found_docs}
    before = getattr(env, "site_git_dates_shown", None)
    app.site_git_changed = {doc for doc, dates in now.items() if before is not None and before.get(doc, dates) != dates}
    env.site_git_dates_shown = now
    return []


def rewrite_dated(app: Sphinx, env) -> list[str]:
    return sorted(getattr(app, "site_git_changed", set()) & set(env.all_docs))


def is_lead(paragraph: nodes.paragraph) -> bool:
    """Prose of the page itself: not a note every page carries (such as the versions the page
    was proven with), nor text inside an admonition, a table, a list or a component."""
    return not paragraph["classes"] and isinstance(paragraph.parent, (nodes.section, nodes.document))


def record_description(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the page's lead, its first paragraph of prose, as its description (front matter may
    override)."""
    meta = app.env.metadata[app.env.docname]
    if "description" in meta:
        return
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if text and is_lead(paragraph):
            if len(text) > DESCRIPTION_LENGTH:
                text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
            meta["description"] = text
            return


def doc_title(env, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def add_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    env, builder = app.env, app.builder
    lang = site_lang(app)
    other = other_lang(lang)
    depth = pagename.count("/")
    to_root = "../" * depth  # from this page to /<lang>/
    page_file = f"{pagename}.html"
    base = app.config.html_baseurl

    context["site_lang"] = lang
    context["html_lang"] = HTML_LANG[lang]
    context["other_html_lang"] = HTML_LANG[other]
    context["other_lang_label"] = LABELS[other]
    context["lang_switch_url"] = f"{to_root}../{other}/{page_file}"
    context["canonical_url"] = f"{base}{lang}/{page_file}"
    context["hreflang_links"] = [
        ("en", f"{base}en/{page_file}"),
        ("zh-CN", f"{base}zh/{page_file}"),
        ("x-default", f"{base}en/{page_file}"),
    ]
    strings = STRINGS[lang]
    context["strings"] = {k: v for k, v in strings.items() if k not in ("stale", "untranslated")}

    meta = context.get("meta") or {}
    description = str(meta.get("description", ""))
    context["meta_description"] = description
    title = context.get("title") or app.config.html_title
    context["og_meta"] = [
        ("og:title", _plain(title)),
        ("og:type", "website" if pagename == app.config.root_doc else "article"),
        ("og:url", context["canonical_url"]),
        ("og:site_name", app.config.html_title),
        ("og:locale", OG_LOCALE[lang]),
        ("og:locale:alternate", OG_LOCALE[other]),
    ] + ([("og:description", description)] if description else [])

    page = getattr(app, "site_pages", {}).get(pagename)
    relpath = source_relpath(app, pagename)
    context["edit_url"] = ""
    context["last_updated"] = ""
    if relpath is not None:
        repo = app.config.site_repository_url.rstrip("/")
        context["edit_url"] = f"{repo}/edit/{app.config.site_repository_branch}/{relpath}"
        context["last_updated"] = git_dates_of(app, pagename)[0]

    context["page_notices"] = []
    if page is not None and page.state(lang) in ("stale", "untranslated"):
        kind = page.state(lang)
        context["page_notices"].append({
            "kind": kind,
            "html": strings[kind].format(
                url=escape(context["lang_switch_url"]),
                hreflang=HTML_LANG[other],
                other=LANG_NAMES[lang][other],
            ),
        })

    def url(docname: str) -> str:
        return builder.get_relative_uri(pagename, docname)

    context["section_links"] = [
        {"title": doc_title(env, doc), "url": url(doc), "current": pagename.startswith(doc[: -len("index")])}
        for doc in SECTIONS
        if doc in env.all_docs
    ]

    relations = getattr(builder, "relations", {})
    crumbs, parent = [], relations.get(pagename, [None])[0]
    seen = set()
    while parent and parent not in seen and len(crumbs) < 10:
        seen.add(parent)
        crumbs.append({"title": doc_title(env, parent), "url": url(parent)})
        parent = relations.get(parent, [None])[0]
    context["breadcrumbs"] = crumbs[::-1]

    parent = relations.get(pagename, [None])[0]
    children = env.toctree_includes.get(parent, []) if parent else []
    if len(children) > MAX_SIBLINGS and pagename in children:
        at = children.index(pagename)
        start = max(0, min(at - MAX_SIBLINGS // 2, len(children) - MAX_SIBLINGS))
        children = children[start : start + MAX_SIBLINGS]
    elif len(children) > MAX_SIBLINGS:
        children = children[:MAX_SIBLINGS]
    context["section_children"] = [
        {"title": doc_title(env, doc), "url": url(doc), "current": doc == pagename} for doc in children
    ]

    if MEETING.match(pagename):
        older, newer = meeting_neighbours(app, pagename)
        context["prev"] = {"link": url(older), "title": escape(doc_title(env, older))} if older else None
        context["next"] = {"link": url(newer), "title": escape(doc_title(env, newer))} if newer else None


def list_meetings(app: Sphinx, env) -> None:
    """The meetings in date order, once per build (the names sort as their dates)."""
    app.site_meetings = sorted(doc for doc in env.all_docs if MEETING.match(doc))
    app.site_meeting_at = {doc: i for i, doc in enumerate(app.site_meetings)}


def meeting_neighbours(app: Sphinx, docname: str) -> tuple[str | None, str | None]:
    """The meeting before and the meeting after ``docname``."""
    at = getattr(app, "site_meeting_at", {}).get(docname)
    if at is None:
        return None, None
    meetings = app.site_meetings
    return (meetings[at - 1] if at else None), (meetings[at + 1] if at + 1 < len(meetings) else None)


def _plain(html_title: str) -> str:
    """Titles in the context are HTML; meta tags want text."""
    return unescape(_TAG.sub("", html_title))


def setup(app: Sphinx) -> dict:
    app.add_config_value("site_repository_url", "", "html", str)
    app.add_config_value("site_repository_branch", "main", "html", str)
    app.connect("builder-inited", read_git_dates)
    app.connect("env-get-outdated", compare_git_dates)
    app.connect("env-updated", rewrite_dated)
    app.connect("doctree-read", record_description, priority=900)
    app.connect("env-updated", lambda app, env: list_meetings(app, env))
    app.connect("html-page-context", add_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
