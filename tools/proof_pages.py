"""Prove a few pages instead of the whole site: one page, or the pages a branch changed.

    python -m tools.proof_pages page cookbook/hertz/routing   # make proof PAGE=cookbook/hertz/routing
    python -m tools.proof_pages changed                       # make test-changed
    python -m tools.proof_pages changed --list                # only name the pages

``page`` runs the page's blocks, accounts for its rendered code in both languages
(``tests/proof/test_pages.py``) and checks its parity (``tests/proof/test_parity.py``).

``changed`` runs the proof of every page whose page file (either language), included
files (``literalinclude``, ``include``) or Go module files changed against ``main``
(``git diff main...HEAD``, plus what is not committed yet), and the fast tests: every
test except the browser tests, the proof of the other pages, the tests marked slow and, unless a
demo's files changed, the demo tests.
A changed Go file changes its package and every package of the module that imports it
(``go list``); a page is affected when one of its commands or included files names an
affected folder or file. A changed ``go.mod`` or ``go.sum`` affects every page that
calls ``go`` in that module.

Both pass the pages to pytest as ``--proof-pages`` (``tests/conftest.py``);
arguments after ``--`` go to pytest as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tools.codeproof.blocks import find_blocks
from tools.codeproof.console import parse_session
from tools.codeproof.pages import classify, site_pages, tools_called

ROOT = Path(__file__).resolve().parent.parent
MODULE = "cookbook"  # console commands run from a copy of this folder
# The demo tests run whole demos (minutes); test-changed runs them when a demo's files changed.
DEMO_FILES = ("demos/", "cookbook/demos/", "tests/demos/", "tools/demo_", "tools/walkthrough", "tools/pprof_graph",
              "tools/waterfall")
PAGE_TESTS = ["tests/proof/test_pages.py::test_page_blocks_run", "tests/proof/test_parity.py::test_code_blocks_identical"]
_INCLUDE = re.compile(r"^\s*[`:]{3,}\{include\}\s+(\S+)", re.M)
_PATHLIKE = re.compile(r"^[\w.@+-]+(/[\w.@+*-]*)*$")


class Refused(ValueError):
    """Bad input: the message is one line for the person who typed it."""


@dataclass
class PageFiles:
    docname: str
    files: set[str]  # the page's files and the files it includes, relative to the site root
    mentions: set[str]  # paths its commands name, relative to the module folder
    calls_go: bool


def docname_for(text: str, root: Path = ROOT) -> str:
    """The docname of a page given as ``cookbook/hertz/routing``, with or without ``.md``/``.zh.md``."""
    name = text.strip().removeprefix("./").removesuffix(".md").removesuffix(".zh")
    pages = {p.docname for p in site_pages(root) if "en" in p.paths}
    if name in pages:
        return name
    near = sorted(p for p in pages if p.endswith("/" + name.rsplit("/", 1)[-1]))
    hint = f"; did you mean {' or '.join(near[:3])}?" if near else "; pages are named like cookbook/hertz/routing"
    raise Refused(f"PAGE={text!r}: no page of the site has that name{hint}")


def _mentions(command: str) -> set[str]:
    """Paths a console command names, as seen from the module folder (``./hertz/cors`` -> ``hertz/cors``)."""
    found = set()
    try:
        words = shlex.split(command, comments=False)
    except ValueError:
        words = command.split()
    for word in words:
        word = word.split("=", 1)[-1] if word.startswith("-") else word
        if word == "./..." or word == "...":
            found.add("")  # the whole module
            continue
        if "/" not in word or "://" in word or not _PATHLIKE.match(word):
            continue
        path = posixpath.normpath(word.removesuffix("/..."))
        while path.startswith("../"):
            path = path[3:]
        if path not in (".", ".."):
            found.add(path)
    return found


def page_files(page, root: Path = ROOT) -> PageFiles:
    files, mentions, calls_go = set(), set(), False
    for path in page.paths.values():
        files.add(path.relative_to(root).as_posix())
        blocks = find_blocks(path)
        for block in blocks:
            if block.kind == "literalinclude":
                target = root / block.include.lstrip("/") if block.include.startswith("/") else path.parent / block.include
                files.add(Path(os.path.normpath(target)).relative_to(root).as_posix())
            elif classify(block) == "console":
                for step in parse_session(block.content, block.line + 1):
                    mentions |= _mentions(step.command)
        for include in _INCLUDE.findall(path.read_text(encoding="utf-8")):
            target = root / include.lstrip("/") if include.startswith("/") else path.parent / include
            files.add(Path(os.path.normpath(target)).relative_to(root).as_posix())
        calls_go = calls_go or "go" in tools_called(blocks)
    return PageFiles(page.docname, files, mentions, calls_go)


def changed_files(base: str, root: Path = ROOT) -> list[str]:
    """Files changed on this branch against ``base``, committed or not (relative to ``root``)."""
    def git(*args: str) -> list[str]:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            raise Refused(f"git {' '.join(args)}: {result.stderr.strip().splitlines()[-1] if result.stderr.strip() else 'failed'}")
        return [line for line in result.stdout.splitlines() if line]

    names = git("diff", "--name-only", f"{base}...HEAD") + git("diff", "--name-only", "HEAD")
    names += git("ls-files", "--others", "--exclude-standard")
    return sorted(set(names))


def _module_of(relpath: str, root: Path) -> Path | None:
    """The folder of the innermost go.mod above a file of ``cookbook/``."""
    folder = (root / relpath).parent
    while folder != root and folder.is_relative_to(root / MODULE):
        if (folder / "go.mod").is_file():
            return folder
        folder = folder.parent
    return None


def _importers(module: Path, folders: set[str]) -> set[str]:
    """``folders`` (relative to ``module``) and the folders of the module's packages that import them."""
    go = shutil.which("go")
    if go is None or not folders:
        return set(folders)
    listed = subprocess.run([go, "list", "-e", "-json=Dir,ImportPath,Deps", "./..."], cwd=module,
                            capture_output=True, text=True, timeout=300)
    decoder, text, at, packages = json.JSONDecoder(), listed.stdout, 0, []
    while at < len(text):
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        item, at = decoder.raw_decode(text, at)
        packages.append(item)
    by_path = {p["ImportPath"]: Path(p["Dir"]).relative_to(module).as_posix() for p in packages if "Dir" in p}
    changed = {path for path, folder in by_path.items() if folder in folders}
    found = set(folders)
    for package in packages:
        if changed & set(package.get("Deps") or ()):
            found.add(by_path[package["ImportPath"]])
    return found


def affected_pages(changed: list[str], root: Path = ROOT) -> list[str]:
    pages = [page_files(p, root) for p in site_pages(root) if "en" in p.paths]
    hits = {p.docname for p in pages if p.files & set(changed)}
    go_changes: dict[Path, set[str]] = {}
    for relpath in changed:
        module = _module_of(relpath, root)
        if module is None:
            continue
        inner = (root / relpath).relative_to(module).as_posix()
        folder = posixpath.dirname(inner) or "."
        go_changes.setdefault(module, set())
        if inner in ("go.mod", "go.sum"):
            go_changes[module].add("")  # the whole module
        elif inner.endswith(".go"):
            go_changes[module].add(folder)
        else:  # an IDL, a manifest, a data file: named by path
            go_changes[module].add(inner)
    for module, folders in go_changes.items():
        prefix = module.relative_to(root / MODULE).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        whole = "" in folders
        affected = {prefix + f if f != "." else prefix.rstrip("/") for f in _importers(module, folders - {""})}
        for page in pages:
            if page.docname in hits:
                continue
            if whole and page.calls_go and (not prefix or any(_covers(prefix.rstrip("/"), m) for m in page.mentions)):
                hits.add(page.docname)
                continue
            named = page.mentions | {f.removeprefix(MODULE + "/") for f in page.files if f.startswith(MODULE + "/")}
            if any(_covers(a, m) for a in affected for m in named):
                hits.add(page.docname)
    return sorted(hits)


def _covers(changed: str, named: str) -> bool:
    """Whether a page naming ``named`` (a folder or file of the module) touches ``changed``."""
    if named == "":
        return True
    return changed == named or changed.startswith(named + "/") or named.startswith(changed + "/")


def pytest_command(tests: list[str], pages: list[str], extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", *tests, f"--proof-pages={','.join(pages) or 'none'}", *extra]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.proof_pages", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("page", help="prove one page")
    one.add_argument("page", help="the page, e.g. cookbook/hertz/routing")
    changed = sub.add_parser("changed", help="prove the pages changed against BASE, and run the fast tests")
    changed.add_argument("--base", default="main", help="the branch to compare with (default: main)")
    changed.add_argument("--list", action="store_true", help="only print the changed pages")
    argv = sys.argv[1:] if argv is None else argv
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    try:
        if args.what == "page":
            if not args.page.strip():
                raise Refused("usage: make proof PAGE=cookbook/hertz/routing")
            command = pytest_command(PAGE_TESTS, [docname_for(args.page)], extra)
        else:
            files = changed_files(args.base)
            pages = affected_pages(files)
            print(f"pages changed against {args.base}: {', '.join(pages) if pages else 'none'}")
            if args.list:
                return 0
            ignore = ["--ignore=tests/browser"]
            if not any(f.startswith(DEMO_FILES) for f in files):
                ignore.append("--ignore=tests/demos")
            command = pytest_command(["tests", *ignore, "-m", "not slow"], pages, extra)
    except Refused as error:
        print(f"proof: error: {error}", file=sys.stderr)
        return 2
    print("$ " + shlex.join(["python", *command[1:]]), flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
