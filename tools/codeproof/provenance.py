"""What the commands of a page compiled and read: the proof of the files a page shows.

A Go file shown on a page (``literalinclude``) is proven when the Go toolchain
compiled it for a command the page ran.  After the page, ``go list -deps`` names the
files of the packages that its ``go run``, ``go build``, ``go install``, ``go test``
and ``go vet`` commands named, and of the packages of the module they import, in
the folder and with the build tags and environment each ran with: ``GoFiles``,
``CgoFiles`` and ``EmbedFiles``, plus ``TestGoFiles`` and ``XTestGoFiles`` of the
named packages for ``go test`` and ``go vet``.  A file
behind ``//go:build ignore``, a ``_test.go`` file outside ``go test``, or a file in
a ``_folder`` that ``./...`` skips is therefore not proven, however often a page
names it.

Any other file (an IDL, a manifest, a patch) is proven when a *consuming*
command that ran was given it as an argument or on its standard input (``<``):
a tool of ``CONSUMERS`` (run as ``go tool NAME`` or ``NAME``), or a program of
the site, run with ``go run`` or built earlier on the page with ``go build -o`` (the
site's programs read the files named on their command line).  An IDL a generator reads also proves the IDL files it imports
(``import "api.proto";``, ``include "base.thrift"``), found next to it or in the
folders given with ``-I``.  ``cat``, ``ls``, ``grep``, ``cd``, ``go doc`` or
``go list`` prove nothing.
"""

from __future__ import annotations

import glob
import json
import os
import posixpath
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# Code generators, and patch: every file named in their arguments (or given on their standard
# input) is read by them.
CONSUMERS = {"kitex", "hz", "thriftgo", "protoc", "buf", "patch"}
# What an IDL file imports: Protobuf's import and Thrift's include statements.
_IDL_IMPORT = re.compile(r'^\s*(?:import\s+(?:public\s+|weak\s+)?|include\s+)"([^"]+)"', re.M)
COMPILE = {"run", "build", "install", "test", "vet"}
WITH_TESTS = {"test", "vet"}
# Flags of the go command (build and test flags) that take a value as the next word.
_GO_VALUE_FLAGS = {
    "C", "p", "covermode", "coverpkg", "asmflags", "buildmode", "compiler", "gccgoflags", "gcflags",
    "installsuffix", "ldflags", "mod", "modfile", "overlay", "pgo", "pkgdir", "tags", "toolexec", "o",
    "exec", "bench", "benchtime", "count", "cpu", "fuzz", "fuzztime", "fuzzminimizetime", "list",
    "outputdir", "parallel", "run", "shuffle", "skip", "timeout", "vet", "blockprofile",
    "blockprofilerate", "coverprofile", "cpuprofile", "memprofile", "memprofilerate", "mutexprofile",
    "mutexprofilefraction", "trace",
}
_OPERATORS = {"&&", "||", ";", "|", "&", "(", ")", "|&", ";;", "\n"}
_REDIRECT = re.compile(r"^\d*(>>?|<|>&|&>|<&|<<<?)$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_LIST_FIELDS = "Dir,DepOnly,GoFiles,CgoFiles,EmbedFiles,TestGoFiles,XTestGoFiles"


@dataclass
class Invocation:
    """One simple command of a shell line: the folder it ran in, its environment and words."""

    cwd: str  # relative to the page's working folder
    env: dict[str, str]
    argv: list[str]
    stdin: list[str] = field(default_factory=list)  # files redirected into it with <


@dataclass
class GoCompile:
    cwd: str
    env: dict[str, str]
    tags: str
    tests: bool
    packages: list[str]
    output: str = ""  # go build -o: the program's path, relative to cwd


@dataclass
class Provenance:
    """What the commands of one page compiled and consumed, as paths relative to its folder."""

    compiles: list[GoCompile] = field(default_factory=list)
    consumed: set[str] = field(default_factory=set)
    programs: set[str] = field(default_factory=set)  # built with go build -o, relative to the folder

    def note(self, command: str, workdir: Path) -> None:
        """Remember what ``command`` (as run, in ``workdir``) compiles and consumes."""
        for inv in invocations(command):
            compile_ = go_compile(inv)
            if compile_ is not None:
                self.compiles.append(compile_)
                if compile_.output:
                    self.programs.add(posixpath.normpath(posixpath.join(compile_.cwd, compile_.output)))
            self.consumed |= consumed_files(inv, workdir, self.programs)

    def compiled(self, workdir: Path, env: dict[str, str]) -> set[str]:
        """Ask ``go list`` which files the noted commands compiled (one call per folder and setting)."""
        groups: dict[tuple, list[str]] = {}
        for c in self.compiles:
            key = (c.cwd, tuple(sorted(c.env.items())), c.tags, c.tests)
            groups.setdefault(key, []).extend(c.packages)
        files: set[str] = set()
        root = workdir.resolve()
        for (cwd, extra_env, tags, tests), packages in groups.items():
            folder = workdir / cwd
            if not folder.is_dir():
                continue  # a scratch folder the page removed again: nothing the site shows
            command = ["go", "list", "-e", "-deps", f"-json={_LIST_FIELDS}"]
            if tags:
                command.append(f"-tags={tags}")
            result = subprocess.run([*command, *dict.fromkeys(packages)], cwd=folder,
                                    env={**env, **dict(extra_env)}, capture_output=True, text=True, timeout=300)
            for package in _json_stream(result.stdout):
                # Most packages are the module cache's or the standard library's: skipped by their
                # folder, instead of resolving each of their files (which took 25 of the 143 s of
                # the proof of all pages).
                if not package.get("Dir") or not Path(package["Dir"]).resolve().is_relative_to(root):
                    continue
                names = [*package.get("GoFiles", []), *package.get("CgoFiles", []), *package.get("EmbedFiles", [])]
                if tests and not package.get("DepOnly"):
                    names += [*package.get("TestGoFiles", []), *package.get("XTestGoFiles", [])]
                for name in names:
                    path = Path(package["Dir"]) / name
                    try:
                        files.add(path.resolve().relative_to(root).as_posix())
                    except ValueError:
                        pass  # a file outside the working folder (the module cache)
        return files


def _json_stream(text: str):
    decoder, at = json.JSONDecoder(), 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return
        value, at = decoder.raw_decode(text, at)
        yield value


def invocations(command: str) -> list[Invocation]:
    """The simple commands of a shell line, following ``cd`` within it."""
    text = command.replace("\\\n", " ")
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace = " \t\r"  # newlines separate commands
    lexer.wordchars += ":@%+,{}[]^!$\\"
    lexer.commenters = "#"
    try:
        words = list(lexer)
    except ValueError:
        words = text.split()
    found: list[Invocation] = []
    cwd, current = ".", []

    def flush():
        nonlocal cwd
        env, argv, stdin, skip = {}, [], [], False
        for index, word in enumerate(current):
            if skip:
                skip = False
            elif word.isdigit() and index + 1 < len(current) and _REDIRECT.match(current[index + 1]):
                continue  # the 2 of 2>&1
            elif _REDIRECT.match(word):
                skip = True
                if word == "<" and index + 1 < len(current):
                    stdin.append(current[index + 1])
            elif not argv and _ASSIGNMENT.match(word):
                name, _, value = word.partition("=")
                env[name] = value
            else:
                argv.append(word)
        current.clear()
        if not argv:
            return
        if argv[0] == "cd":
            cwd = posixpath.normpath(posixpath.join(cwd, argv[1])) if len(argv) > 1 else "."
            return
        found.append(Invocation(cwd, env, argv, stdin))

    for word in words:
        if word in _OPERATORS:
            flush()
        else:
            current.append(word)
    flush()
    return found


def _go_folder(inv: Invocation) -> tuple[str, list[str]]:
    """The folder ``go`` runs in (``-C dir`` followed) and its words after the program name."""
    args = inv.argv[1:]
    cwd = inv.cwd
    if len(args) >= 2 and args[0] == "-C":
        cwd, args = posixpath.normpath(posixpath.join(cwd, args[1])), args[2:]
    elif args and args[0].startswith("-C="):
        cwd, args = posixpath.normpath(posixpath.join(cwd, args[0][3:])), args[1:]
    return cwd, args


def _is_go(word: str) -> bool:
    return word == "go" or word.endswith("/go")


def go_compile(inv: Invocation) -> GoCompile | None:
    """What a ``go run/build/install/test/vet`` command compiles, or None for any other command."""
    parsed = _parse_go(inv)
    return parsed[0] if parsed else None


def _parse_go(inv: Invocation) -> tuple[GoCompile, list[str]] | None:
    """The compile of a go command and, for ``go run``, the program's arguments."""
    if not inv.argv or not _is_go(inv.argv[0]):
        return None
    cwd, args = _go_folder(inv)
    if not args or args[0] not in COMPILE:
        return None
    verb, rest = args[0], args[1:]
    tags, output, packages, i = "", "", [], 0
    while i < len(rest):
        word = rest[i]
        i += 1
        if word in ("-args", "--"):
            break
        if word.startswith("-"):
            name, has_value, value = word.lstrip("-").partition("=")
            if not has_value and name in _GO_VALUE_FLAGS:
                value, i = (rest[i] if i < len(rest) else ""), i + 1
            if name == "tags":
                tags = value
            elif name == "o" and verb == "build":
                output = value
            continue
        packages.append(word)
        # go run PACKAGE ARGS… (or go run a.go b.go ARGS…): the rest are the program's arguments
        if verb == "run" and not (word.endswith(".go") and i < len(rest) and rest[i].endswith(".go")):
            break
    program_args = rest[i:] if verb == "run" else []
    return GoCompile(cwd, inv.env, tags, verb in WITH_TESTS, packages or ["."], output), program_args


def _program_arguments(inv: Invocation, programs: set[str] = frozenset()) -> list[str] | None:
    """The arguments of a consuming command, or None when ``inv`` does not consume files."""
    argv = inv.argv
    if not argv:
        return None
    if posixpath.basename(argv[0]) in CONSUMERS:
        return argv[1:]
    if "/" in argv[0] and posixpath.normpath(posixpath.join(inv.cwd, argv[0])) in programs:
        return argv[1:]  # a program of the site that the page built
    if not _is_go(argv[0]):
        return None
    _cwd, args = _go_folder(inv)
    if len(args) >= 2 and args[0] == "tool" and posixpath.basename(args[1]) in CONSUMERS:
        return args[2:]
    parsed = _parse_go(inv)
    return parsed[1] if parsed else None


def consumed_files(inv: Invocation, workdir: Path, programs: set[str] = frozenset()) -> set[str]:
    """Files (relative to ``workdir``) a consuming command read: its arguments, its standard
    input, and the IDL files the IDLs among them import.  ``programs``: the site's programs the
    page built with ``go build -o``."""
    args = _program_arguments(inv, programs)
    if args is None:
        return set()
    cwd = _go_folder(inv)[0] if _is_go(inv.argv[0]) else inv.cwd
    base = workdir / cwd
    found: set[Path] = set()
    includes: list[Path] = []
    for index, word in enumerate([*args, *inv.stdin]):
        value = word.split("=", 1)[1] if word.startswith("-") and "=" in word else word
        if value.startswith("-") or not value:
            continue
        matches = glob.glob(value, root_dir=base) if glob.has_magic(value) else [value]
        for match in matches:
            path = Path(os.path.normpath(base / match))
            if path.is_file():
                found.add(path)
            elif path.is_dir() and index > 0 and args[index - 1] in ("-I", "--proto_path"):
                includes.append(path)
    _add_imports(found, includes)
    files: set[str] = set()
    for path in found:
        try:
            files.add(path.relative_to(workdir).as_posix())
        except ValueError:
            pass
    return files


def _add_imports(found: set[Path], includes: list[Path]) -> None:
    """Add to ``found`` the IDL files its IDL files import, and theirs, where they exist."""
    todo = [p for p in found if p.suffix in (".proto", ".thrift")]
    while todo:
        idl = todo.pop()
        try:
            text = idl.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for name in _IDL_IMPORT.findall(text):
            for folder in (idl.parent, *includes):
                candidate = Path(os.path.normpath(folder / name))
                if candidate.is_file():
                    if candidate not in found:
                        found.add(candidate)
                        todo.append(candidate)
                    break
