"""Pairs of English and Chinese pages, and whether each translation is current.

Every page exists twice: ``path/name.md`` (English) and ``path/name.zh.md``
(Chinese).  One side of a pair is the translation; its front matter records
``translation_of: <hash>``, the first 12 hex digits of the SHA-256 of the
counterpart file it was written from.  When the counterpart changes, the hash
no longer matches and the translation is *stale*.

A page may stand in for a translation that does not exist yet: a file whose
front matter says ``untranslated: true`` shows the counterpart's text with a
notice.  Any other page without a counterpart is an error.

    python -m tools.translations status        # list stale / untranslated / missing
    python -m tools.translations stamp FILE…   # record the counterpart's current hash
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIRS = ("docs", "cookbook", "meetings", "demos", "contributing")
ROOT_PAGES = ("index.md", "index.zh.md")
ZH_SUFFIX = ".zh.md"
EN_SUFFIX = ".md"
HASH_LENGTH = 12

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)


class FrontMatterError(ValueError):
    """A page whose front matter cannot be read; carries the file and line (tools/build_report.py)."""

    def __init__(self, path: Path, line: int, message: str, what: str = "front matter: ", undecodable: bool = False):
        self.message = f"{what}{message}"
        super().__init__(f"{path}:{line}: {self.message}")
        self.path, self.line, self.undecodable = path, line, undecodable


def _unconstructible_value(header: str) -> tuple[int, str, str]:
    """(line in the header, 1-based; field path; text) of the first scalar YAML parses but cannot
    make a value of.  Field paths are written as the meeting records write them (``agenda[2].date``),
    so that the meetings extension's report of the same value reads the same and is listed once."""
    loader = yaml.SafeLoader(header)
    try:
        root = loader.get_single_node()
        stack = [(root, "")] if root is not None else []
        while stack:
            node, where = stack.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except ValueError:
                    return node.start_mark.line + 1, where, node.value
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, f"{where}[{i}]") for i, item in enumerate(node.value, 1))
            elif isinstance(node, yaml.MappingNode):
                stack.extend((value, f"{where}.{key.value}" if where else str(key.value)) for key, value in node.value)
    finally:
        loader.dispose()
    return 1, "", header.split("\n", 1)[0]


# libyaml's loader when PyYAML was built with it: the same values, and most of
# the time of reading every page's front matter at the start of a build.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (front matter YAML, body); the YAML is '' when there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", text
    return match.group(1) or "", text[match.end() :]


def read_text(path: Path) -> str:
    """A page's text; a file that is not UTF-8 is a FrontMatterError naming its line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise FrontMatterError(path, line, f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at "
                                           f"column {column}); save it as UTF-8", what="", undecodable=True) from None


def read_front_matter(path: Path) -> dict:
    text = read_text(path)
    header, _ = split_front_matter(text)
    if not header:
        return {}
    try:
        data = yaml.load(header, Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening '---', +1 for 1-based
        raise FrontMatterError(path, line, f"not valid YAML ({getattr(error, 'problem', error)})") from None
    except ValueError:
        # YAML reads 2022-13-45 as a date and fails to make one: name the value and its line.
        line, where, value = _unconstructible_value(header)
        raise FrontMatterError(path, line + 1, f"{value!r} reads as a date that does not exist (write a real date "
                                               "as YYYY-MM-DD, or quote the value if it is not a date)",
                               what=f"{where or 'front matter'}: ") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(path, 2, "must be a mapping of keys to values")
    return data


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]


def docname_of(relpath: str) -> tuple[str, str]:
    """Map a source path to (docname, language)."""
    if relpath.endswith(ZH_SUFFIX):
        return relpath[: -len(ZH_SUFFIX)], "zh"
    return relpath[: -len(EN_SUFFIX)], "en"


@dataclass
class Page:
    """One docname with its English and Chinese sources."""

    docname: str
    paths: dict[str, Path] = field(default_factory=dict)
    meta: dict[str, dict] = field(default_factory=dict)

    @property
    def generated(self) -> bool:
        return any(m.get("generated") for m in self.meta.values())

    def untranslated(self, lang: str) -> bool:
        """True when the page in ``lang`` only stands in for a missing translation."""
        return bool(self.meta.get(lang, {}).get("untranslated"))

    def translated_side(self) -> str | None:
        """The language whose file records ``translation_of``, if any."""
        for lang in ("zh", "en"):
            if "translation_of" in self.meta.get(lang, {}):
                return lang
        return None

    def state(self, lang: str) -> str:
        """'ok', 'stale', 'untranslated' or 'missing' for the page in ``lang``."""
        other = "en" if lang == "zh" else "zh"
        if lang not in self.paths:
            return "missing"
        if other not in self.paths:
            return "ok"  # the problem is reported on the other side
        if self.untranslated(lang):
            return "untranslated"
        recorded = self.meta[lang].get("translation_of")
        if recorded is None or self.untranslated(other):
            return "ok"
        return "ok" if str(recorded) == file_hash(self.paths[other]) else "stale"


def content_files(root: Path = ROOT):
    """Yield every content Markdown file, relative to ``root``, in a stable order."""
    for name in ROOT_PAGES:
        if (root / name).is_file():
            yield name
    for folder in CONTENT_DIRS:
        found = []
        for where, _dirs, files in os.walk(root / folder):
            base = Path(where).relative_to(root).as_posix()
            found.extend(f"{base}/{name}" for name in files if name.endswith(EN_SUFFIX))
        yield from sorted(found, key=lambda relpath: relpath.split("/"))  # as sorted Paths are


def scan(root: Path = ROOT, cache: Path | None = None, errors: list[FrontMatterError] | None = None,
         with_generated: bool = False) -> dict[str, Page]:
    """Read the front matter of every content page once (linear in pages).

    With ``cache`` (a file), the front matter of files whose size and time of
    change are those recorded there is taken from it instead of read again.
    With ``errors`` (a list), a page whose front matter cannot be read is added
    to it and read as having none, so that every such page is reported;
    without, the first one raises FrontMatterError.
    Pages marked ``generated: true`` are left out unless ``with_generated``.
    """
    known = _load_scan_cache(cache)
    seen: dict[str, tuple] = {}
    pages: dict[str, Page] = {}
    for relpath in content_files(root):
        docname, lang = docname_of(relpath)
        path = root / relpath
        stat = os.stat(path)
        entry = known.get(relpath)
        if entry is None or entry[:2] != (stat.st_mtime_ns, stat.st_size):
            try:
                entry = (stat.st_mtime_ns, stat.st_size, read_front_matter(path))
            except FrontMatterError as error:
                if errors is None:
                    raise
                errors.append(error)
                entry = (None, None, {})  # not recorded as read: read again next time
        seen[relpath] = entry
        page = pages.setdefault(docname, Page(docname))
        page.paths[lang] = path
        page.meta[lang] = entry[2]
    if cache is not None and seen != known:
        _save_scan_cache(cache, seen)
    return {name: page for name, page in pages.items() if with_generated or not page.generated}


def _load_scan_cache(cache: Path | None) -> dict:
    if cache is None:
        return {}
    try:
        with open(cache, "rb") as file:
            known = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _save_scan_cache(cache: Path, entries: dict) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_name(f".{cache.name}.{os.getpid()}.part")
    partial.write_bytes(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, cache)  # whole or not at all


def problems(pages: dict[str, Page]) -> list[tuple[Path, str]]:
    """Pages without a counterpart: (existing file, message naming the missing one)."""
    found = []
    for page in pages.values():
        for lang, other in (("en", "zh"), ("zh", "en")):
            if lang in page.paths and other not in page.paths:
                missing = page.paths[lang].with_name(
                    page.paths[lang].name.removesuffix(ZH_SUFFIX).removesuffix(EN_SUFFIX)
                    + (ZH_SUFFIX if other == "zh" else EN_SUFFIX)
                )
                found.append(
                    (
                        page.paths[lang],
                        f"missing translation: {missing.relative_to(ROOT) if missing.is_relative_to(ROOT) else missing} "
                        f"does not exist (write it, or create it with front matter "
                        f"'untranslated: true' to show this page with a notice)",
                    )
                )
        if page.untranslated("en") and page.untranslated("zh"):
            found.append((page.paths["en"], "both languages are marked 'untranslated: true'"))
    return found


# A page's path becomes its URL (canonical link, hreflang, sitemap.xml): only characters that
# need no escaping in a URL, so that every link to the page is written as its file is named.
_PAGE_PATH = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")


def bad_names(pages: dict[str, Page]) -> list[tuple[Path, str]]:
    """Pages whose path has a character that a URL would have to escape: (file, message)."""
    found = []
    for page in pages.values():
        if _PAGE_PATH.fullmatch(page.docname):
            continue
        for lang, path in page.paths.items():
            name = path.name
            suffix = ZH_SUFFIX if lang == "zh" else EN_SUFFIX
            slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name.removesuffix(suffix)).strip("-.")
            found.append((path, f"the file name {name!r} has characters a URL would have to escape: name pages with "
                                "ASCII letters, digits, '-', '_' and '.' only" + (f" (e.g. '{slug}{suffix}')" if slug else "")))
    return found


def summary(pages: dict[str, Page]) -> dict:
    report = {"pages": len(pages), "stale": [], "untranslated": [], "missing": []}
    for page in sorted(pages.values(), key=lambda p: p.docname):
        for lang in ("en", "zh"):
            state = page.state(lang)
            if state != "ok":
                report[state].append(f"{page.docname} ({lang})")
    return report


def stamp(path: Path) -> str:
    """Record in ``path`` the hash of its counterpart; return the new hash."""
    name = path.name
    if name.endswith(ZH_SUFFIX):
        counterpart = path.with_name(name[: -len(ZH_SUFFIX)] + EN_SUFFIX)
    else:
        counterpart = path.with_name(name[: -len(EN_SUFFIX)] + ZH_SUFFIX)
    if not counterpart.is_file():
        raise SystemExit(f"{path}: no counterpart {counterpart} to stamp against")
    digest = file_hash(counterpart)
    text = path.read_text(encoding="utf-8")
    header, body = split_front_matter(text)
    line = f"translation_of: {digest}\n"
    if re.search(r"^translation_of:.*\n", header, re.M):
        header = re.sub(r"^translation_of:.*\n", line, header, flags=re.M)
    else:
        header += line
    path.write_text(f"---\n{header}---\n{body}", encoding="utf-8")
    return digest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    status_cmd = sub.add_parser("status", help="list stale, untranslated and missing pages")
    status_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    stamp_cmd = sub.add_parser("stamp", help="record the counterpart's current hash in FILE")
    stamp_cmd.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)

    if args.command == "stamp":
        for path in args.files:
            print(f"{path}: translation_of {stamp(path.resolve())}")
        return 0

    try:
        pages = scan()
    except FrontMatterError as error:
        print(error, file=sys.stderr)
        return 1
    report = summary(pages)
    issues = problems(pages)
    report["missing"] = [message for _, message in issues]
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(
            f"translations: {report['pages']} pages, {len(report['stale'])} stale, "
            f"{len(report['untranslated'])} not yet translated, {len(issues)} missing"
        )
        for kind in ("stale", "untranslated"):
            for entry in report[kind]:
                print(f"  {kind}: {entry}")
        for path, message in issues:
            print(f"  {path}: {message}")
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main())
