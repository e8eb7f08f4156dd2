"""Append a block's CRC to a running CRC without re-reading bytes: crc(A + B) = M_len(B) * crc(A) ^ crc(B).

Holds for any CRC function continued as `fun(data, crc)` (crcmod's, zlib.crc32): the register
update is affine in the previous value, and the linear part M depends only on len(B).
M is built from the one-zero-byte operator by squaring (64 x 64 bits over GF(2), as ints).
Generated exports repeat a few distinct blocks, so their CRCs are computed once and then shifted in.
"""

from __future__ import annotations

from typing import Callable


def _apply(cols: list[int], vec: int) -> int:
    out, i = 0, 0
    while vec:
        if vec & 1:
            out ^= cols[i]
        vec >>= 1
        i += 1
    return out


class CrcShift:
    def __init__(self, fun: Callable[[bytes, int], int], width: int, length: int) -> None:
        base = [fun(b"\0", 1 << i) ^ fun(b"\0", 0) for i in range(width)]   # operator of one byte
        result = [1 << i for i in range(width)]                                # identity
        n = length
        while n:
            if n & 1:
                result = [_apply(base, c) for c in result]
            base = [_apply(base, c) for c in base]
            n >>= 1
        self._cols = result
        self.length = length

    def append(self, crc_a: int, crc_b: int) -> int:
        """CRC of A + B, from the CRC of A and the CRC of B alone (len(B) == self.length)."""
        return _apply(self._cols, crc_a) ^ crc_b
