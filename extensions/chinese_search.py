"""Chinese search index: load only the part of jieba's dictionary the pages use.

Sphinx splits Chinese text into words with jieba.  Before its first split,
jieba loads its whole table of word frequencies: half a million entries,
about a second, in every build, also when a rebuild after a one-word edit
splits a single page.  Every word jieba looks up while splitting a text is a
piece of that text, so it starts with one of the text's characters.  This
module keeps a second copy of the table grouped by first character, next to
jieba's own cache, and before a block of text is first split adds the groups
of the characters not seen before: a one-page rebuild loads a few hundredths
of a second of it, a whole build the characters its pages use.  Each group
is a tree of characters (``word_tree``), with each word's score computed once,
when the copy is written.

The copy is written once, by a build that loaded the whole table because the
copy did not exist yet; it is keyed by jieba's version, its dictionary file
and the copy's layout, and written whole or not at all.  The split words are
the same as with the whole table: a block's words depend only on the entries
that begin with its characters (tested against jieba itself in
``tests/site/test_chinese_search.py``).  ``-D site_build_caches=0`` turns it
off.

Splitting itself was a quarter of a Chinese build.  ``SearchSplitter`` splits
as jieba's ``cut_for_search`` does, word for word: the same regular
expressions cut a text into blocks, each block takes the most probable path
through the words of the table, runs of unknown characters go to jieba's own
hidden Markov model, and long words add the two- and three-character words
inside them.  It keeps each word's log-probability instead of its frequency,
so a block is scored in the same loop that finds its words, and the sums are
the same floating-point operations in the same order as jieba's.  The words
that start at a position are found by following the block's characters down
the tree, one lookup per character: looking each beginning of a word up in a
flat table made and hashed a new string for each, and took a quarter more
time.

The pages of this site repeat their blocks: about two thirds of the
characters split are in a block split before (names such as Kitex, code
identifiers, dates, set phrases).  The words of each block are kept and used
again.

Importing jieba also imports ``pkg_resources`` (a fifth of a second) only to
find its dictionary file, which jieba otherwise finds next to its own module.

The query side: Sphinx's search page splits a query at spaces and
punctuation only, so a phrase typed without spaces (``优雅退出``) is one term
that the index, which holds ``优雅`` and ``退出``, does not have.
``QUERY_SPLITTER`` (the ``splitQuery`` of the Chinese search page's
``language_data.js``) splits each run of Chinese characters into words of the
index's own vocabulary — the terms of ``searchindex.js`` — with as few
characters left over, then as few words, as possible; Latin words and digits
stay whole, also when written next to Chinese (``Kitex重试``).  It depends on
no copy of the splitter that built the index, so it follows whatever splitter
that is.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import math
import os
import struct
import sys
import tempfile
from pathlib import Path

from build_speed.shortcut import Shortcut, installed_versions, warn_switched_off
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

_HEADER = struct.Struct("<Q")  # the length of the marshalled index that follows it
_LAYOUT = "word-tree-1"  # part of the copy's key: a copy of another layout is not read


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
    key = f"{jieba.__version__}\0{dictionary}\0{stat.st_size}\0{stat.st_mtime_ns}\0{_LAYOUT}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(tokenizer.tmp_dir or tempfile.gettempdir()) / f"jieba.by-first-character.{digest}.cache"


def word_tree(frequencies: dict[str, int], total: int) -> dict[str, tuple]:
    """jieba's table as a tree of characters: char -> (score, the tree below it, or None).

    A word's score is log(frequency) - log(total), as ``SearchSplitter`` sums
    them; a beginning of a word that is no word itself (frequency 0) scores NaN.
    jieba's table holds every beginning of each of its words; a word one of
    whose beginnings it lacked could never be reached, and is left out.
    """
    log_total = math.log(total)
    # One object for each character and each score: marshal writes an object met
    # again as a reference to the first, and reading the table makes far fewer objects.
    chars: dict[str, str] = {}
    scores: dict[int, float] = {0: math.nan}
    tree: dict[str, list] = {}
    placed: dict[str, list] = {}  # the node of each word placed so far
    for word in sorted(frequencies, key=len):  # each word after its beginnings
        if not word:
            continue
        if len(word) == 1:
            siblings = tree
        else:
            parent = placed.get(word[:-1])
            if parent is None:
                continue
            if parent[1] is None:
                parent[1] = {}
            siblings = parent[1]
        frequency = frequencies[word]
        score = scores.get(frequency)
        if score is None:
            score = scores[frequency] = math.log(frequency) - log_total
        last = chars.setdefault(word[-1], word[-1])
        siblings[last] = placed[word] = [score, None]

    leaves: dict[float, tuple] = {}  # the words no longer word begins with: one per score

    def frozen(node: list) -> tuple:
        score, below = node
        if not below:
            return leaves.setdefault(score, (score, None))
        return score, {char: frozen(child) for char, child in below.items()}

    return {char: frozen(node) for char, node in tree.items()}


def write_table(path: Path, frequencies: dict[str, int], total: int) -> None:
    collecting = gc.isenabled()
    gc.disable()  # a million new lists and dicts, none in a cycle: collections would only walk them
    try:
        groups = word_tree(frequencies, total)  # one group per first character
    finally:
        if collecting:
            gc.enable()
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

    def new_groups(self, text: str) -> dict[str, tuple]:
        """The groups of the characters of ``text`` not asked for before."""
        if self.added.issuperset(text):  # most texts, once a few pages are split
            return {}
        groups = {}
        for char in set(text) - self.added:
            self.added.add(char)
            where = self._index.get(char)
            if where is not None:
                offset, length = where
                groups[char] = marshal.loads(self._data[self._start + offset : self._start + offset + length])
        return groups


# Blocks whose words are kept, per process: 25 MB at most (1.2 KB for a block
# of 19 characters on average).  This site's Chinese pages have about 8,500
# distinct blocks.
KNOWN_BLOCKS_LIMIT = 20_000
_NO_WORD = -math.inf  # the score before any word is found


class SearchSplitter:
    """Split a text into words for the search index as ``jieba.cut_for_search`` does.

    ``tree`` holds the words of the table's groups added so far (see
    ``word_tree``): following a block's characters down the tree from a
    position finds every word that starts there, one dictionary lookup per
    character, where looking each beginning up in a flat table made and hashed a
    new string for each.  A beginning that is no word scores NaN: added to a
    path's score it gives NaN, which no comparison picks.
    """

    def __init__(self, table: TableByFirstCharacter, jieba):
        self.table = table
        self.log_total = math.log(table.total)
        self.tree: dict[str, tuple] = {}
        self.blocks = jieba.re_han_default  # runs of characters jieba splits into words
        self.spaces = jieba.re_skip_default
        self.guess = jieba.finalseg.cut  # jieba's hidden Markov model, for unknown words
        # The words of each block split so far.  A block's words depend only on the table's
        # groups for the block's own characters, which are all added before it is first
        # split, so they never change.
        self.known_blocks: dict[str, tuple[str, ...]] = {}
        # The shorter words inside each long word found so far; they too depend only on
        # the groups of the word's own characters.
        self.inner_words: dict[str, tuple[str, ...]] = {}

    def add_words(self, text: str) -> None:
        self.tree.update(self.table.new_groups(text))

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
            self.inner_words.clear()
        known = self.known_blocks[block] = tuple(words)
        return known

    def split_block(self, block: str, words: list[str]) -> None:
        tree_get = self.tree.get
        chars = list(block)
        length = len(chars)
        # best[k]: the score of the most probable split of block[k:]; last[k]: where its first word ends.
        best = [0.0] * (length + 1)
        last = [0] * length
        unknown = -self.log_total  # a character that is no word counts as frequency 1
        for start in range(length - 1, -1, -1):
            top, top_end = _NO_WORD, start
            node = tree_get(chars[start])
            end = start + 1
            while node is not None:  # node: the word block[start:end], or a beginning of words
                score, below = node
                score += best[end]  # NaN, never chosen, for the beginning of a longer word
                # jieba takes the maximum of (score, end) pairs: on a tie, the longer word.
                if score >= top:
                    top, top_end = score, end - 1
                if below is None or end == length:
                    break
                node = below.get(chars[end])
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

        inner_words = self.inner_words
        for word in found:
            if len(word) > 2:
                inside = inner_words.get(word)
                if inside is None:
                    inside = inner_words[word] = self.words_inside(word)
                words.extend(inside)
            words.append(word)

    def words_inside(self, word: str) -> tuple[str, ...]:
        """The two-character words inside a longer word, then the three-character ones."""
        is_word = self.is_word
        inside = [word[i : i + 2] for i in range(len(word) - 1) if is_word(word[i : i + 2])]
        if len(word) > 3:
            inside += [word[i : i + 3] for i in range(len(word) - 2) if is_word(word[i : i + 3])]
        return tuple(inside)

    def is_word(self, text: str) -> bool:
        node = self.tree.get(text[0]) if text else None
        for char in text[1:]:
            if node is None or node[1] is None:
                return False
            node = node[1].get(char)
        return node is not None and node[0] == node[0]  # a word, not NaN

    def add_run(self, run: str, found: list[str]) -> None:
        """A run of one-character words: kept as such if the run is a known word, as jieba does;
        otherwise its model guesses the words."""
        if len(run) == 1:
            found.append(run)
        elif not self.is_word(run):
            found.extend(self.guess(run))
        else:
            found.extend(run)


QUERY_SPLITTER = """\
/* Query splitting of the Chinese search (extensions/chinese_search.py): runs of Chinese characters
   are split into words of the search index's own vocabulary. */
var splitQuery = (function () {
  var RUNS = /\\p{Script=Han}+|[^\\p{Script=Han}]+/gu, HAN = /\\p{Script=Han}/u;
  var vocabulary = null, longest = 1;
  function words() {
    var index = typeof Search !== "undefined" && Search._index;
    if (vocabulary || !index) return vocabulary || new Set();  // kept once the index is loaded
    vocabulary = new Set();
    [index.terms, index.titleterms].forEach(function (table) {
      Object.keys(table || {}).forEach(function (term) {
        if (!HAN.test(term)) return;
        vocabulary.add(term);
        if (term.length > longest) longest = term.length;
      });
    });
    return vocabulary;
  }
  function segment(run) {
    var known = words(), n = run.length, cost = [], step = [];
    if (known.has(run)) return [run];
    cost[n] = [0, 0];  // [characters left over, words] for run.slice(i)
    for (var i = n - 1; i >= 0; i--) {
      cost[i] = [cost[i + 1][0] + 1, cost[i + 1][1]];
      step[i] = i + 1;
      for (var j = Math.min(n, i + longest); j > i + 1; j--) {
        if (!known.has(run.slice(i, j))) continue;
        var c = [cost[j][0], cost[j][1] + 1];
        if (c[0] < cost[i][0] || (c[0] === cost[i][0] && c[1] < cost[i][1])) { cost[i] = c; step[i] = j; }
      }
    }
    var found = [];
    for (var k = 0; k < n; k = step[k]) if (step[k] - k > 1) found.push(run.slice(k, step[k]));
    return found.length ? found : [run];
  }
  return function (query) {
    var terms = [];
    query.split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu).forEach(function (token) {
      (token.match(RUNS) || []).forEach(function (run) {
        if (HAN.test(run)) terms.push.apply(terms, segment(run));
        else terms.push(run);
      });
    });
    return terms;
  };
})();
"""


def add_query_splitter(app: Sphinx) -> None:
    """The Chinese search page splits queries into the index's words (``QUERY_SPLITTER``)."""
    if app.config.language.startswith("zh"):
        from sphinx.search import zh

        zh.SearchChinese.js_splitter_code = QUERY_SPLITTER


SPLITTER = Shortcut(
    name="chinese-split", apply=lambda app: True, replaces="jieba.cut_for_search, as sphinx.search.zh calls it",
    written_for={"Sphinx": "9.0.4", "jieba": "0.42.1"})


def install(app: Sphinx) -> None:
    if not app.config.site_build_caches or not app.config.language.startswith("zh"):
        return
    if app.builder.format != "html":
        return
    jieba = import_jieba()
    from sphinx.search import zh

    # Written against these versions: another jieba or Sphinx may split or call differently, so
    # the splitter steps aside with one line, as the build_speed shortcuts do.
    mismatches = SPLITTER.mismatches({**installed_versions(), "jieba": getattr(jieba, "__version__", "none")})
    if mismatches:
        warn_switched_off(SPLITTER, mismatches)
        return
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
    app.connect("builder-inited", add_query_splitter)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
