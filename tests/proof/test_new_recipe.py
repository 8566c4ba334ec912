"""python -m tools.new_recipe NAME: a skeleton that fails the proof until it is filled in."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tools import new_recipe, translations
from tools.codeproof.blocks import find_blocks
from tools.codeproof.pages import ROOT, BlockFailure, run_page, tools_called, unfilled
from tools.codeproof.workspace import copy_module

GO = shutil.which("go")


@pytest.fixture
def site(tmp_path):
    """A copy of the cookbook (pages, indexes and module) to add recipes to."""
    shutil.copytree(ROOT / "cookbook", tmp_path / "cookbook", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def no_python(block, ports):
    raise AssertionError("no Python block expected")


def test_writes_both_pages_the_program_and_the_entries(site, capsys):
    assert new_recipe.main(["hertz/request-id", "--root", str(site)]) == 0
    cookbook = site / "cookbook"
    en = (cookbook / "hertz/request-id.md").read_text(encoding="utf-8")
    zh = (cookbook / "hertz/request-id.zh.md").read_text(encoding="utf-8")
    for heading in ("## The problem", "## The solution", "## The code", "## Run it", "## Related"):
        assert f"\n{heading}\n" in en
    for heading in ("## 问题", "## 解决方案", "## 完整代码", "## 运行", "## 相关内容"):
        assert f"\n{heading}\n" in zh
    assert "{{" not in en + zh
    assert "$ go run ./hertz/request-id\n" in en
    assert (cookbook / "hertz/request-id/main.go").read_text(encoding="utf-8").startswith("// The program of the recipe")
    # Same code in both languages; the Chinese page is a translation of the English one, up to date.
    assert [b.content for b in find_blocks(cookbook / "hertz/request-id.md")] == \
        [b.content for b in find_blocks(cookbook / "hertz/request-id.zh.md")]
    pages = translations.scan(site)
    assert pages["cookbook/hertz/request-id"].state("zh") == "ok"
    for lang, suffix in (("en", ".md"), ("zh", ".zh.md")):
        toctree = re.search(r"```\{toctree\}\n(.*?)```", (cookbook / f"hertz/index{suffix}").read_text(encoding="utf-8"), re.S)
        assert toctree.group(1).rstrip().endswith("\nrequest-id")
        home = (cookbook / f"index{suffix}").read_text(encoding="utf-8")
        hertz, kitex = home.index("## Hertz"), home.index("## Kitex")
        assert hertz < home.index(":link: hertz/request-id\n") < kitex  # a card in the Hertz grid
        assert pages["cookbook/index"].state(lang) == "ok"
    out = capsys.readouterr().out
    assert "created cookbook/hertz/request-id.md" in out and "updated cookbook/index.zh.md" in out


@pytest.mark.parametrize("name, message", [
    ("hertz/cors", "NAME='hertz/cors': cookbook/hertz/cors.md exists already"),
    ("Hertz/Cors", "is not PROJECT/NAME in lower case with hyphens"),
    ("hertz/cors/", "is not PROJECT/NAME in lower case with hyphens"),
    ("cors", "is not PROJECT/NAME in lower case with hyphens"),
    ("hertz/../x", "is not PROJECT/NAME in lower case with hyphens"),
    ("rust/cors", "the cookbook has no rust/ section (it has hertz, kitex)"),
])
def test_refuses_a_bad_name_with_one_line(site, capsys, name, message):
    before = {p: p.read_bytes() for p in (site / "cookbook").rglob("index*.md")}
    assert new_recipe.main([name, "--root", str(site)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("new-recipe: error: ") and err.count("\n") == 1
    assert {p: p.read_bytes() for p in before} == before  # nothing written


def test_refuses_a_program_folder_that_exists(site, capsys):
    (site / "cookbook/kitex/tracing").mkdir()
    assert new_recipe.main(["kitex/tracing", "--root", str(site)]) == 2
    assert "cookbook/kitex/tracing exists already" in capsys.readouterr().err
    assert not (site / "cookbook/kitex/tracing.md").exists()


@pytest.mark.skipif(GO is None, reason="the Go toolchain is not installed here (CI has it)")
def test_the_skeleton_fails_the_proof_until_it_is_filled_in(site, tmp_path):
    new_recipe.create("hertz/request-id", site)
    module = site / "cookbook"
    en, zh = module / "hertz/request-id.md", module / "hertz/request-id.zh.md"
    assert tools_called(find_blocks(en)) == ["go"]
    with pytest.raises(BlockFailure) as failed:
        run_page(en, copy_module(module, tmp_path / "run1" / "cookbook"), tmp_path / "logs", no_python, module)
    message = str(failed.value)
    assert "hertz/request-id.md:" in message.splitlines()[0]
    assert "$ go run ./hertz/request-id" in message
    assert "fill in the output" in message
    assert "hertz/request-id: replace this program with the recipe's" in message  # what to paste, or to change
    left = unfilled([en, zh])
    assert any(":5: # FILL IN: the title" in line for line in left)
    assert any("request-id.zh.md:" in line and "FILL IN：" in line for line in left)

    # The author writes the program's output and every part that says FILL IN.
    for page in (en, zh):
        text = page.read_text(encoding="utf-8")
        text = text.replace("FILL IN: the output of the command above, exactly as it prints it",
                            "hertz/request-id: replace this program with the recipe's")
        text = re.sub(r"^(#+ |- )?FILL IN[:：] ?", r"\1", text, flags=re.M)
        page.write_text(text, encoding="utf-8")
    assert unfilled([en, zh]) == []
    run = run_page(en, copy_module(module, tmp_path / "run2" / "cookbook"), tmp_path / "logs", no_python, module)
    assert run.status.count("executed") == 1
    assert "hertz/request-id/main.go" in run.proven_files


def test_make_target_refuses_without_a_name():
    result = subprocess.run(["make", "-s", "new-recipe", f"PY={sys.executable}", "STAMP="], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.splitlines()[0] == "usage: make new-recipe NAME=hertz/request-id"
