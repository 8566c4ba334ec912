"""The shortcuts of ``extensions/build_speed/`` return what the code they skip returns.

The whole site is also built with the shortcuts off and compared byte for byte
(``test_build.py``); these tests reach the cases a build may not.
"""

from __future__ import annotations

import re
import sys

import pytest
from pygments.lexer import RegexLexer
from pygments.token import Name, Whitespace

from .conftest import ROOT

if str(ROOT / "extensions") not in sys.path:
    sys.path.insert(0, str(ROOT / "extensions"))

import build_speed  # noqa: E402  (extensions/build_speed/)


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

    assert build_speed.switched_off(SimpleNamespace(site_build_speed_off="titles, pygments")) == {
        "titles", "pygments"}
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


def test_the_bench_times_a_function_of_every_shortcut_and_each_function_exists():
    # bench.shortcuts --counted judges each shortcut by the time of these functions: one
    # missing or renamed would be measured as gaining nothing.
    import importlib

    from sphinx.builders.html import StandaloneHTMLBuilder

    from bench import cost_meter

    assert set(cost_meter.COUNTED) == set(build_speed.names())
    for target in cost_meter.KEYS:
        if target.startswith("builder."):
            owner, path = StandaloneHTMLBuilder, target.removeprefix("builder.")
        else:
            module, _, path = target.partition(":")
            owner = importlib.import_module(module)
        for attribute in path.split("."):
            owner = getattr(owner, attribute)  # AttributeError names what is missing
        assert callable(owner), target
