"""Sphinx configuration of the CloudWeGo community site.

One configuration serves two builds: ``-D language=en`` reads ``page.md`` and
``-D language=zh_CN`` reads ``page.zh.md``; both give the page the same
docname, so ``/en/X.html`` and ``/zh/X.html`` are the same page.  The
language-specific settings are applied by ``extensions/bilingual.py``.
``python -m tools.build`` (behind ``make html``) runs both builds.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "extensions")]

project = "CloudWeGo Community"
author = "CloudWeGo community"
copyright = "2022–2026, CloudWeGo community"

language = "en"  # overridden per build with -D language=zh_CN

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_tabs.tabs",
    # Local extensions, one concern each (see extensions/README.md).
    "page_assets",  # after sphinx_design and sphinx_tabs: their files only where a page uses them
    "warning_locations",
    "bilingual",
    "page_context",
    "site_navigation",
    "heading_ids",
    "home_page",
    "code_excerpts",
    "redirects",
    "page_files",
    "proof_versions",
    "code_blocks",
    "meetings",
    "graphviz_figures",
    "trace_waterfall",
    "content_safety",
    "content_security",
    "incremental",
    "build_speed",
    "chinese_search",
]

# Only these paths are content; everything else in the repository is tooling.
include_patterns = [
    "index.md",
    "index.zh.md",
    "docs/**",
    "cookbook/**",
    "meetings/**",
    "demos/**",
    "contributing/**",
]
exclude_patterns = ["_build", ".venv", ".nox"]
root_doc = "index"

myst_enable_extensions = [
    "attrs_block",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "fieldlist",
    "substitution",
    "tasklist",
]
myst_heading_anchors = 3

# Strict: every reference must resolve (the Makefile adds -W --keep-going -n).
nitpicky = True
# Every page's front matter is checked first, naming its line (extensions/bilingual.py):
# MyST's own "Malformed YAML" at line 1 would only repeat it.
suppress_warnings = ["myst.topmatter"]

html_theme = "cloudwego"
html_theme_path = ["theme"]
html_title = "CloudWeGo Community"
html_static_path = []
# The theme's scripts, registered here so Sphinx adds a checksum to their URLs (cache busting).
# theme-init.js sets the colour scheme before the first paint, so it loads first and blocking.
# Each entry names its priority: Sphinx would otherwise write its default into this very list,
# and every incremental build would report the configuration as changed.
html_js_files = [("theme-init.js", {"priority": 100}), ("site.js", {"defer": "defer", "priority": 800})]
html_use_index = False
html_domain_indices = False
html_copy_source = False
html_show_sourcelink = False
html_permalinks_icon = "#"
html_last_updated_fmt = None  # dates come from git, see extensions/page_context.py
pygments_style = "default"

# Where the site is published; Read the Docs tells its own address.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://cloudwego-community.readthedocs.io/"
).rstrip("/") + "/"

# The repository the "edit this page" links point to.
site_repository_url = "https://github.com/cloudwego/community-site"
site_repository_branch = "main"

linkcheck_timeout = 15
linkcheck_workers = 4
