"""``tools/regex_cache.py`` compiles kept patterns into the same patterns Python compiles.

Each case runs in its own Python, as a build does: the cache replaces the
compiler of the whole process.
"""

from __future__ import annotations

import json
import marshal
import re
import subprocess
import sys

import pytest

from tools import regex_cache

from .conftest import ROOT

pytestmark = pytest.mark.skipif(not regex_cache.fits(), reason="this Python compiles patterns differently")

PATTERNS = [
    (r"(?P<word>\w+)\s*=\s*(?P<value>[^;]+);", ""),
    (r"^\s*#\s*(include|define)\b", "M"),
    (r"[A-Z][a-z]+|\d{2,4}(?:-\d\d)?", "I"),
    (r"""(?x) \( [^()]* \)   # a parenthesised group""", ""),
    (r"(?<=\$)\{[^}]+\}|(?!ab)..", "S"),
    (r"[\u4e00-\u9fff]+", ""),
    (r"[\u4e00-\u9fff]+", "A"),  # the same text with other flags is another pattern
    (b"[\\x00-\\x7f]+|\\xff", ""),
]
SAMPLES = ["name = value; other=2;", "  #include <x.h>\n#define Y", "ABC abc 2024-05 7", "f(a (b) c)",
           "${x} abab", "中文 mixed 字符", b"ascii\xff\xfe".decode("latin-1")]

SCRIPT = """
import json, re, sys, warnings
from pathlib import Path
from tools import regex_cache
from re import _parser
patterns, path, forbid_parsing = json.loads(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
assert regex_cache.install(path)
original = regex_cache._installed["compile"]
if forbid_parsing:  # every pattern must come from the file
    def parse(*args, **kwargs):
        raise AssertionError(f"parsed again: {args[0]!r}")
    _parser.parse = parse
results = []
for text, encoded, flags in patterns:
    pattern = text.encode("latin-1") if encoded else text
    flags = sum(getattr(re, f) for f in flags)
    ours = re._compiler.compile(pattern, flags)
    results.append([ours.pattern if not encoded else ours.pattern.decode("latin-1"), ours.flags, ours.groups,
                    dict(ours.groupindex)])
    for sample in json.loads(sys.argv[4]):
        subject = sample.encode("utf-8") if encoded else sample
        found = [m.span() + m.groups() for m in ours.finditer(subject)]
        results[-1].append([[x.decode("latin-1") if isinstance(x, bytes) else x for x in m] for m in found])
print(json.dumps(results))
"""


def run(patterns, path, forbid_parsing: bool) -> list:
    cases = [[p.decode("latin-1") if isinstance(p, bytes) else p, isinstance(p, bytes), flags]
             for p, flags in patterns]
    result = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(cases), str(path),
                             "1" if forbid_parsing else "0", json.dumps(SAMPLES)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def flag_value(flags: str) -> int:
    return sum(getattr(re, f) for f in flags)


def plain(patterns) -> list:
    """What Python compiles without the cache, in this process."""
    results = []
    for pattern, flags in patterns:
        compiled = re.compile(pattern, flag_value(flags))
        text = compiled.pattern.decode("latin-1") if isinstance(pattern, bytes) else compiled.pattern
        results.append([text, compiled.flags, compiled.groups, dict(compiled.groupindex)])
        for sample in SAMPLES:
            subject = sample.encode("utf-8") if isinstance(pattern, bytes) else sample
            found = [m.span() + m.groups() for m in compiled.finditer(subject)]
            results[-1].append([[x.decode("latin-1") if isinstance(x, bytes) else x for x in m] for m in found])
    return json.loads(json.dumps(results))


def test_kept_patterns_compile_to_what_python_compiles(tmp_path):
    path = tmp_path / "doctrees" / "regex-cache.marshal"
    expected = plain(PATTERNS)
    assert run(PATTERNS, path, forbid_parsing=False) == expected  # compiled, then kept at exit
    assert path.exists()
    kept = marshal.loads(path.read_bytes())["patterns"]
    assert {(p, flag_value(flags)) for p, flags in PATTERNS} <= set(kept)
    assert run(PATTERNS, path, forbid_parsing=True) == expected  # from the file, not parsed again


def test_a_file_from_another_python_or_broken_is_ignored(tmp_path):
    path = tmp_path / "regex-cache.marshal"
    other = {"version": "cpython-310-20171108", "patterns": {(r"\d+", 0): (0, [1, 2], 0, {}, (None,))}}
    path.write_bytes(marshal.dumps(other))
    assert run(PATTERNS[:2], path, forbid_parsing=False) == plain(PATTERNS[:2])
    assert marshal.loads(path.read_bytes())["version"] == regex_cache._version()  # rewritten
    path.write_bytes(b"not marshal at all")
    assert run(PATTERNS[:2], path, forbid_parsing=False) == plain(PATTERNS[:2])


def test_a_pattern_that_warns_warns_every_time_and_is_not_kept(tmp_path):
    path = tmp_path / "regex-cache.marshal"
    script = ("import re, warnings, sys\n"
              "from pathlib import Path\n"
              "from tools import regex_cache\n"
              "regex_cache.install(Path(sys.argv[1]))\n"
              "with warnings.catch_warnings(record=True) as caught:\n"
              "    warnings.simplefilter('always')\n"
              "    re.compile('[[a]b')\n"
              "    re.compile('plain')\n"
              "print(len(caught), caught[0].category.__name__ if caught else '')\n")
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True,
                                text=True, timeout=120)
        assert result.stdout.split() == ["1", "FutureWarning"], result.stderr
    kept = marshal.loads(path.read_bytes())["patterns"]
    assert ("plain", 0) in kept and ("[[a]b", 0) not in kept


def test_a_build_keeps_its_patterns_next_to_its_doctrees(tmp_path):
    from bench import corpus

    from .conftest import build

    root = corpus.synthetic_site(tmp_path / "site", 3)
    result = build(root, tmp_path / "build", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    kept = marshal.loads((tmp_path / "build/doctrees/en/regex-cache.marshal").read_bytes())["patterns"]
    assert len(kept) > 300  # docutils', Sphinx's, MyST's, Jinja's and the lexers' patterns
