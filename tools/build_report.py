"""What a failed build says: each error as ``file:line: message``, then one summary line.

Sphinx prints a build's warnings as it goes, and with ``-W --keep-going``
each of them fails the build.  An exception that ends a build, though, came
out as Sphinx's crash report: versions, a traceback and "please report this
to Sphinx", for a date that does not exist in a page's front matter as for a
real bug.  ``tools.run_sphinx`` hands such an exception to
``report_exception`` instead, which prints one line: the file and line when
the exception names them (an exception with ``path`` and ``line``
attributes, as ``tools.translations.FrontMatterError``), else what failed and
where the whole traceback was saved.  The line goes to the warnings file too.

``tools.build`` then reads each language's warnings file and ends the run
with every error once (an error both languages found is listed once, with
both) and a summary line.
"""

from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path

# A new entry of a warnings file: "path:line: WARNING: …", "path: ERROR: …" or "WARNING: …".
_ENTRY = re.compile(r"^(?:(?P<location>.+?): )?(?P<level>WARNING|ERROR|CRITICAL): (?P<message>.*)$")
# Sphinx adds the warning's type to its message: " [myst.xref_missing]".
_TYPE = re.compile(r" \[[\w.-]+\]$")


def _located(exception: BaseException) -> BaseException | None:
    """The exception, or one it wraps, that says which file and line it is about."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        if getattr(exception, "path", None) and getattr(exception, "line", None):
            return exception
        exception = getattr(exception, "orig_exc", None) or exception.__cause__ or exception.__context__
    return None


def _innermost(exception: BaseException) -> BaseException:
    while getattr(exception, "orig_exc", None) is not None:
        exception = exception.orig_exc
    return exception


def describe(exception: BaseException, details: Path | None) -> str:
    """One line for an exception that ended a build."""
    located = _located(exception)
    if located is not None:
        message = getattr(located, "message", None) or str(located)
        prefix = f"{located.path}:{located.line}: "
        return f"{located.path}:{located.line}: ERROR: {message.removeprefix(prefix)}"
    inner = _innermost(exception)
    where = getattr(exception, "modname", None)
    what = f"extension {where}" if where else "the build"
    text = " ".join(str(inner).split()) or "(no message)"
    kept = f" (traceback: {details})" if details else ""
    return f"ERROR: {what} failed: {type(inner).__name__}: {text}{kept}"


def report_exception(exception: BaseException, stderr=None, warnfile: Path | None = None,
                     details: Path | None = None) -> None:
    """Print the one line for ``exception``; keep its traceback in ``details`` for whoever needs it."""
    if details is not None:
        try:
            details.parent.mkdir(parents=True, exist_ok=True)
            text = "".join(traceback.format_exception(exception))
            worker = getattr(exception, "traceback", None)  # SphinxParallelError: the worker's own
            details.write_text(text + (f"\nIn the worker process:\n{worker}" if worker else ""), encoding="utf-8")
        except OSError:
            details = None
    line = describe(exception, details)
    print(line, file=stderr or sys.stderr)
    if warnfile is not None:
        with open(warnfile, "a", encoding="utf-8") as file:
            file.write(line + "\n")


def errors_of(warnfile: Path) -> list[tuple[str, str]]:
    """(location, message) of each entry of a warnings file, in order; location may be ''."""
    try:
        text = warnfile.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    entries: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = _ENTRY.match(line)
        if match:
            entries.append((match.group("location") or "", _TYPE.sub("", match.group("message"))))
        elif entries and line.strip():
            location, message = entries[-1]  # a message of several lines
            entries[-1] = (location, f"{message} {line.strip()}")
    return entries


def summary(found: dict[str, list[tuple[str, str]]]) -> list[str]:
    """The closing lines of a failed build: each error once, naming the languages that found it."""
    langs_of: dict[tuple[str, str], list[str]] = {}
    for lang, entries in found.items():
        for entry in entries:
            langs = langs_of.setdefault(entry, [])
            if lang not in langs:
                langs.append(lang)
    both = len(found) > 1
    lines = []
    for (location, message), langs in langs_of.items():
        where = f"{location}: " if location else ""
        lines.append(f"{where}{message}" + (f" ({', '.join(langs)})" if both else ""))
    count = len(langs_of)
    lines.append(f"build failed: {count} error{'s' if count != 1 else ''}"
                 f" ({', '.join(f'{lang} {len(set(entries))}' for lang, entries in found.items())});"
                 " nothing was published")
    return lines
