"""Run the console steps of a walkthrough page for a reader, and show what they print.

    python -m tools.walkthrough demos/pprof.md --workdir _build/demo-pprof

``make demo-pprof`` and ``make demo-lanes`` run their page this way, so a
reader runs exactly the commands the page shows, in its order.  The steps
run in a copy of ``cookbook/`` inside the work folder (the repository is
not touched), with the same free-port mapping and process handling as the
proof run (``tools/codeproof``): each ``127.0.0.1:NNNN`` of the page gets a
free port, background steps are started and waited for, and every server is
stopped by its process group at the end.  Unlike the proof run, the output
is not compared with the page: the programs' own checks decide, and the
first step that exits with an error ends the run.  Blocks marked
``not-runnable`` are shown with their reason and skipped.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from tools.codeproof.blocks import find_blocks
from tools.codeproof.console import parse_session
from tools.codeproof.pages import classify, rel
from tools.codeproof.workspace import Ports, Shell, copy_module, go_env

ROOT = Path(__file__).resolve().parent.parent
# A build or a demo run may take minutes on a loaded machine.
STEP_TIMEOUT = 600.0


class StepFailed(RuntimeError):
    """A step of the page exited with an error."""


def prepare(workdir: Path) -> Path:
    """A fresh copy of the cookbook in ``workdir``; what an earlier run left there goes first."""
    cookbook = workdir / "cookbook"
    if cookbook.exists():
        shutil.rmtree(cookbook)
    workdir.mkdir(parents=True, exist_ok=True)
    return copy_module(ROOT / "cookbook", cookbook)


def run(page: Path, workdir: Path, say: Callable[[str], None] = print,
        env: dict[str, str] | None = None) -> Path:
    """Run the page's console steps in ``workdir/cookbook``; return that folder.

    The steps run in ``env``, by default the proof's (``go_env``: Go builds with
    ``-trimpath`` and share the build cache the proof fills).
    Raises StepFailed on the first step that exits with an error.
    """
    cookbook = prepare(workdir)
    ports = Ports()
    shell = Shell(cwd=cookbook, logs=workdir / "logs", env=go_env() if env is None else env)
    shell.logs.mkdir(parents=True, exist_ok=True)
    try:
        for block in find_blocks(page):
            kind = classify(block)
            if block.marked_reason:
                say(f"\n(not run here, {block.marked_reason}: {block.content.splitlines()[0]} …)")
                continue
            if kind != "console":
                continue
            for step in parse_session(block.content, block.line + 1):
                say(f"\n$ {step.command}")
                command = ports.to_run(step.shell_command)
                if step.background:
                    try:
                        shell.start(command, ports.real_ports(step.shell_command))
                    except RuntimeError as error:
                        raise StepFailed(f"{rel(page)}:{step.line}: the server did not start: {error}") from None
                    continue
                status, output = shell.run(command, timeout=STEP_TIMEOUT)
                output = ports.to_page(output).rstrip("\n")
                if output:
                    say(output)
                if status != 0:
                    raise StepFailed(f"{rel(page)}:{step.line}: exited with status {status}")
    finally:
        shell.stop_all()
    return cookbook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="the English page, e.g. demos/pprof.md")
    parser.add_argument("--workdir", type=Path, required=True, help="where the cookbook copy and outputs go")
    args = parser.parse_args(argv)
    try:
        run(args.page.resolve(), args.workdir.resolve())
    except StepFailed as error:
        print(f"\nwalkthrough: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
