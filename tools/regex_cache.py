"""Regular expressions compiled by one build, kept for the next.

Python compiles a regular expression in pure Python: it parses the pattern
and turns it into a list of opcodes, which the C engine then takes as it is.
A build compiles about 530 of them (docutils, Sphinx, MyST, Jinja and the
Pygments lexers of the pages' code blocks): 0.11 s of a 1.9 s one-word
rebuild, and always the same ones.  ``install`` keeps the opcodes of every
pattern compiled from text, in a file next to the build's doctrees, and
hands them to the engine directly the next time: the same engine call with
the same arguments, so the same compiled pattern.

The file is keyed by the Python version and the engine's own version
(``_sre.MAGIC``); another Python ignores it.  A pattern whose compilation
warns is not kept, so that its warning is shown by every build.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
import warnings
from pathlib import Path

try:
    import _sre
    import re._compiler as _compiler
    import re._parser as _parser
except ImportError:  # another Python than CPython 3.11+
    _compiler = None

# Patterns made from content (a search term, say) would otherwise grow the file
# without end; a build of this site compiles about 530.
MAX_KEPT = 5000

_installed: dict[str, object] = {}


def _version() -> str:
    return f"{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}"


def _load(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            data = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _version():
        return {}
    kept = data.get("patterns")
    return kept if isinstance(kept, dict) else {}


def _save(path: Path, kept: dict) -> None:
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "wb") as f:
            marshal.dump({"version": _version(), "patterns": kept}, f)
        os.replace(part, path)  # a build that reads it sees the old file or the new one
    except (OSError, ValueError):  # a read-only build folder only loses the cache
        part.unlink(missing_ok=True)


def _arguments(pattern, flags: int) -> tuple:
    """What ``re._compiler.compile`` passes to the engine for ``pattern`` (3.11–3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))


def fits() -> bool:
    """Whether this Python compiles patterns the way ``_arguments`` repeats."""
    if _compiler is None or not (3, 11) <= sys.version_info[:2] <= (3, 13):
        return False
    return all(hasattr(_compiler, name) for name in ("compile", "_code")) and hasattr(_parser, "parse")


def install(path: Path) -> bool:
    """Compile patterns from ``path`` when kept there; write the new ones there at exit."""
    if not fits() or "compile" in _installed:
        return "compile" in _installed
    kept = _load(path)
    loaded = len(kept)
    original = _compiler.compile

    def compile(p, flags=0):
        flags = int(flags)
        if not isinstance(p, (str, bytes)) or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key = (p, flags)
        arguments = kept.get(key)
        if arguments is None:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                arguments = _arguments(p, flags)
            for warning in caught:  # shown as they would have been; the pattern is not kept
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
            if not caught and len(kept) < MAX_KEPT:
                kept[key] = arguments
        return _sre.compile(p, *arguments)

    def save_if_grown() -> None:
        if len(kept) > loaded and _compiler.compile is compile:
            _save(path, kept)

    _compiler.compile = compile
    _installed["compile"] = original
    atexit.register(save_if_grown)
    return True
