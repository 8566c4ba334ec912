"""The English and the Chinese page of a pair show byte-identical code.

Compared is what Sphinx rendered (``rendered.py``): every block a reader sees,
however it was written (fences, ``literalinclude``, ``{eval-rst}``, raw HTML
``<pre>``, substitutions), in order: its kind, language and text, and whether it
is marked not runnable.  The reason of a not-runnable block is prose, written in
each page's language.
"""

from __future__ import annotations

from tools.codeproof.rendered import RenderedBlock


def _same(a: RenderedBlock, b: RenderedBlock) -> bool:
    return (a.node, a.language, a.text, a.not_run is None) == (b.node, b.language, b.text, b.not_run is None)


def _show(block: RenderedBlock) -> str:
    marked = f" (not run: {block.not_run})" if block.not_run is not None else ""
    return f"--- {block.where()} [{block.kind()}]{marked}\n{block.text.rstrip()}"


def first_difference(en: list[RenderedBlock], zh: list[RenderedBlock]) -> str | None:
    """None when both pages show the same code in the same order, else a message naming both places."""
    for index, (a, b) in enumerate(zip(en, zh, strict=False), start=1):
        if not _same(a, b):
            return (f"code block {index} differs between {a.where()} and {b.where()}\n"
                    f"{_show(a)}\n{_show(b)}")
    if len(en) != len(zh):
        longer = en if len(en) > len(zh) else zh
        extra = longer[min(len(en), len(zh))]
        en_file = en[0].source if en else "the English page"
        zh_file = zh[0].source if zh else "the Chinese page"
        return (f"{en_file} shows {len(en)} code blocks and {zh_file} shows {len(zh)}; "
                f"first extra block at {extra.where()}\n{_show(extra)}")
    return None
