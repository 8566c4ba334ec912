"""Two languages, one tree: the per-language settings and the translation checks.

``page.md`` is read by the English build and ``page.zh.md`` by the Chinese
build, both as docname ``page``.  At start-up every content page's front
matter is read once; a page without its counterpart is reported with the
missing path, and stale or not-yet-translated pages get a notice (see
``tools/translations.py`` for the rules).
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from tools import translations

logger = logging.getLogger(__name__)

# Sphinx language code -> the site's short code, used in URLs (/en/, /zh/).
LANGUAGES = {"en": "en", "zh_CN": "zh"}
HTML_LANG = {"en": "en", "zh": "zh-CN"}
LABELS = {"en": "English", "zh": "中文"}


def site_lang(app_or_config) -> str:
    config = getattr(app_or_config, "config", app_or_config)
    return LANGUAGES[config.language]


def other_lang(lang: str) -> str:
    return "zh" if lang == "en" else "en"


def configure_language(app: Sphinx, config: Config) -> None:
    if config.language not in LANGUAGES:
        raise ConfigError(
            f"language must be one of {', '.join(LANGUAGES)} (got {config.language!r}); "
            "build with 'make html' or '-D language=zh_CN'"
        )
    if site_lang(config) == "zh":
        config.source_suffix = {translations.ZH_SUFFIX: "markdown"}
        # Sphinx loads jieba's own dictionary a second time, word by word, as a
        # "user dictionary" (about 2 s per build, the same words and weights);
        # jieba reads it from its cache when it first splits a page anyway.
        config.html_search_options = {"dict": "", **config.html_search_options}
    else:
        config.source_suffix = {translations.EN_SUFFIX: "markdown"}
        config.exclude_patterns = [*config.exclude_patterns, "*.zh.md", "**/*.zh.md"]


def check_pairs(app: Sphinx) -> None:
    """Read every page's front matter once; report pages without a counterpart."""
    root = Path(app.srcdir)
    # Front matter of files unchanged since the previous build is taken from its record
    # (-D site_build_caches=0 reads every file).
    cache = Path(app.doctreedir) / "front-matter.pickle" if app.config.site_build_caches else None
    errors: list[translations.FrontMatterError] = []
    pages = translations.scan(root, cache, errors)
    for error in errors:
        logger.warning(error.message, location=f"{error.path}:{error.line}", type="bilingual", subtype="front_matter")
    undecodable = [error for error in errors if error.undecodable]
    if undecodable:
        # Sphinx cannot read such a file and would stop at it with a bare UnicodeDecodeError; left
        # out, every link to it would be an error of its own. Stop here, naming it (tools/build_report.py).
        raise undecodable[0]
    for path, message in translations.problems(pages):
        logger.warning(message, location=f"{path}:1", type="bilingual", subtype="missing")
    for path, message in translations.bad_names(pages):
        logger.warning(message, location=f"{path}:1", type="bilingual", subtype="file_name")
    app.site_pages = pages  # read by page_context for notices


_LINK = re.compile(r"(\]\()([^)\s#]+?)(\.zh)?\.md([)#])")


def _relink(text: str, lang: str) -> str:
    """Point Markdown links of a borrowed page at the files of ``lang``."""
    suffix = ".zh" if lang == "zh" else ""
    return _LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}{suffix}.md{m.group(4)}", text)


def borrow_untranslated(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page marked 'untranslated: true' shows its counterpart's text."""
    page = getattr(app, "site_pages", {}).get(docname)
    lang = site_lang(app)
    if page is None or not page.untranslated(lang):
        return
    counterpart = page.paths[other_lang(lang)]
    header, body = translations.split_front_matter(translations.read_text(counterpart))
    kept = "".join(
        line for line in header.splitlines(keepends=True) if not line.startswith("translation_of:")
    )
    front = f"---\n{kept}---\n" if kept else ""
    source[0] = front + _relink(body, lang)


def depend_on_counterpart(app: Sphinx, doctree) -> None:
    """A page's notice (stale, untranslated) and borrowed text come from its counterpart:
    re-read the page in an incremental build when the counterpart changes."""
    page = getattr(app, "site_pages", {}).get(app.env.docname)
    counterpart = page.paths.get(other_lang(site_lang(app))) if page else None
    if counterpart is not None:
        app.env.note_dependency(str(counterpart))


def setup(app: Sphinx) -> dict:
    # After Sphinx merges the suffixes extensions registered (priority 800).
    app.connect("config-inited", configure_language, priority=850)
    app.connect("builder-inited", check_pairs)
    app.connect("source-read", borrow_untranslated)
    app.connect("doctree-read", depend_on_counterpart)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
