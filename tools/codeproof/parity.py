"""The English and the Chinese page of a pair show byte-identical code blocks."""

from __future__ import annotations

from pathlib import Path

from tools.codeproof.blocks import find_blocks
from tools.codeproof.pages import rel


def first_difference(en: Path, zh: Path) -> str | None:
    """None when both pages show the same blocks in the same order, else a message."""
    en_blocks, zh_blocks = find_blocks(en), find_blocks(zh)
    for index, (a, b) in enumerate(zip(en_blocks, zh_blocks, strict=False), start=1):
        if a.signature() != b.signature():
            return (
                f"code block {index} differs between {rel(en)}:{a.line} and {rel(zh)}:{b.line}\n"
                f"--- {rel(en)}:{a.line}\n{a.describe()}\n--- {rel(zh)}:{b.line}\n{b.describe()}"
            )
    if len(en_blocks) != len(zh_blocks):
        longer, blocks = (en, en_blocks) if len(en_blocks) > len(zh_blocks) else (zh, zh_blocks)
        extra = blocks[min(len(en_blocks), len(zh_blocks))]
        return (
            f"{rel(en)} has {len(en_blocks)} code blocks and {rel(zh)} has {len(zh_blocks)}; "
            f"first extra block at {rel(longer)}:{extra.line}\n{extra.describe()}"
        )
    return None
