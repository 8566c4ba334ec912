"""Shortcuts through work Sphinx, MyST, docutils and Pygments redo on every page.

Each shortcut replaces one function of a library (or one step of Sphinx's
parallel build) by one that gives the same result faster; ``README.md`` lists
them, with the function each replaces, the version it was written against
and what it gains on the benchmark (``python -m bench.shortcuts``).  One
module per concern:

- ``parallel``: how pages are shared out between processes when reading and writing;
- ``caches``: what is worked out once per build instead of once per page;
- ``highlighting``: Pygments' style tables and lexers;
- ``search_index``: the search index's tables;

Each one gives exactly what the library's own code gives: the build with
``-D site_build_caches=0`` (every shortcut off) produces byte-identical output
(``tests/site/test_build.py``).  ``-D site_build_speed_off=name1,name2`` turns
single shortcuts off, to measure each one.  Each shortcut records the versions
of the libraries it was written against; when one differs, the shortcut is left
out with one warning line naming it (``shortcut.py``), and the library's own
code runs.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from . import caches, highlighting, parallel, search_index
from .parallel import WRITER_CACHES  # noqa: F401  (extensions/chinese_search.py shares its table through it)
from .shortcut import Shortcut, installed_versions, warn_switched_off

logger = logging.getLogger(__name__)

SHORTCUTS: tuple[Shortcut, ...] = (
    *caches.SHORTCUTS,
    *parallel.SHORTCUTS,
    *search_index.SHORTCUTS,
    *highlighting.SHORTCUTS,
)


def names() -> list[str]:
    """Every shortcut's name, as ``site_build_speed_off`` takes them."""
    return [shortcut.name for shortcut in SHORTCUTS]


def by_name(name: str) -> Shortcut:
    return next(shortcut for shortcut in SHORTCUTS if shortcut.name == name)


def switched_off(config) -> set[str]:
    """The shortcuts ``-D site_build_speed_off=name1,name2`` turns off."""
    value = config.site_build_speed_off
    chosen = {name.strip() for name in (value.split(",") if isinstance(value, str) else value) if name.strip()}
    unknown = sorted(chosen - set(names()))
    if unknown:
        from sphinx.errors import ConfigError

        raise ConfigError(f"site_build_speed_off: no shortcut named {', '.join(unknown)} "
                          f"(known: {', '.join(names())})")
    return chosen


def install(app: Sphinx) -> None:
    applied: set[str] = set()
    app.site_build_speed = applied  # what parallel.read_serially_when_few and chinese_search look at
    if not app.config.site_build_caches:
        return
    off, installed = switched_off(app.config), installed_versions()
    for shortcut in SHORTCUTS:
        if shortcut.name in off:
            continue
        mismatches = shortcut.mismatches(installed)
        if mismatches:
            warn_switched_off(shortcut, mismatches)
        elif shortcut.apply(app):
            applied.add(shortcut.name)
    logger.debug("[build_speed] shortcuts: %s", ", ".join(s.name for s in SHORTCUTS if s.name in applied))


def setup(app: Sphinx) -> dict:
    # -D site_build_caches=0 turns every shortcut off, to compare outputs.
    app.add_config_value("site_build_caches", True, "env", (bool, int))
    # -D site_build_speed_off=name1,name2 turns those off, each alone (bench/shortcuts.py);
    # the output is the same either way, so changing it rebuilds nothing.
    app.add_config_value("site_build_speed_off", [], "", (list, str))
    app.connect("builder-inited", install)
    parallel.setup(app)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
