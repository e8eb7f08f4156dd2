"""Zero-block detection: a block of zeros is never written (a hole, an unallocated cluster or grain)."""

from __future__ import annotations

from .formats import BLOCK

_ZEROS = bytes(BLOCK)


def is_zero(block) -> bool:
    """True when every byte of `block` is 0 (a memcmp against a zero buffer, no Python loop)."""
    n = len(block)
    if n == BLOCK:
        return block == _ZEROS
    return block == bytes(n)
