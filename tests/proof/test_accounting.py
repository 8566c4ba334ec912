"""The accounting counts what Sphinx renders (``tools/codeproof/accounting.py``).

The end-to-end tests write bad pages into a scratch copy of the site and run the
proof suite itself on it, as ``make test`` does; each asserts the failure and the
page:line it names.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from tools.codeproof.accounting import match_blocks
from tools.codeproof.blocks import find_blocks
from tools.codeproof.rendered import RenderedBlock

GO = shutil.which("go")


def test_rendered_blocks_meet_the_harness_blocks_by_file_and_line(tmp_path):
    page = tmp_path / "docs" / "p.md"
    page.parent.mkdir()
    page.write_text("# P\n\n```console\n$ true\n```\n\n:::{note}\n```console\n$ false\n```\n:::\n\n"
                    "```console\n$ true\n```\n", encoding="utf-8")
    blocks = find_blocks(page)

    def node(line, text="$ true\n", source="docs/p.md"):
        return RenderedBlock(source, line, "literal_block", "console", text)

    # Exact lines first; a block nested in a directive may be a line or two off; the code must be the
    # same (code from elsewhere two lines above does not take the block); another file never matches.
    nodes = [node(12, "$ echo sneaky\n"), node(3), node(9, "$ false\n"), node(3, source="docs/q.md"), node(14)]
    assert match_blocks(nodes, blocks, tmp_path) == [None, 0, 1, None, 2]


SNEAKY = """\
---
myst:
  substitutions:
    fence: |
      ```console
      $ echo from a substitution
      ```
---
# Sneaky

```{eval-rst}
.. code-block:: console

   $ echo from rst
```

```{include} ../cookbook/hello/main.go
:code: go
```

<pre>raw code</pre>

{{ fence }}

```console
$ echo counted
counted
```
"""

REASONS = """\
# Reasons

```yaml not-runnable="{short}"
a: 1
```

```yaml not-runnable="{long}"
b: 2
```
"""

CLAIMS = """\
---
generated: true
---
# Claims

```console
$ echo run anyway
run anyway
```
"""

FAILING = """\
# Failing

```console
$ echo out; exit 3
out
```
"""

PRINTING = """\
# Printing

```python
print(1 + 1)
#> 3
```
"""

SHOWN = """\
# Shown

```{literalinclude} ../cookbook/hello/main.go
:language: go
```

```{literalinclude} ../cookbook/hello/ignored.go
:language: go
```

```{literalinclude} ../cookbook/hello/hello_test.go
:language: go
```

```{literalinclude} ../cookbook/_hidden/main.go
:language: go
```

```{literalinclude} ../cookbook/hello/greeting.yaml
:language: yaml
```

```{literalinclude} ../cookbook/hello/unread.yaml
:language: yaml
```

```console
$ go run ./hello hello/greeting.yaml
hello
$ cat hello/ignored.go hello/unread.yaml > /dev/null
$ ls _hidden
main.go
$ grep -c Test hello/hello_test.go
1
```
"""

PROGRAM = """\
package main

import (
\t"fmt"
\t"os"
)

func main() {
\tif _, err := os.ReadFile(os.Args[1]); err != nil {
\t\tpanic(err)
\t}
\tfmt.Println("hello")
}
"""


@pytest.fixture(scope="module")
def bad_site(scratch_site):
    site = scratch_site
    site.write("cookbook/hello/main.go", PROGRAM)
    site.write("cookbook/hello/ignored.go", "//go:build ignore\n\npackage main\n\nfunc unused() {}\n")
    site.write("cookbook/hello/hello_test.go", "package main\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n")
    site.write("cookbook/_hidden/main.go", "package main\n\nfunc main() {}\n")
    site.write("cookbook/hello/greeting.yaml", "greeting: hello\n")
    site.write("cookbook/hello/unread.yaml", "unread: true\n")
    site.page("docs/sneaky", SNEAKY, SNEAKY.replace("<pre>raw code</pre>", "<pre>其他代码</pre>"))
    site.page("docs/reasons", REASONS.format(short="todo", long="needs a Kubernetes cluster"),
              REASONS.format(short="待定", long="需要 Kubernetes 集群"))
    site.page("docs/claims", CLAIMS)
    site.page("docs/failing", FAILING)
    site.page("docs/printing", PRINTING)
    site.page("docs/shown", SHOWN)
    site.index(["docs/sneaky", "docs/reasons", "docs/claims", "docs/failing", "docs/printing", "docs/shown"])
    return site


@pytest.fixture(scope="module")
def full_run(bad_site):
    """The proof suite run over the whole bad site."""
    if GO is None:
        pytest.skip("the Go toolchain is not installed here (CI has it)")
    return bad_site.proof("tests/proof/test_pages.py", "tests/proof/test_parity.py")


def failure_of(output: str, test: str) -> str:
    """The failure section pytest printed for ``test``."""
    head = f"_ {test} _"
    start = output.index(head)
    end = output.find("\n____", start + len(head))
    return output[start:end if end != -1 else len(output)]


def test_code_only_sphinx_shows_is_unaccounted_with_page_and_line(full_run):
    out = full_run.stdout
    assert full_run.returncode == 1, out
    failure = failure_of(out, "test_page_blocks_run[docs/sneaky]")
    assert "9 code block(s) of this page are unaccounted" in failure  # 4 here, and all 5 of the other language
    assert "docs/sneaky.md:12 (console): rendered as code" in failure  # .. code-block:: in {eval-rst}
    assert "docs/sneaky.md:17 (go): rendered as code" in failure  # {include} with :code:
    assert "docs/sneaky.md:21 (raw HTML <pre>): rendered as code" in failure
    assert "docs/sneaky.md:23 (console): rendered as code" in failure  # a substitution holding a fence
    assert "docs/sneaky.md:25" not in failure  # the console block ran
    assert "docs/sneaky.zh.md:12 (console)" in failure


def test_parity_covers_every_rendered_block(full_run):
    failure = failure_of(full_run.stdout, "test_code_blocks_identical[docs/sneaky]")
    assert "code block 3 differs between docs/sneaky.md:21 and docs/sneaky.zh.md:21" in failure
    assert "<pre>其他代码</pre>" in failure


def test_reasons_must_be_words_and_readers_see_them(full_run, bad_site):
    failure = failure_of(full_run.stdout, "test_page_blocks_run[docs/reasons]")
    assert "docs/reasons.md:3 (yaml): not-runnable reason 'todo' is too short" in failure
    assert "docs/reasons.zh.md:3 (yaml): not-runnable reason '待定' is too short" in failure
    assert "reasons.md:7" not in failure and "reasons.zh.md:7" not in failure
    html = {lang: (bad_site.root / "_build" / "html" / lang / "docs" / "reasons.html").read_text(encoding="utf-8")
            for lang in ("en", "zh")}
    assert '<span class="caption-text">Not run: needs a Kubernetes cluster</span>' in html["en"]
    assert '<span class="caption-text">未运行：需要 Kubernetes 集群</span>' in html["zh"]


def test_generated_is_honoured_only_on_pages_the_build_writes(full_run):
    out = full_run.stdout
    assert "test_pages.py::test_page_blocks_run[docs/claims]" not in out  # it ran, and passed
    failure = failure_of(out, "test_only_pages_the_build_writes_say_generated")
    assert "docs/claims.md:2: front matter says 'generated: true', but the build does not write this page" in failure


def test_a_failing_step_is_reported_once_with_page_and_line(full_run):
    failure = failure_of(full_run.stdout, "test_page_blocks_run[docs/failing]")
    assert failure.count("docs/failing.md:4: $ echo out; exit 3") == 1
    assert "exited with status 3" in failure
    assert "During handling" not in failure and "Traceback" not in failure


def test_a_wrong_print_output_line_names_page_and_line(full_run):
    failure = failure_of(full_run.stdout, "test_page_blocks_run[docs/printing]")
    assert "docs/printing.md:5: what the python block printed differs from its #> line" in failure


def test_a_shown_file_is_proven_only_by_compiling_or_consuming_it(full_run):
    failure = failure_of(full_run.stdout, "test_page_blocks_run[docs/shown]")
    assert "8 code block(s) of this page are unaccounted" in failure  # 4 in each language
    compiled = "is not among the files the Go toolchain compiled"
    assert f"docs/shown.md:7 (go): cookbook/hello/ignored.go {compiled}" in failure  # //go:build ignore
    assert f"docs/shown.md:11 (go): cookbook/hello/hello_test.go {compiled}" in failure  # not go test
    assert f"docs/shown.md:15 (go): cookbook/_hidden/main.go {compiled}" in failure  # only ls names it
    assert "docs/shown.md:23 (yaml): cookbook/hello/unread.yaml is not read by a command" in failure
    assert "shown.md:3 " not in failure and "shown.md:19 " not in failure  # compiled, and read by go run


def test_the_tally_counts_rendered_blocks(full_run):
    out = full_run.stdout
    # Every rendered block of both languages is counted, with the unaccounted ones listed.
    assert "code blocks: " in out and "unaccounted code blocks" in out
    assert "docs/sneaky.md:21 (raw HTML <pre>)" in out


def test_a_partial_run_reports_the_unaccounted_blocks_of_its_pages(bad_site):
    run = bad_site.proof("tests/proof/test_pages.py", "-k", "sneaky")
    assert run.returncode == 1
    assert "code blocks of 1 page(s): 1 executed, 0 marked not runnable, 9 unaccounted" in run.stdout
    assert "  docs/sneaky.md:21 (raw HTML <pre>)" in run.stdout


def without(program: str) -> str:
    """PATH without the folders that hold ``program``."""
    return os.pathsep.join(d for d in os.environ["PATH"].split(os.pathsep)
                           if d and not (Path(d) / program).exists())


def test_without_go_the_go_pages_are_skipped_and_counted_as_skipped(bad_site):
    run = bad_site.proof("tests/proof/test_pages.py", "-k", "shown or claims", "-rs", path=without("go"))
    out = run.stdout
    assert run.returncode == 0, out
    assert "1 passed, 1 skipped" in out
    assert "docs/shown.md: not run here, go: install the Go toolchain" in out
    assert "code blocks of 2 page(s): 2 executed, 0 marked not runnable, 0 unaccounted, 14 skipped" in out
    assert textwrap.dedent("""\
        1 pages not run on this machine (CI runs them all); missing: go: install the Go toolchain""") in out
