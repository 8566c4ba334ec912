"""The shortcuts of ``extensions/build_speed/`` return what the code they skip returns.

The whole site is also built with the shortcuts off and compared byte for byte
(``test_build.py``); these tests reach the cases a build may not.
"""

from __future__ import annotations

import random
import re
import sys

import pytest
from docutils.utils import smartquotes
from pygments.lexer import RegexLexer
from pygments.token import Name, Whitespace

from .conftest import ROOT, site_lines

if str(ROOT / "extensions") not in sys.path:
    sys.path.insert(0, str(ROOT / "extensions"))

import build_speed  # noqa: E402  (extensions/build_speed/)

EDUCATE = smartquotes.educate_tokens  # before the patch below replaces it in this process


def _unpickled_doctree():
    import pickle

    from docutils.core import publish_doctree

    source = "Title\n=====\n\nA *word* and `a link <https://example.org>`_.\n\n- one\n- two\n\n.. note:: Nested text.\n"
    return pickle.loads(pickle.dumps(publish_doctree(source, settings_overrides={"report_level": 5})))


@pytest.mark.parametrize("attr", ["qDe", "1", "2", "3", "qbBde", "-1", "qDew"])
def test_smartquotes_skips_only_text_it_would_not_change(attr):
    assert build_speed.smartquotes._patch_smartquotes()
    patched = smartquotes.educate_tokens
    assert patched is not EDUCATE
    rng = random.Random(attr)
    lines = site_lines() + ["It's \"quoted\" -- and --- dashes... . . . `ticks` a\\*b", "x\x00-y", "&quot;“curly”"]
    skipped = 0
    for start in range(0, len(lines), 2):
        tokens = [(rng.choice(("plain", "plain", "literal")), line) for line in lines[start : start + 3]]
        assert list(patched(iter(tokens), attr, "en")) == list(EDUCATE(tokens, attr, "en")), tokens
        skipped += not any(kind == "plain" and build_speed.smartquotes._SMARTQUOTES_ACTIVE.search(text)
                           for kind, text in tokens)
    assert skipped > 1000  # the shortcut is taken, and what it returns was compared above


def test_link_paths_resolve_as_sphinx_resolves_them(tmp_path):
    from types import SimpleNamespace

    from sphinx.environment import BuildEnvironment
    from sphinx.project import Project
    from sphinx.util._pathlib import _StrPath

    relfn2path = BuildEnvironment.relfn2path
    source = tmp_path / "src"
    for folder in ("docs/a/deep", "docs/b", "assets", "outside"):
        (source / folder).mkdir(parents=True)
    for page in ("index.md", "docs/a/page.md", "docs/a/deep/leaf.md", "docs/b/other.md", "assets/x.png"):
        (source / page).write_text("x")
    (source / "docs/b/to-a").symlink_to(source / "docs/a")  # a folder link
    (source / "docs/b/page-link.md").symlink_to(source / "docs/a/page.md")  # a file link
    (source / "docs/b/dangling.md").symlink_to(source / "nowhere.md")
    (source / "docs/b/loop").symlink_to(source / "docs/b/loop")
    (tmp_path / "elsewhere.md").write_text("x")
    (source / "docs/b/escape.md").symlink_to(tmp_path / "elsewhere.md")
    (source / "docs/b/up").symlink_to(source / "docs/a/deep")  # ".." from it leaves docs/a/deep

    project = Project(source, {".md": "markdown"})
    project.discover()
    env = SimpleNamespace(srcdir=_StrPath(source), project=project, docname=None,
                          doc2path=lambda docname, base=True: project.doc2path(docname, absolute=base))
    names = ["page.md", "./page.md", "deep/leaf.md", "deep//leaf.md", "../b/other.md", "../../assets/x.png",
             "../b/to-a/page.md", "../b/to-a/deep/../page.md", "../b/page-link.md", "../b/dangling.md",
             "../b/escape.md", "../b/up/../page.md", "../b/up/..", "missing/file.md", "", ".", "..",
             "../../../outside.md", "/assets/x.png", "/docs/a/page.md", "\\assets\\x.png", "deep/",
             "../b/loop/x.md", "ü/ñ.md", "a b/c d.md"]
    assert build_speed.caches._patch_link_paths()
    patched = BuildEnvironment.relfn2path
    assert patched is not relfn2path and build_speed.caches._patch_link_paths()  # a second build keeps one patch
    compared = 0
    for docname in ("index", "docs/a/page", "docs/a/deep/leaf", "docs/b/other"):
        for name in names:
            try:
                expected = relfn2path(env, name, docname)
            except RuntimeError as error:  # the symlink loop
                with pytest.raises(RuntimeError, match=str(error)):
                    patched(env, name, docname)
                continue
            assert patched(env, name, docname) == expected, (docname, name)
            compared += 1
    assert compared > 90
    env.docname = "docs/a/page"
    assert patched(env, "deep/leaf.md") == relfn2path(env, "deep/leaf.md")
    env.docname = None
    with pytest.raises(KeyError):
        patched(env, "page.md")
    BuildEnvironment.relfn2path = relfn2path


@pytest.mark.parametrize("dismantle", [False, True])
def test_a_dismantled_doctree_is_freed_without_the_cycle_collector(dismantle):
    import gc
    import weakref

    doctree = _unpickled_doctree()
    probes = [weakref.ref(node) for node in doctree.findall(include_self=True)
              if not isinstance(node, str)]  # Text nodes are strings and take no weak references
    assert len(probes) > 8
    gc.disable()
    try:
        if dismantle:
            build_speed.memory._dismantle(doctree)
        del doctree
        alive = sum(probe() is not None for probe in probes)
    finally:
        gc.enable()
        gc.collect()
    # Without dismantling, the parent links keep the whole tree alive until a collection.
    assert alive == (0 if dismantle else len(probes))


def test_a_dismantled_node_still_knows_its_file_and_line():
    # Sphinx works out a warning's location when it shows the warning, which may be
    # after the page was written and its doctree dismantled.
    from docutils import nodes
    from docutils.utils import get_source_line

    doctree = _unpickled_doctree()
    text = next(node for node in doctree.findall(nodes.Text) if node.astext() == "word")
    before = get_source_line(text)
    assert before[1] is not None
    build_speed.memory._dismantle(doctree)
    assert get_source_line(text) == before


def test_myst_syntax_trees_are_cut_once_their_page_is_rendered():
    import gc
    import weakref

    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.mdit_to_docutils import base

    assert build_speed.memory._patch_myst_syntax_trees()
    made = base.SyntaxTreeNode.made
    seen = []
    original = base.SyntaxTreeNode.__init__

    def watch(self, *args, **kwargs):
        original(self, *args, **kwargs)
        seen.append(weakref.ref(self))

    base.SyntaxTreeNode.__init__ = watch
    try:
        from docutils.core import publish_doctree
        from myst_parser.parsers.docutils_ import Parser

        gc.disable()
        publish_doctree("# Title\n\nSome *text*, a [link](https://example.org).\n\n- a\n- b\n",
                        parser=Parser(), settings_overrides={"report_level": 5})
        alive = sum(ref() is not None for ref in seen)
    finally:
        base.SyntaxTreeNode.__init__ = original
        gc.enable()
    assert issubclass(base.SyntaxTreeNode, SyntaxTreeNode)
    assert len(seen) > 5 and alive == 0 and not made
    base.SyntaxTreeNode([])  # outside a render: not recorded, so never kept
    assert not made


class Words(RegexLexer):  # a lexer class no lexer was made of before the test below
    tokens = {"root": [(r"\w+", Name), (r"\s+", Whitespace)]}


def test_lexers_compiled_by_a_writer_are_compiled_once_for_later_writers():
    class Local(Words):  # pickle could not send it back from a writer: it stays there
        pass

    Local()  # compiles its expressions
    assert "_tokens" in vars(Local) and Local not in build_speed.highlighting._lexers_made()
    assert "_tokens" not in vars(Words) and Words not in build_speed.highlighting._lexers_made()
    # What a writer that used the class sends back; the main process compiles it once.
    build_speed.highlighting._prepare_lexers([Words])
    assert "_tokens" in vars(Words) and Words in build_speed.highlighting._lexers_made()
    assert Words in build_speed.WRITER_CACHES["lexers"][0]()


def _environment(**state):
    from sphinx.environment import BuildEnvironment

    env = BuildEnvironment.__new__(BuildEnvironment)  # no application: only its state is pickled
    env.__dict__.update(state)
    return env


def test_the_environment_is_pickled_by_a_child_that_the_build_waits_for(tmp_path):
    import pickle

    writer = build_speed.parallel._EnvironmentPickledInFork(pickle)
    path = tmp_path / "environment.pickle"
    with open(path, "wb") as f:
        writer.dump(_environment(all_docs={"index": 1.0}, included={"index"}), f, pickle.HIGHEST_PROTOCOL)
    assert len(writer.writing) == 1  # a child writes it, the caller goes on
    writer.wait(None, None)
    assert writer.writing == []
    loaded = pickle.loads(path.read_bytes())
    assert loaded.all_docs == {"index": 1.0} and loaded.included == {"index"}

    other = tmp_path / "doctree.pickle"
    with open(other, "wb") as f:  # anything else is written at once, as before
        writer.dump({"not": "an environment"}, f, pickle.HIGHEST_PROTOCOL)
    assert writer.writing == [] and pickle.loads(other.read_bytes()) == {"not": "an environment"}


def test_an_environment_the_child_cannot_write_fails_the_build_and_is_removed(tmp_path):
    import pickle

    from sphinx.errors import SphinxError

    writer = build_speed.parallel._EnvironmentPickledInFork(pickle)
    path = tmp_path / "environment.pickle"
    with open(path, "wb") as f:
        writer.dump(_environment(all_docs={}, unpicklable=lambda: None), f, pickle.HIGHEST_PROTOCOL)
    with pytest.raises(SphinxError, match=f"could not be saved to {re.escape(str(path))}"):
        writer.wait(None, None)
    assert not path.exists()  # the next build reads every page again
    # The child's traceback is in the file the error names, not on the build's output.
    assert "Can't pickle local object" in (tmp_path / "environment.pickle.traceback").read_text(encoding="utf-8")

    with open(path, "wb") as f:  # a build that failed already: no second error
        writer.dump(_environment(unpicklable=lambda: None), f, pickle.HIGHEST_PROTOCOL)
    writer.wait(None, RuntimeError("the build's own error"))
    assert not path.exists() and writer.writing == []


def test_the_search_index_is_pruned_to_the_same_pages_from_a_dict(monkeypatch):
    from sphinx.search import IndexBuilder

    original = IndexBuilder.prune
    monkeypatch.setattr(IndexBuilder, "prune", original)  # undone after the test
    assert build_speed.search_index._patch_index_prune() and IndexBuilder.prune is not original

    def index():
        builder = IndexBuilder.__new__(IndexBuilder)  # only the tables prune reads
        builder._titles = {"a": "A", "b": "B", "c": "C"}
        builder._all_titles = {"a": [], "b": [("B", None)], "c": []}
        builder._filenames = {"a": "a.md", "b": "b.md", "c": "c.md"}
        builder._mapping = {"go": {"a", "b"}, "kitex": {"c"}, "hertz": {"a", "b", "c"}}
        builder._title_mapping = {"b": {"b"}, "c": {"c"}}
        return builder

    ours, theirs = index(), index()
    all_docs = {"a": 1.0, "b": 2.0}  # Sphinx passes env.all_docs, a dict
    IndexBuilder.prune(ours, all_docs)
    original(theirs, all_docs)
    assert vars(ours) == vars(theirs)
    assert ours._mapping == {"go": {"a", "b"}, "kitex": set(), "hertz": {"a", "b"}}


def test_single_shortcuts_are_named_to_switch_them_off():
    from types import SimpleNamespace

    from sphinx.errors import ConfigError

    assert build_speed.switched_off(SimpleNamespace(site_build_speed_off="titles, smartquotes")) == {
        "titles", "smartquotes"}
    assert build_speed.switched_off(SimpleNamespace(site_build_speed_off=["titles"])) == {"titles"}
    with pytest.raises(ConfigError, match="no shortcut named nosuch"):
        build_speed.switched_off(SimpleNamespace(site_build_speed_off="titles,nosuch"))


# A strict build of a small site in a new process; the shortcuts whose recorded
# Sphinx version is FAKE_SPHINX (none, unless the script sets it) meet another version.
GUARDED_BUILD = """\
import sys
sys.path.insert(0, "extensions")
import build_speed
fake = sys.argv[3]
for shortcut in build_speed.SHORTCUTS:
    if fake and "Sphinx" in shortcut.written_for:
        shortcut.written_for = {**shortcut.written_for, "Sphinx": fake}
from tools import run_sphinx
sys.exit(run_sphinx.main(["-b", "html", "-W", "--keep-going", "-q", "-d", sys.argv[1], ".", sys.argv[2]]))
"""


def test_a_shortcut_written_for_another_version_switches_itself_off_in_one_line(tmp_path):
    import filecmp
    import subprocess

    from bench import corpus

    root = corpus.synthetic_site(tmp_path / "site", 5)
    outputs = {}
    for fake in ("", "8.2.3"):
        out = tmp_path / f"html-{fake or 'pinned'}"
        result = subprocess.run([sys.executable, "-c", GUARDED_BUILD, str(tmp_path / f"doctrees-{fake}"), str(out),
                                 fake], cwd=root, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr  # -W: the lines are no errors
        outputs[fake] = (out, result.stderr.splitlines())
    assert not [line for line in outputs[""][1] if "switched off" in line], outputs[""][1]
    lines = outputs["8.2.3"][1]
    guarded = [s.name for s in build_speed.SHORTCUTS if "Sphinx" in s.written_for]
    assert len(guarded) > 10
    for name in guarded:
        named = [line for line in lines if f"shortcut {name!r} switched off" in line]
        assert named == [f"WARNING: build_speed: shortcut {name!r} switched off: written for Sphinx 8.2.3, "
                         f"{__import__('sphinx').__version__} is installed"], lines
    assert len([line for line in lines if "switched off" in line]) == len(guarded), lines
    # The build without them is the same build.
    pinned, faked = outputs[""][0], outputs["8.2.3"][0]
    names = {p.relative_to(pinned) for p in pinned.rglob("*") if p.is_file() and p.name != ".buildinfo"}
    assert names == {p.relative_to(faked) for p in faked.rglob("*") if p.is_file() and p.name != ".buildinfo"}
    assert [str(n) for n in sorted(names) if not filecmp.cmp(pinned / n, faked / n, shallow=False)] == []
