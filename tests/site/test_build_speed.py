"""The shortcuts of ``extensions/build_speed.py`` return what the code they skip returns.

The whole site is also built with the shortcuts off and compared byte for byte
(``test_build.py``); these tests reach the cases a build may not.
"""

from __future__ import annotations

import logging
import random
import sys

import pytest
from docutils.utils import smartquotes

from .conftest import ROOT, site_lines

if str(ROOT / "extensions") not in sys.path:
    sys.path.insert(0, str(ROOT / "extensions"))

import build_speed  # noqa: E402  (extensions/build_speed.py)

EDUCATE = smartquotes.educate_tokens  # before the patch below replaces it in this process


@pytest.mark.parametrize("attr", ["qDe", "1", "2", "3", "qbBde", "-1", "qDew"])
def test_smartquotes_skips_only_text_it_would_not_change(attr):
    assert build_speed._patch_smartquotes()
    patched = smartquotes.educate_tokens
    assert patched is not EDUCATE
    rng = random.Random(attr)
    lines = site_lines() + ["It's \"quoted\" -- and --- dashes... . . . `ticks` a\\*b", "x\x00-y", "&quot;“curly”"]
    skipped = 0
    for start in range(0, len(lines), 2):
        tokens = [(rng.choice(("plain", "plain", "literal")), line) for line in lines[start : start + 3]]
        assert list(patched(iter(tokens), attr, "en")) == list(EDUCATE(tokens, attr, "en")), tokens
        skipped += not any(kind == "plain" and build_speed._SMARTQUOTES_ACTIVE.search(text)
                           for kind, text in tokens)
    assert skipped > 1000  # the shortcut is taken, and what it returns was compared above


def test_debug_lines_show_the_node_as_xml_when_written(caplog):
    from docutils import nodes
    from sphinx.util import nodes as sphinx_nodes

    make = sphinx_nodes.repr_domxml
    assert build_speed._patch_debug_xml()
    node = nodes.title("", "A title & more " * 10)
    lazy = sphinx_nodes.repr_domxml(node)
    assert lazy is not None and str(lazy) == make(node) and len(str(lazy)) == 83
    with caplog.at_level(logging.DEBUG, logger="sphinx.test"):
        logging.getLogger("sphinx.test").debug("patch %s", sphinx_nodes.repr_domxml(node))
    assert caplog.messages == [f"patch {make(node)}"]
