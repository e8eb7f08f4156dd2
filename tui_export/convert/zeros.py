"""Zero-block detection: a block of zeros is never written (a hole, an unallocated cluster or grain)."""

from __future__ import annotations

from .formats import BLOCK

_ZEROS = bytes(BLOCK)


def is_zero(block) -> bool:
    """True when every byte of `block` is 0 (a memcmp against a zero buffer, no Python loop)."""
    if isinstance(block, memoryview):   # memoryview == bytes compares item by item: ~80x slower than a copy
        block = block.tobytes()
    n = len(block)
    if n == BLOCK:
        return block == _ZEROS
    return block == bytes(n)
