"""Run the code blocks of one page, in order, the way a reader would."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pathspec
import yaml

from tools import translations
from tools.codeproof.blocks import Block, find_blocks, front_matter, reason_problem
from tools.codeproof.console import Rule, RuleError, Step, compare, parse_session
from tools.codeproof.generated import GeneratedCode
from tools.codeproof.provenance import Provenance
from tools.codeproof.workspace import Ports, Shell

ROOT = Path(__file__).resolve().parents[2]
RUNNABLE = {"console": "console", "python": "python", "py": "python"}
# Programs a page may call that are not on every machine, and how to get each. A page whose
# commands call one that is missing is skipped with one line naming it (CI fails instead).
TOOLS = {
    "go": "the Go toolchain (Go 1.26, https://go.dev/dl/)",
    "curl": "Debian package curl",
    "dot": "Debian package graphviz",
    "redis-server": "Debian package redis-server",
    "redis-cli": "Debian package redis-tools",
    "etcd": "Debian package etcd-server",
    "etcdctl": "Debian package etcd-client",
    "protoc": "Debian packages protobuf-compiler and libprotobuf-dev",
}
# What `make new-recipe` leaves for the author to write: a page that still shows one fails.
FILL_IN = "FILL IN"
_UNFILLED = re.compile(r"^(?:#+ |- |:::\{grid-item-card\} )?FILL IN[:：]")
_TOOL_CALL = re.compile(r"(?:^|[\s;&|(])(" + "|".join(map(re.escape, TOOLS)) + r")(?=\s|$)", re.M)


class BlockFailure(AssertionError):
    """A block did not do what the page says; the message names page, line and command.

    ``run`` holds what the page proved before it failed.
    """

    def __init__(self, message: str, run: PageRun | None = None):
        super().__init__(message)
        self.run = run


@dataclass
class PageRun:
    """Proof results for one page (English source; the Chinese page mirrors it)."""

    path: Path
    blocks: list[Block]
    status: list[str] = field(default_factory=list)  # per block: executed, or its kind while not run
    commands: list[str] = field(default_factory=list)  # executed commands, as written on the page
    provenance: Provenance = field(default_factory=Provenance)
    compiled: set[str] = field(default_factory=set)  # files the Go toolchain compiled (relative to workdir)
    regenerated: list[str] = field(default_factory=list)  # generated roots checked against the committed ones

    @property
    def proven_files(self) -> set[str]:
        return self.compiled | self.provenance.consumed


def rel(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def page_settings(path: Path) -> dict:
    header = front_matter(path.read_text(encoding="utf-8"))
    data = yaml.safe_load(header) if header else None
    proof = (data or {}).get("proof") or {}
    if not isinstance(proof, dict):
        raise BlockFailure(f"{rel(path)}: front matter 'proof' must be a mapping")
    return proof


def _rule_lines(path: Path) -> list[int]:
    """The line of each ``pattern:`` under ``normalize:`` in the front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found, inside = [], False
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if line.strip().startswith("normalize:"):
            inside = True
        elif inside and re.match(r"^\s*-?\s*pattern:", line):
            found.append(number)
    return found


def normalise_rules(path: Path, proof: dict) -> list[Rule]:
    rules, lines = [], _rule_lines(path)
    for index, rule in enumerate(proof.get("normalize") or []):
        line = f":{lines[index]}" if index < len(lines) else ""
        name = f"{rel(path)}{line}: proof.normalize[{index}]"
        try:
            rules.append(Rule.make(rule["pattern"], str(rule.get("replace", "")), name))
        except (KeyError, TypeError) as error:
            raise BlockFailure(f"{name}: {error}") from None
        except RuleError as error:
            raise BlockFailure(str(error)) from None
    return rules


def classify(block: Block) -> str:
    """'console', 'python', 'include', 'marked' or 'unaccounted'."""
    if block.marked_reason is not None:
        reason = block.marked_reason.strip()
        return "marked" if reason and reason_problem(reason) is None else "unaccounted"
    if block.kind == "literalinclude":
        return "include"
    if block.kind == "fence" and block.language in RUNNABLE:
        return RUNNABLE[block.language]
    return "unaccounted"


def tools_called(blocks: list[Block]) -> list[str]:
    """The programs of ``TOOLS`` that the page's console commands call, in ``TOOLS`` order."""
    called = {
        match.group(1)
        for b in blocks if classify(b) == "console"
        for step in parse_session(b.content, 0)
        for match in _TOOL_CALL.finditer(step.command)
    }
    return [tool for tool in TOOLS if tool in called]


def missing_tools(blocks: list[Block], which: Callable[[str], str | None] = shutil.which) -> list[str]:
    """One line per program the page calls that is not on PATH, naming what provides it."""
    return [f"{tool}: install {TOOLS[tool]}" for tool in tools_called(blocks) if which(tool) is None]


def run_page(
    path: Path,
    workdir: Path,
    logs: Path,
    run_python: Callable[[Block, Ports], None],
    module_dir: Path | None = None,
) -> PageRun:
    """Run every console and Python block of ``path`` in order; raise BlockFailure on the first failure.

    ``module_dir`` is the folder ``workdir`` is a scratch copy of (``cookbook/``): then the files
    the page's commands compiled are asked of ``go list``, and generated code the page's commands
    rewrite is compared with the committed code.
    """
    blocks = find_blocks(path)
    result = PageRun(path, blocks, [classify(b) for b in blocks])
    proof = page_settings(path)
    rules = normalise_rules(path, proof)
    ports = Ports()
    logs.mkdir(parents=True, exist_ok=True)
    shell = Shell(cwd=workdir, logs=logs)
    generated = GeneratedCode(module_dir, workdir) if module_dir is not None else None
    background: list[Step] = []
    try:
        for index, block in enumerate(blocks):
            kind = result.status[index]
            if kind == "console":
                for step in parse_session(block.content, block.line + 1):
                    _run_step(path, step, shell, ports, rules, background)
                    result.commands.append(step.shell_command)
                    result.provenance.note(ports.to_run(step.shell_command), workdir)
                    _check_servers(path, shell, background)
                    if generated is not None:
                        generated.note(step)
                result.status[index] = "executed"
            elif kind == "python":
                run_python(block, ports)
                _check_servers(path, shell, background)
                result.status[index] = "executed"
        found = generated.finish() if generated is not None else None
        if found:
            step, problem = found
            raise BlockFailure(f"{rel(path)}:{step.line}: $ {step.command}\n{problem}")
    except BlockFailure as failure:
        raise BlockFailure(str(failure), result) from None
    finally:
        shell.stop_all()
        shutil.rmtree(logs, ignore_errors=True)
        # What ran proves what it compiled, also when a later step failed.
        if module_dir is not None and any(b.kind == "literalinclude" for b in blocks):
            result.compiled = result.provenance.compiled(workdir, shell.env)
        if generated is not None:
            result.regenerated = list(generated.regenerated)
    return result


def _check_servers(path: Path, shell: Shell, background: list[Step]) -> None:
    failed = shell.failed_server()
    if failed is not None:
        index, status, output = failed
        step = background[index]
        raise BlockFailure(f"{rel(path)}:{step.line}: $ {step.command}\n"
                           f"the background step exited with status {status}; its output:\n{output}")


def _run_step(path: Path, step: Step, shell: Shell, ports: Ports, rules: list[Rule], background: list[Step]) -> None:
    command = ports.to_run(step.shell_command)
    where = f"{rel(path)}:{step.line}: $ {step.command}"
    if step.background:
        if any(line.strip() for line in step.expected):
            raise BlockFailure(f"{where}\na background step (ending in ' &') shows output lines, which nothing "
                               f"checks; show output under the commands that print it")
        named = ports.real_ports(step.shell_command)
        if not named:
            raise BlockFailure(f"{where}\na background step must name the 127.0.0.1:PORT (or --port PORT) "
                               f"it opens, so that the proof can wait for it")
        try:
            shell.start(command, named)
        except RuntimeError as error:
            raise BlockFailure(f"{where}\nthe background step did not start: {error}") from None
        background.append(step)
        return
    status, output = shell.run(command)
    output = ports.to_page(output)
    if status != 0:
        raise BlockFailure(f"{where}\nexited with status {status}; output:\n{output}")
    if any(_UNFILLED.match(line) for line in step.expected):
        raise BlockFailure(f"{where}\nfill in the output: the page shows a {FILL_IN} line where the output "
                           f"goes; the command printed:\n{output}")
    try:
        diff = compare(step.expected, output, rules)
    except RuleError as error:
        raise BlockFailure(f"{where}\n{error}") from None
    if diff is not None:
        raise BlockFailure(f"{where}\noutput differs from the page:\n{diff}")


def unfilled(paths: list[Path]) -> list[str]:
    """``file:line: …`` for every line of the pages that still says FILL IN (``make new-recipe``)."""
    return [f"{rel(path)}:{number}: {line.strip()}"
            for path in paths
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if _UNFILLED.match(line)]


@lru_cache(maxsize=4)
def _ignored(root: Path) -> pathspec.GitIgnoreSpec:
    gitignore = root / ".gitignore"
    lines = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.is_file() else []
    return pathspec.GitIgnoreSpec.from_lines(lines)


def built_by_the_site(page: translations.Page, root: Path = ROOT) -> bool:
    """True when the build writes ``page`` (so it may say ``generated: true``): .gitignore lists it."""
    spec = _ignored(root)
    return all(spec.match_file(path.relative_to(root).as_posix()) for path in page.paths.values())


def site_pages(root: Path = ROOT) -> list[translations.Page]:
    """Every hand-written page pair of the site.

    ``generated: true`` is honoured only on pages the build writes (``built_by_the_site``);
    a committed page that says so is proven like any other.
    """
    pages = translations.scan(root, with_generated=True).values()
    return sorted((p for p in pages if not (p.generated and built_by_the_site(p, root))), key=lambda p: p.docname)


def false_generated_claims(root: Path = ROOT) -> list[str]:
    """One line per page that says ``generated: true`` although the build does not write it."""
    found = []
    for page in site_pages(root):
        for lang, path in sorted(page.paths.items()):
            if page.meta.get(lang, {}).get("generated"):
                line = next((n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                             if text.startswith("generated:")), 1)
                where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
                found.append(f"{where}:{line}: front matter says 'generated: true', but the build does not "
                             f"write this page (only pages .gitignore lists are generated); remove the line")
    return found
