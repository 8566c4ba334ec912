"""Chinese search index: split a few pages without loading jieba's whole dictionary.

Sphinx splits Chinese text into words with jieba.  Before its first split,
jieba loads its table of word frequencies: half a million entries, about a
second, even when a rebuild after a one-word edit splits a single page.
jieba only ever looks a word up together with the words that start with the
same character, so this module keeps a second copy of the table grouped by
first character, next to jieba's own cache, and a build that writes fewer
than ``build_speed.SERIAL_BELOW`` pages loads the groups of the characters
its pages contain (a page needs a few hundredths of a second of them).

The copy is written once, by a build that loaded the whole table anyway; it
is keyed by jieba's version and its dictionary file, and written whole or not
at all.  The split words are the same as with the whole table: the same
jieba code runs on the same entries (tested in
``tests/site/test_chinese_search.py``).  ``-D site_build_caches=0`` turns it
off.

Importing jieba also imports ``pkg_resources`` (a fifth of a second) only to
find its dictionary file, which jieba otherwise finds next to its own module.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from build_speed import SERIAL_BELOW

logger = logging.getLogger(__name__)

_HEADER = struct.Struct("<Q")  # the length of the marshalled index that follows it


def import_jieba():
    """Import jieba, letting it find its dictionary without pkg_resources."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # `import pkg_resources` raises ImportError
        try:
            import jieba  # noqa: F401
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    return jieba


def table_path(jieba) -> Path:
    """Where the grouped table of this jieba version and dictionary lives."""
    tokenizer = jieba.dt
    # None stands for the dictionary that comes with jieba.
    dictionary = Path(tokenizer.dictionary or Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME)
    stat = dictionary.stat()
    key = f"{jieba.__version__}\0{dictionary}\0{stat.st_size}\0{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(tokenizer.tmp_dir or tempfile.gettempdir()) / f"jieba.by-first-character.{digest}.cache"


def write_table(path: Path, frequencies: dict[str, int], total: int) -> None:
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for word, frequency in frequencies.items():
        if word:
            groups[word[0]][word] = frequency
    blobs, index, offset = [], {}, 0
    for char, group in groups.items():
        blob = marshal.dumps(group)
        index[char] = (offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    head = marshal.dumps((total, index))
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_HEADER.pack(len(head)))
            out.write(head)
            out.writelines(blobs)
        os.replace(partial, path)  # whole or not at all, also with two builds at once
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


class FrequenciesByFirstCharacter:
    """jieba's word-frequency table, each first character's words loaded on first use.

    Answers the lookups jieba's splitting makes (``in``, ``[]``, ``get``) as
    the whole table would.
    """

    def __init__(self, data: bytes, index: dict[str, tuple[int, int]], start: int):
        self._data, self._index, self._start = data, index, start
        self._groups: dict[str, dict[str, int]] = {}

    @classmethod
    def load(cls, path: Path) -> tuple[FrequenciesByFirstCharacter, int]:
        data = path.read_bytes()
        (length,) = _HEADER.unpack_from(data)
        total, index = marshal.loads(data[_HEADER.size : _HEADER.size + length])
        return cls(data, index, _HEADER.size + length), total

    def _group(self, char: str) -> dict[str, int]:
        group = self._groups.get(char)
        if group is None:
            where = self._index.get(char)
            if where is None:
                group = {}
            else:
                offset, length = where
                group = marshal.loads(self._data[self._start + offset : self._start + offset + length])
            self._groups[char] = group
        return group

    def __contains__(self, word) -> bool:
        return bool(word) and word in self._group(word[0])

    def __getitem__(self, word) -> int:
        if not word:
            raise KeyError(word)
        return self._group(word[0])[word]

    def get(self, word, default=None):
        return self._group(word[0]).get(word, default) if word else default


def use_table_if_few(builder, jieba, count: int) -> bool:
    """Before a write of ``count`` pages: split with the grouped table when it helps."""
    tokenizer = jieba.dt
    if count >= SERIAL_BELOW or tokenizer.initialized:
        return False
    path = table_path(jieba)
    try:
        frequencies, total = FrequenciesByFirstCharacter.load(path)
    except (OSError, ValueError, EOFError, struct.error):
        return False  # not written yet, or unreadable: jieba loads its whole table
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, total, True
    return True


def install(app: Sphinx) -> None:
    if not app.config.site_build_caches or not app.config.language.startswith("zh"):
        return
    builder = app.builder
    original = getattr(builder, "write_documents", None)
    if original is None or builder.format != "html":
        return
    jieba = import_jieba()

    def write_documents(docnames):
        if use_table_if_few(builder, jieba, len(docnames)):
            logger.debug("[chinese_search] %d pages split with the table by first character", len(docnames))
        original(docnames)
        tokenizer = jieba.dt
        if tokenizer.initialized and type(tokenizer.FREQ) is dict:
            path = table_path(jieba)
            if not path.exists():
                try:
                    write_table(path, tokenizer.FREQ, tokenizer.total)
                except OSError as error:  # a read-only temporary folder only costs speed
                    logger.debug("[chinese_search] table not written: %s", error)

    builder.write_documents = write_documents


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", install)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
