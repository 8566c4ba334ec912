"""Every page's console and Python blocks run, in order, and print what the page shows;
then the page's rendered code, in both languages, is accounted for (``tools/codeproof``)."""

from __future__ import annotations

import os

import pytest
from pytest_examples import find_examples

from tests.proof.conftest import PAGE_REPORT
from tools.codeproof import accounting
from tools.codeproof.blocks import find_blocks
from tools.codeproof.console import first_changed_line
from tools.codeproof.pages import (
    ROOT,
    BlockFailure,
    false_generated_claims,
    missing_tools,
    rel,
    run_page,
    site_pages,
    tools_called,
)

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
        except pytest.fail.Exception as error:  # pytest-examples: a #> line differs, shown as a diff
            example.source = original
            line = first_changed_line(str(error)) or block.line
            raise BlockFailure(f"{rel(page_path)}:{line}: what the python block printed differs from its "
                               f"#> line:\n{error}") from None
        except Exception as error:
            example.source = original
            raise BlockFailure(f"{rel(page_path)}:{block.line}: python block failed:\n{error}") from None
        finally:
            os.chdir(here)

    return run


@pytest.mark.parametrize("page", PAGES, ids=[p.docname for p in PAGES])
def test_page_blocks_run(page, rendered, eval_example, request, tmp_path):
    path = page.paths["en"]
    blocks = find_blocks(path)
    missing = missing_tools(blocks)
    if missing and os.environ.get("CI"):
        pytest.fail(f"{rel(path)}: CI must run every page, but: {'; '.join(missing)}", pytrace=False)
    run, failure = None, None
    if not missing:
        module_dir = None
        workdir = tmp_path
        if "go" in tools_called(blocks):
            workdir, module_dir = request.getfixturevalue("go_workspace"), ROOT / "cookbook"
        runner = python_runner(eval_example, path, page.paths.get("zh"), workdir)
        try:
            run = run_page(path, workdir, tmp_path / "logs", runner, module_dir)
        except BlockFailure as error:
            failure, run = error, error.run
    report = accounting.account_page(page, rendered, run, skipped=missing, failed=failure is not None)
    request.node.user_properties.append((PAGE_REPORT, report))
    if failure is not None:
        pytest.fail(str(failure), pytrace=False)
    places = accounting.unaccounted(report)
    if places:
        pytest.fail(f"{len(places)} code block(s) of this page are unaccounted "
                    f"(run them, or add not-runnable=\"reason\"):\n  " + "\n  ".join(places), pytrace=False)
    if missing:
        pytest.skip(f"{rel(path)}: not run here, {'; '.join(missing)}")


def test_only_pages_the_build_writes_say_generated():
    claims = false_generated_claims()
    assert not claims, "\n".join(claims)
