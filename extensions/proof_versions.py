"""Tell readers what a recipe's code was proven against.

The Go, Hertz and Kitex versions are read from ``cookbook/go.mod`` (or the
module a page names in its front matter, ``proof: {go_mod: …}``) once per
build and shown under the title of every cookbook and demo page that shows
code and of every docs page, so the statement can never drift from what CI ran.
"""

from __future__ import annotations

import re
from pathlib import Path

from bilingual import site_lang
from docutils import nodes
from sphinx.application import Sphinx

GO_MOD = Path("cookbook") / "go.mod"
MODULES = {"Hertz": "github.com/cloudwego/hertz", "Kitex": "github.com/cloudwego/kitex"}
SECTIONS = ("cookbook/", "docs/", "demos/")
TEXT = {
    "en": "Every code block on this page runs in CI with {versions}.",
    "zh": "本页所有代码块都在 CI 中以 {versions} 实际运行过。",
}
# Docs pages without code still say which versions they describe.
TEXT_NO_CODE = {
    "en": "Written for {versions}.",
    "zh": "本页内容对应 {versions}。",
}
DOCS = "docs/"


def read_versions(go_mod: Path) -> list[tuple[str, str]]:
    text = go_mod.read_text(encoding="utf-8")
    found = []
    go = re.search(r"^go (\S+)$", text, re.M)
    if go:
        found.append(("Go", go.group(1)))
    for name, module in MODULES.items():
        match = re.search(rf"^\s*(?:require\s+)?{re.escape(module)} (v\S+)", text, re.M)
        if match:
            found.append((name, match.group(1)))
    return found


def add_versions_note(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not docname.startswith(SECTIONS) or docname == "docs/index":
        return
    has_code = next(iter(doctree.findall(nodes.literal_block)), None) is not None
    if not docname.startswith(DOCS) and (docname.endswith("index") or not has_code):
        return
    go_mod = GO_MOD
    page = getattr(app, "site_pages", {}).get(docname)
    lang = site_lang(app)
    if page is not None and lang in page.paths:
        proof = page.meta[lang].get("proof") or {}
        go_mod = Path(proof.get("go_mod", GO_MOD)) if isinstance(proof, dict) else GO_MOD
    path = Path(app.srcdir) / go_mod
    app.env.note_dependency(str(path))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    if go_mod not in app.site_versions:
        app.site_versions[go_mod] = read_versions(path)
    separator = "、" if lang == "zh" else ", "
    versions = separator.join(f"{name} {version}" for name, version in app.site_versions[go_mod])
    note = nodes.paragraph(classes=["proof-versions"])
    text = TEXT if has_code else TEXT_NO_CODE
    note += nodes.Text(text[lang].format(versions=versions))
    section.insert(1, note)


def load(app: Sphinx) -> None:
    app.site_versions = {}  # go.mod path -> versions, read once per build


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", load)
    app.connect("doctree-read", add_versions_note)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
