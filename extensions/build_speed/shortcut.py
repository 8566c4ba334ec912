"""What every shortcut of the package shares: its record, and how it replaces a library function.

Each shortcut records the versions of the libraries it was written against
(``written_for``).  When an installed version differs, ``install`` in
``__init__.py`` leaves that shortcut out and says so in one line on the
build's standard error (``warn_switched_off``): through a logger of its own,
not Sphinx's, so that a strict build (``-W``, as ``tools.build`` runs) shows
the line without failing on it, and the build goes on as the library itself
builds, which gives the same output.
"""

from __future__ import annotations

import logging as std_logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from sphinx.application import Sphinx

# The libraries the shortcuts replace functions of: the module that gives each one's version.
LIBRARIES = {
    "Sphinx": "sphinx",
    "MyST-Parser": "myst_parser",
    "docutils": "docutils",
    "Pygments": "pygments",
    "markdown-it-py": "markdown_it",
    "Jinja2": "jinja2",
}

# The versions (requirements.txt) every shortcut below was written against and measured with.
SPHINX = {"Sphinx": "9.0.4"}
MYST = {"MyST-Parser": "5.2.0"}
DOCUTILS = {"docutils": "0.22.4"}
PYGMENTS = {"Pygments": "2.21.0"}
MARKDOWN_IT = {"markdown-it-py": "4.3.0"}
JINJA = {"Jinja2": "3.1.6"}


@dataclass
class Shortcut:
    """One replacement of a library function, by the name ``site_build_speed_off`` takes."""

    name: str
    apply: Callable[[Sphinx], bool]  # makes the replacement; False if what it replaces does not fit
    replaces: str  # the library function(s) it stands in for
    written_for: dict[str, str] = field(default_factory=dict)  # library -> version

    def mismatches(self, installed: dict[str, str]) -> list[str]:
        """``Sphinx 9.0.4, 9.1.0 is installed``, for each library whose version differs."""
        return [f"{library} {version}, {installed.get(library, 'none')} is installed"
                for library, version in self.written_for.items() if installed.get(library) != version]


def installed_versions() -> dict[str, str]:
    import importlib

    versions = {}
    for library, module in LIBRARIES.items():
        try:
            versions[library] = importlib.import_module(module).__version__
        except (ImportError, AttributeError):
            continue
    return versions


_warnings = std_logging.getLogger("site.build_speed")
_warnings.propagate = False  # not through Sphinx's handlers, which -W turns into errors


def warn_switched_off(shortcut: Shortcut, mismatches: list[str]) -> None:
    if not _warnings.handlers:
        handler = std_logging.StreamHandler()  # sys.stderr when the line is written
        handler.setFormatter(std_logging.Formatter("%(message)s"))
        _warnings.addHandler(handler)
    handler = _warnings.handlers[0]
    if isinstance(handler, std_logging.StreamHandler):
        handler.setStream(sys.stderr)  # a test or a fork may have replaced it since
    _warnings.warning("WARNING: build_speed: shortcut %r switched off: written for %s", shortcut.name,
                      "; ".join(mismatches))


def replace_once(owner, name: str, fits, replacement_of) -> bool:
    """Replace ``owner.name`` by ``replacement_of(original)`` once per process.

    A second build in the same process (``make livehtml``) keeps the replacement
    already made.  An original that ``fits`` rejects (not the function the
    replacement was written for) is left alone.
    """
    original = getattr(owner, name)
    if getattr(original, "replaced_by_build_speed", False):
        return True
    if not fits(original):
        return False
    replacement = replacement_of(original)
    replacement.replaced_by_build_speed = True
    replacement.__wrapped__ = original
    setattr(owner, name, replacement)
    return True


def any_version(_original) -> bool:
    """For ``replace_once``: the recorded versions (checked before) are all that must fit."""
    return True
