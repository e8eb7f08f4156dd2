"""Cutting text to a number of terminal cells (a Chinese character takes two)."""

from __future__ import annotations

from rich.cells import cell_len


def cut(text: str, width: int) -> str:
    """`text` fitting `width` cells, with "…" when something was cut."""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
