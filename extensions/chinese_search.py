"""Chinese search index: load only the part of jieba's dictionary the pages use.

Sphinx splits Chinese text into words with jieba.  Before its first split,
jieba loads its whole table of word frequencies: half a million entries,
about a second, in every build, also when a rebuild after a one-word edit
splits a single page.  Every word jieba looks up while splitting a text is a
piece of that text, so it starts with one of the text's characters.  This
module keeps a second copy of the table grouped by first character, next to
jieba's own cache, and before a block of text is first split adds the groups
of the characters not seen before to jieba's table: a one-page rebuild loads
a few hundredths of a second of it, a whole build the characters its pages
use.

The copy is written once, by a build that loaded the whole table because the
copy did not exist yet; it is keyed by jieba's version and its dictionary
file, and written whole or not at all.  The split words are the same as with
the whole table: the same jieba code looks up the same entries (tested in
``tests/site/test_chinese_search.py``).  ``-D site_build_caches=0`` turns it
off.

Splitting itself was a quarter of a Chinese build.  ``SearchSplitter`` splits
as jieba's ``cut_for_search`` does, word for word: the same regular
expressions cut a text into blocks, each block takes the most probable path
through the words of the table, runs of unknown characters go to jieba's own
hidden Markov model, and long words add the two- and three-character words
inside them.  It keeps each word's log-probability instead of its frequency,
so a block is scored in the same loop that finds its words, and the sums are
the same floating-point operations in the same order as jieba's.

The pages of this site repeat their blocks: about two thirds of the
characters split are in a block split before (names such as Kitex, code
identifiers, dates, set phrases).  The words of each block are kept and used
again.

Importing jieba also imports ``pkg_resources`` (a fifth of a second) only to
find its dictionary file, which jieba otherwise finds next to its own module.
"""

from __future__ import annotations

import hashlib
import marshal
import math
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

    def new_groups(self, text: str) -> list[dict[str, int]]:
        """The groups of the characters of ``text`` not asked for before."""
        if self.added.issuperset(text):  # most texts, once a few pages are split
            return []
        groups = []
        for char in set(text) - self.added:
            self.added.add(char)
            where = self._index.get(char)
            if where is not None:
                offset, length = where
                groups.append(marshal.loads(self._data[self._start + offset : self._start + offset + length]))
        return groups


# Blocks whose words are kept, per process: 25 MB at most (1.2 KB for a block
# of 19 characters on average).  This site's Chinese pages have about 8,500
# distinct blocks.
KNOWN_BLOCKS_LIMIT = 20_000
_NO_WORD = -math.inf  # the score before any word is found


class SearchSplitter:
    """Split a text into words for the search index as ``jieba.cut_for_search`` does.

    ``scores`` maps each word to log(frequency) - log(total), and each
    beginning of a word that is no word itself (frequency 0 in jieba's table)
    to NaN: added to a path's score it gives NaN, which no comparison picks.
    """

    def __init__(self, table: TableByFirstCharacter, jieba):
        self.table = table
        self.log_total = math.log(table.total)
        self.scores: dict[str, float] = {}
        self.blocks = jieba.re_han_default  # runs of characters jieba splits into words
        self.spaces = jieba.re_skip_default
        self.guess = jieba.finalseg.cut  # jieba's hidden Markov model, for unknown words
        # The words of each block split so far.  A block's words depend only on the
        # table's groups for the block's own characters, which are all added before
        # it is first split, so they never change.
        self.known_blocks: dict[str, tuple[str, ...]] = {}

    def add_words(self, text: str) -> None:
        log, log_total, scores = math.log, self.log_total, self.scores
        for group in self.table.new_groups(text):
            scores.update({word: log(frequency) - log_total if frequency else math.nan
                           for word, frequency in group.items()})

    def split(self, text: str) -> list[str]:
        """``jieba.cut_for_search(text)``: with its hidden Markov model, as Sphinx calls it."""
        words: list[str] = []
        extend = words.extend
        known_blocks = self.known_blocks
        # The pattern captures the blocks, so split() alternates: other text, block, ..., other text.
        pieces = self.blocks.split(text)
        for other, block in zip(pieces[:-1:2], pieces[1::2], strict=True):
            if other:
                self.split_other(other, words)
            known = known_blocks.get(block)
            if known is None:
                known = self.split_new_block(block)
            extend(known)
        last = pieces[-1]
        if last:
            self.split_other(last, words)
        return words

    def split_other(self, text: str, words: list[str]) -> None:
        """Text outside the blocks: one word per character, except that a CR LF stays whole."""
        if "\r\n" not in text:
            words.extend(text)
            return
        for piece in self.spaces.split(text):
            if self.spaces.match(piece):
                words.append(piece)
            else:
                words.extend(piece)

    def split_new_block(self, block: str) -> tuple[str, ...]:
        # A block's words depend only on the table's groups for its own characters.
        self.add_words(block)
        words: list[str] = []
        self.split_block(block, words)
        if len(self.known_blocks) >= KNOWN_BLOCKS_LIMIT:
            self.known_blocks.clear()  # memory stays bounded on any site
        known = self.known_blocks[block] = tuple(words)
        return known

    def split_block(self, block: str, words: list[str]) -> None:
        scores = self.scores
        get = scores.get
        length = len(block)
        # best[k]: the score of the most probable split of block[k:]; last[k]: where its first word ends.
        best = [0.0] * (length + 1)
        last = [0] * length
        unknown = -self.log_total  # a character that is no word counts as frequency 1
        for start in range(length - 1, -1, -1):
            top, top_end = _NO_WORD, start
            end = start + 1
            while end <= length:
                score = get(block[start:end])
                if score is None:
                    break
                score += best[end]  # NaN, never chosen, for the beginning of a longer word
                # jieba takes the maximum of (score, end) pairs: on a tie, the longer word.
                if score >= top:
                    top, top_end = score, end - 1
                end += 1
            if top == _NO_WORD:
                top = unknown + best[start + 1]
            best[start], last[start] = top, top_end

        found: list[str] = []
        single = None  # where the current run of one-character words began
        position = 0
        while position < length:
            end = last[position] + 1
            if end - position == 1:
                if single is None:
                    single = position
            else:
                if single is not None:
                    self.add_run(block[single:position], found)
                    single = None
                found.append(block[position:end])
            position = end
        if single is not None:
            self.add_run(block[single:], found)

        for word in found:
            size = len(word)
            if size > 2:
                for i in range(size - 1):
                    score = get(word[i : i + 2])
                    if score is not None and score == score:  # a word, not NaN
                        words.append(word[i : i + 2])
                if size > 3:
                    for i in range(size - 2):
                        score = get(word[i : i + 3])
                        if score is not None and score == score:
                            words.append(word[i : i + 3])
            words.append(word)

    def is_word(self, text: str) -> bool:
        score = self.scores.get(text)
        return score is not None and score == score

    def add_run(self, run: str, found: list[str]) -> None:
        """A run of one-character words: kept as such if the run is a known word, as jieba does;
        otherwise its model guesses the words."""
        if len(run) == 1:
            found.append(run)
        elif not self.is_word(run):
            found.extend(self.guess(run))
        else:
            found.extend(run)


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
    splitter = SearchSplitter(table, jieba)
    zh.cut_for_search = splitter.split
    share_with_later_writers(splitter)
    logger.debug("[chinese_search] splitting with %s", path)


def share_with_later_writers(splitter: SearchSplitter) -> None:
    """Have each writer start with the table groups that the writers before it added.

    Sphinx forks a writer for each chunk of pages, and each added the groups of
    the characters it met again (a few hundredths of a second per writer).  With
    build_speed's parallel writes, each writer sends its characters back and the
    main process adds their groups, which the writers it forks afterwards inherit.
    Groups added early change no split: a block's words depend only on the groups
    of its own characters.
    """
    build_speed = sys.modules.get("build_speed")  # loaded as an extension before this one
    caches = getattr(build_speed, "WRITER_CACHES", None)
    if caches is not None:
        caches["chinese-groups"] = (lambda: "".join(splitter.table.added), splitter.add_words)


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
