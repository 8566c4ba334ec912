"""docutils' smartquotes, skipped for text it would return unchanged.

English pages go through docutils' smartquotes, which turns quotes, dashes
and ellipses into their typographic forms, one block of text at a time: a
block with none of them comes out as it went in, and now skips the work.
"""

from __future__ import annotations

import inspect
import re

from .shortcut import DOCUTILS, SPHINX, Shortcut

# What docutils' smartquotes may change in a text: quotes, backticks, escapes
# (a backslash, or the null character docutils turns into one), dashes, ellipses.
_SMARTQUOTES_ACTIVE = re.compile(r"""["'`\\\x00]|--|\.\.\.|\. \. \.""")


def _patch_smartquotes() -> bool:
    from docutils.utils import smartquotes

    educate = smartquotes.educate_tokens
    if getattr(educate, "skips_plain_text", False):
        return True
    from sphinx.transforms import SphinxSmartQuotes

    get_tokens = SphinxSmartQuotes.get_tokens
    if (list(inspect.signature(educate).parameters) != ["text_tokens", "attr", "language"]
            or list(inspect.signature(get_tokens).parameters) != ["self", "txtnodes"]):
        return False

    def only_active_change(attr: str) -> bool:
        # '-1' (back to ASCII) and 'w' (&quot; entities) change other characters too.
        return attr != "-1" and "w" not in attr

    def educate_tokens(text_tokens, attr=smartquotes.default_smartypants_attr, language="en"):
        tokens = list(text_tokens)
        if not only_active_change(attr) or any(
                kind == "plain" and _SMARTQUOTES_ACTIVE.search(text) for kind, text in tokens):
            return educate(tokens, attr, language)
        return iter([text for _, text in tokens])

    educate_tokens.skips_plain_text = True
    smartquotes.educate_tokens = educate_tokens

    # Sphinx looks up each text's ancestors to tell text from code.  A text with
    # nothing smartquotes changes comes out as it went in either way, and the
    # character after it gives the next text the same context either way.
    def get_tokens_of_plain_text(self, txtnodes):
        if not only_active_change(self.smartquotes_action):
            yield from get_tokens(self, txtnodes)
            return
        for txtnode in txtnodes:
            text = str(txtnode)
            if _SMARTQUOTES_ACTIVE.search(text):
                yield from get_tokens(self, [txtnode])
            else:
                yield "literal", text

    SphinxSmartQuotes.get_tokens = get_tokens_of_plain_text
    return True


SHORTCUTS = (
    Shortcut("smartquotes", lambda app: _patch_smartquotes(),
             "docutils.utils.smartquotes.educate_tokens and sphinx.transforms.SphinxSmartQuotes.get_tokens",
             {**SPHINX, **DOCUTILS}),
)
