"""The search index's tables, filled with fewer lookups.

The search index maps each word to the set of pages it appears on.  Sphinx
looked every occurrence of a word up in its tables: a Chinese page of a few
hundred distinct words brings thousands of occurrences.  Each page now gives
each distinct word once, in the order of its first appearance.  At the end of
a build Sphinx prunes the index to the pages of the environment, passing a
dict: a set of its keys was made again for every word of the index; it is made
once.
"""

from __future__ import annotations

from .shortcut import SPHINX, Shortcut, any_version, replace_once


def _patch_index_distinct_words() -> bool:
    from sphinx.search import IndexBuilder

    # Written against Sphinx 9.0's IndexBuilder.feed, which only adds pages to sets per word.
    def distinct(collect):
        def _word_collector(self, doctree):
            store = collect(self, doctree)
            store.words = list(dict.fromkeys(store.words))  # first appearances, in order
            store.title_words = list(dict.fromkeys(store.title_words))
            return store

        return _word_collector

    return replace_once(IndexBuilder, "_word_collector", any_version, distinct)


def _patch_index_prune() -> bool:
    # At the end of every build Sphinx prunes the index to ``env.all_docs``, a
    # dict: set.intersection_update made a set of its 1,000 keys again for each
    # of the index's words, 0.05 s at 1,000 pages.  Made once, it is the same set.
    from sphinx.search import IndexBuilder

    def with_one_set(prune):
        def prune_to(self, docnames):
            return prune(self, docnames if isinstance(docnames, (set, frozenset)) else set(docnames))

        return prune_to

    return replace_once(IndexBuilder, "prune", any_version, with_one_set)


SHORTCUTS = (
    Shortcut("index-words", lambda app: _patch_index_distinct_words(),
             "sphinx.search.IndexBuilder._word_collector", SPHINX),
    Shortcut("index-prune", lambda app: _patch_index_prune(), "sphinx.search.IndexBuilder.prune", SPHINX),
)
