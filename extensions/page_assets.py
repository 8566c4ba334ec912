"""Stylesheets and scripts of sphinx-design and sphinx-tabs only on the pages that use them.

Both extensions register their files for every page: sphinx-design its
stylesheet (55 KB) and its tab script at ``builder-inited``; sphinx-tabs its
stylesheet and script through ``app.add_js_file`` during ``html-page-context``,
which also records them in the extension registry, so that they stay
registered for every later page and build.  Both also add their folder to
``html_static_path`` at ``builder-inited``, after Sphinx compared the
configuration with the one the previous build pickled: every incremental build
then reports that the configuration changed.

Here their handlers are disconnected; sphinx-design's folder is added to
``html_static_path`` at ``config-inited``, before that comparison, so the
configuration stays the same from build to build.  Each page gets, through the
builder's per-page ``add_css_file``/``add_js_file`` (Sphinx resets the lists
before every page):

- ``sphinx-design.min.css`` when the page shows a sphinx-design component
  (grid, card, badge, tab set);
- sphinx-design's ``design-tabs.js`` when it shows a sphinx-design tab set;
- the theme's ``group-tabs.js`` (not sphinx-tabs' own script, which forgets the
  reader's choice when the browser tab closes) when it shows sphinx-tabs tabs;
  their look is part of the theme's ``site.css``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

DESIGN_CSS = "sphinx-design.min.css"
DESIGN_TABS_JS = "design-tabs.js"
GROUP_TABS_JS = "group-tabs.js"


def _disconnect(app: Sphinx, event: str, module: str, name: str | None = None) -> int:
    """Disconnect the handlers of ``event`` defined in ``module`` (optionally only ``name``)."""
    found = 0
    for listener in list(app.events.listeners.get(event, [])):
        handler = listener.handler
        if getattr(handler, "__module__", None) == module and name in (None, handler.__name__):
            app.disconnect(listener.id)
            found += 1
    return found


def add_design_static_path(app: Sphinx, config: Config) -> None:
    if "sphinx_design" not in app.extensions:
        return
    from sphinx_design.extension import STATIC_DIR

    path = str(STATIC_DIR)
    if path not in config.html_static_path:
        config.html_static_path.append(path)


def components(doctree: nodes.document) -> tuple[bool, bool, bool]:
    """(sphinx-design component, sphinx-design tab set, sphinx-tabs tabs) shown on a page."""
    design = design_tabs = tabs = False
    for node in doctree.findall(nodes.Element):
        for name in node.get("classes", ()):
            if name.startswith("sd-"):
                design = True
                design_tabs = design_tabs or name == "sd-tab-set"
            elif name == "sphinx-tabs":
                tabs = True
        if design_tabs and tabs:
            break
    return design, design_tabs, tabs


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or app.builder.format != "html":
        return
    design, design_tabs, tabs = components(doctree)
    builder = app.builder
    if design:
        builder.add_css_file(DESIGN_CSS)
    if design_tabs:
        from sphinx_design.config import get_sd_config

        prefix = get_sd_config(app.env).tabs_storage_prefix
        builder.add_js_file(DESIGN_TABS_JS, **{"data-sd-tabs-storage-prefix": prefix})
    if tabs:
        builder.add_js_file(GROUP_TABS_JS, defer="defer")


HANDLERS = [  # (extension, event, module, function name; None for sphinx-tabs' lambda)
    ("sphinx_design", "builder-inited", "sphinx_design.extension", "add_static_assets"),
    ("sphinx_tabs.tabs", "builder-inited", "sphinx_tabs.tabs", None),
    ("sphinx_tabs.tabs", "html-page-context", "sphinx_tabs.tabs", "update_context"),
]


def setup(app: Sphinx) -> dict:
    # Loaded after sphinx_design and sphinx_tabs (conf.py lists them first).
    for extension, event, module, name in HANDLERS:
        if extension in app.extensions and not _disconnect(app, event, module, name):
            raise ExtensionError(
                f"page_assets: no {event!r} handler {name or '(lambda)'} of {module} to replace; load "
                "sphinx_design and sphinx_tabs before page_assets, or adapt it to their new version")
    app.connect("config-inited", add_design_static_path)
    app.connect("html-page-context", add_page_assets)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
