"""Chinese search index: load only the part of jieba's dictionary the pages use.

Sphinx splits Chinese text into words with jieba.  Before its first split,
jieba loads its whole table of word frequencies: half a million entries,
about a second, in every build, also when a rebuild after a one-word edit
splits a single page.  Every word jieba looks up while splitting a text is a
piece of that text, so it starts with one of the text's characters.  This
module keeps a second copy of the table grouped by first character, next to
jieba's own cache, and before each text is split adds the groups of the
characters not seen before to jieba's table: a one-page rebuild loads a few
hundredths of a second of it, a whole build the characters its pages use.

The copy is written once, by a build that loaded the whole table because the
copy did not exist yet; it is keyed by jieba's version and its dictionary
file, and written whole or not at all.  The split words are the same as with
the whole table: the same jieba code looks up the same entries (tested in
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


class TableByFirstCharacter:
    """The grouped copy of jieba's table, read whole but unpacked a group at a time."""

    def __init__(self, data: bytes, index: dict[str, tuple[int, int]], start: int, total: int):
        self._data, self._index, self._start = data, index, start
        self.total = total
        self.added: set[str] = set()  # first characters whose groups were added

    @classmethod
    def load(cls, path: Path) -> TableByFirstCharacter:
        data = path.read_bytes()
        (length,) = _HEADER.unpack_from(data)
        total, index = marshal.loads(data[_HEADER.size : _HEADER.size + length])
        return cls(data, index, _HEADER.size + length, total)

    def add_groups(self, frequencies: dict[str, int], text: str) -> None:
        """Add to ``frequencies`` the words starting with a character of ``text``."""
        for char in set(text) - self.added:
            self.added.add(char)
            where = self._index.get(char)
            if where is not None:
                offset, length = where
                frequencies.update(marshal.loads(self._data[self._start + offset : self._start + offset + length]))

    def splitter(self, tokenizer):
        """``tokenizer.cut_for_search``, with the groups of each text added first."""
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = {}, self.total, True
        frequencies, cut_for_search = tokenizer.FREQ, tokenizer.cut_for_search

        def split(sentence, HMM=True):
            self.add_groups(frequencies, sentence)
            return cut_for_search(sentence, HMM)

        return split


def install(app: Sphinx) -> None:
    if not app.config.site_build_caches or not app.config.language.startswith("zh"):
        return
    if app.builder.format != "html":
        return
    jieba = import_jieba()
    from sphinx.search import zh

    tokenizer = jieba.dt
    # Sphinx calls jieba's cut_for_search; a tokenizer already loaded (make livehtml) is kept.
    if tokenizer.initialized or zh.cut_for_search != tokenizer.cut_for_search:
        return
    path = table_path(jieba)
    try:
        table = TableByFirstCharacter.load(path)
    except (OSError, ValueError, EOFError, struct.error):
        app.connect("build-finished", lambda app, error: save_table(jieba, path))
        return  # not written yet, or unreadable: jieba loads its whole table
    zh.cut_for_search = table.splitter(tokenizer)
    logger.debug("[chinese_search] splitting with %s", path)


def save_table(jieba, path: Path) -> None:
    """After a build that loaded jieba's whole table: write the grouped copy."""
    tokenizer = jieba.dt
    if not tokenizer.initialized or path.exists():
        return
    try:
        write_table(path, tokenizer.FREQ, tokenizer.total)
    except OSError as error:  # a read-only temporary folder only costs speed
        logger.debug("[chinese_search] %s not written: %s", path, error)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", install)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
