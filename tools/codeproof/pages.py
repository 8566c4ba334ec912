"""Run the code blocks of one page, in order, the way a reader would."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tools import translations
from tools.codeproof.blocks import Block, find_blocks, front_matter
from tools.codeproof.console import compare, parse_session
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
_TOOL_CALL = re.compile(r"(?:^|[\s;&|(])(" + "|".join(map(re.escape, TOOLS)) + r")(?=\s|$)", re.M)


class BlockFailure(AssertionError):
    """A block did not do what the page says; the message names page, line and command."""


@dataclass
class PageRun:
    """Proof results for one page (English source; the Chinese page mirrors it)."""

    path: Path
    blocks: list[Block]
    status: list[str] = field(default_factory=list)  # per block: executed/marked/pending/unaccounted
    commands: list[str] = field(default_factory=list)  # executed commands, as written on the page


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


def normalise_rules(path: Path, proof: dict) -> list[tuple[re.Pattern, str]]:
    rules = []
    for index, rule in enumerate(proof.get("normalize") or []):
        try:
            rules.append((re.compile(rule["pattern"]), str(rule.get("replace", ""))))
        except (KeyError, TypeError, re.error) as error:
            raise BlockFailure(f"{rel(path)}: front matter proof.normalize[{index}]: {error}") from None
    return rules


def classify(block: Block) -> str:
    """'console', 'python', 'include', 'marked' or 'unaccounted'."""
    if block.marked_reason is not None:
        return "marked" if block.marked_reason.strip() else "unaccounted"
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
) -> PageRun:
    """Run every console and Python block of ``path`` in order; raise BlockFailure on the first failure."""
    blocks = find_blocks(path)
    result = PageRun(path, blocks, [classify(b) for b in blocks])
    proof = page_settings(path)
    rules = normalise_rules(path, proof)
    ports = Ports()
    logs.mkdir(parents=True, exist_ok=True)
    shell = Shell(cwd=workdir, logs=logs)
    try:
        for index, block in enumerate(blocks):
            kind = result.status[index]
            if kind == "console":
                for step in parse_session(block.content, block.line + 1):
                    _run_step(path, step, shell, ports, rules)
                    result.commands.append(step.shell_command)
                result.status[index] = "executed"
            elif kind == "python":
                run_python(block, ports)
                result.status[index] = "executed"
    finally:
        shell.stop_all()
        shutil.rmtree(logs, ignore_errors=True)
    return result


def _run_step(path: Path, step, shell: Shell, ports: Ports, rules) -> None:
    command = ports.to_run(step.shell_command)
    where = f"{rel(path)}:{step.line}: $ {step.command}"
    if step.background:
        try:
            shell.start(command, ports.real_ports(step.shell_command))
        except RuntimeError as error:
            raise BlockFailure(f"{where}\nthe background server did not start: {error}") from None
        return
    status, output = shell.run(command)
    output = ports.to_page(output)
    if status != 0:
        raise BlockFailure(f"{where}\nexited with status {status}; output:\n{output}")
    diff = compare(step.expected, output, rules)
    if diff is not None:
        raise BlockFailure(f"{where}\noutput differs from the page:\n{diff}")


def site_pages(root: Path = ROOT) -> list[translations.Page]:
    """Every hand-written page pair of the site (generated pages show no code)."""
    return sorted(translations.scan(root).values(), key=lambda p: p.docname)
