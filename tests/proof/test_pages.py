"""Every page's console and Python blocks run, in order, and print what the page shows."""

from __future__ import annotations

import os

import pytest
from pytest_examples import find_examples

from tools.codeproof.blocks import find_blocks
from tools.codeproof.pages import BlockFailure, missing_tools, rel, run_page, site_pages, tools_called

PAGES = [p for p in site_pages() if "en" in p.paths]


def python_runner(eval_example, page_path, zh_path, workdir):
    """Run one Python block with pytest-examples: ``#>`` output checks and ruff.

    Python blocks run in the same directory as the page's console blocks.
    """
    examples = {ex.start_line: ex for ex in find_examples(page_path)}
    zh_examples = {}
    if zh_path is not None:
        zh_examples = {i: ex for i, ex in enumerate(find_examples(zh_path))}
    order = sorted(examples)
    eval_example.set_config(line_length=100, ruff_line_length=100, target_version="py310")

    def run(block, ports):
        example = examples[block.line]
        original = example.source
        example.source = ports.to_run(original)
        eval_example.print_callback = ports.to_page
        here = os.getcwd()
        os.chdir(workdir)
        try:
            if eval_example.update_examples:
                eval_example.run_print_update(example)
                example.source = ports.to_page(example.source)
                twin = zh_examples.get(order.index(block.line))
                if twin is not None and example.source != original:
                    twin.source = example.source
                    eval_example.to_update.append(twin)
            else:
                eval_example.run_print_check(example)
                example.source = original
                eval_example.lint_ruff(example)
        except Exception as error:
            example.source = original
            raise BlockFailure(f"{rel(page_path)}:{block.line}: python block failed:\n{error}") from None
        finally:
            os.chdir(here)

    return run


@pytest.mark.parametrize("page", PAGES, ids=[p.docname for p in PAGES])
def test_page_blocks_run(page, eval_example, proof_state, request, tmp_path):
    path = page.paths["en"]
    blocks = find_blocks(path)
    missing = missing_tools(blocks)
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{rel(path)}: CI must run every page, but: {'; '.join(missing)}", pytrace=False)
        proof_state.skipped[page.docname] = missing
        pytest.skip(f"{rel(path)}: not run here, {'; '.join(missing)}")
    if "go" in tools_called(blocks):
        workdir = request.getfixturevalue("go_workspace")
    else:
        workdir = tmp_path
    runner = python_runner(eval_example, path, page.paths.get("zh"), workdir)
    try:
        proof_state.runs[page.docname] = run_page(path, workdir, tmp_path / "logs", runner)
    except BlockFailure as failure:
        pytest.fail(str(failure), pytrace=False)
