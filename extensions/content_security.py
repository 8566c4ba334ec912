"""Pages that run under the site's Content-Security-Policy (``hosting/_headers``).

The policy allows scripts from the site's own files only: no inline script and
no ``eval``.  Sphinx's own scripts keep to that, except one: for a language
with a message catalogue (Chinese) Sphinx copies ``translations.js``, which
calls ``Documentation.addTranslations(catalog)``, and ``doctools.js`` turns the
catalogue's plural rule into a function with ``new Function(...)`` — an
``eval`` the policy blocks (the console shows a violation on every Chinese
page, and the catalogue is never installed).

Styles are held to the site's own files too (no ``style=`` attributes).  An
image's or figure's ``:width:``/``:height:`` in pixels (or without a unit) is
written as HTML attributes, as docutils does already; a width in percent that is
a multiple of 5 becomes a class (``cw-w-60``, defined in the theme's
``site.css``) instead of a ``style="width: 60%"`` attribute.  Any other size
(other units, ``:scale:``, other percentages) is reported with its file and line.

The extension also rewrites ``_static/translations.js`` right after Sphinx copies
it, before any page is written (so the checksum in the page's script URL is
that of the rewritten file): the same messages and locale, and the plural rule
written out as a plain JavaScript function at build time.  A plural rule is
gettext's C-like expression in ``n``; one with any other character is replaced
by the English rule rather than written into script.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

_CALL = re.compile(r"^\s*Documentation\.addTranslations\((?P<catalog>.*)\);?\s*$", re.DOTALL)
# gettext plural expressions: n, integers, comparison, arithmetic, logic and ?: (no names, no strings).
_PLURAL = re.compile(r"^[n0-9\s%<>=!&|?:()+\-*/]+$")
DEFAULT_PLURAL = "n === 1 ? 0 : 1"

TEMPLATE = """\
/* Sphinx's message catalogue for this language, rewritten by extensions/content_security.py
   so that it needs no eval: the plural rule is a function written at build time. */
(function (catalog) {{
  Object.assign(Documentation.TRANSLATIONS, catalog.messages);
  Documentation.PLURAL_EXPR = function (n) {{ return Number({plural}); }};
  Documentation.LOCALE = catalog.locale;
}})({catalog});
"""


def rewrite(text: str) -> str | None:
    """The CSP-safe form of a Sphinx ``translations.js``; None if ``text`` is not one."""
    match = _CALL.match(text)
    if not match:
        return None
    try:
        catalog = json.loads(match.group("catalog"))
    except ValueError:
        return None
    plural = str(catalog.pop("plural_expr", "") or "").strip()
    if not _PLURAL.match(plural):
        plural = DEFAULT_PLURAL
    body = json.dumps(catalog, ensure_ascii=True, sort_keys=True, indent=1)
    return TEMPLATE.format(plural=f"({plural})", catalog=body)


def _patch_builder(app: Sphinx) -> None:
    builder = app.builder
    copy = getattr(builder, "copy_translation_js", None)
    if copy is None:  # not an HTML builder
        return

    def copy_translation_js() -> None:
        copy()
        path = Path(builder.outdir, "_static", "translations.js")
        if not path.is_file():
            return
        safe = rewrite(path.read_text(encoding="utf-8"))
        if safe is None:
            logger.warning("cannot make %s safe for the Content-Security-Policy: unknown format", path,
                           type="content_security")
            return
        path.write_text(safe, encoding="utf-8")

    builder.copy_translation_js = copy_translation_js


class SizesWithoutStyle(SphinxPostTransform):
    """Image and figure sizes as HTML attributes or classes: never a style attribute."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in [*self.document.findall(nodes.image), *self.document.findall(nodes.figure)]:
            if node.get("scale") not in (None, 100):
                self.report(node, f":scale: {node['scale']}% (write :width: in px or in percent)")
                node.attributes.pop("scale", None)
            for key in ("width", "height"):
                value = node.get(key)
                if not value:
                    continue
                try:
                    number, unit = nodes.parse_measure(str(value))
                except ValueError:
                    self.report(node, f":{key}: {value}")
                    continue
                if unit in ("", "px") and isinstance(node, nodes.image):
                    node[key] = f"{number:g}"
                elif unit == "%" and key == "width" and number == int(number) and 0 < number <= 100 \
                        and int(number) % 5 == 0:
                    del node[key]
                    node["classes"].append(f"cw-w-{int(number)}")
                else:
                    self.report(node, f":{key}: {value}")
                    del node[key]

    def report(self, node: nodes.Element, what: str) -> None:
        logger.warning(
            "%s cannot be shown without an inline style, which the site's Content-Security-Policy "
            "blocks: give a width in px, or in percent as a multiple of 5", what,
            location=node, type="content_security", subtype="style",
        )


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _patch_builder)
    app.add_post_transform(SizesWithoutStyle)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
