"""CRC-64/XZ helpers for the download engine: what OSS sends in `x-oss-hash-crc64ecma`.

Why our own combine: `oss2.utils.Crc64.combine` builds GF(2) matrices in pure
Python on every call (~11 ms each); a 100 GiB download in 8 MiB parts would
spend minutes there. This is zlib's newer `multmodp`/`x2nmodp` method ported to
the 64-bit reflected polynomial: well under a millisecond per combine.
"""

from __future__ import annotations

import logging
import sys
import warnings

import crcmod

log = logging.getLogger(__name__)

_POLY = 0x142F0E1EBA9EA3693      # ECMA-182, as crcmod spells it (with the x^64 term)
_POLY_REV = 0xC96C5795D7870F42   # the same, reflected, without x^64
_MASK = 0xFFFFFFFFFFFFFFFF
_TOP = 1 << 63                   # x^0 in the reflected representation

# crc64(data, prev) continues a CRC: crc64(b, crc64(a)) == crc64(a + b)
crc64 = crcmod.mkCrcFun(_POLY, initCrc=0, rev=True, xorOut=_MASK)


def _multmodp(a: int, b: int) -> int:
    """a * b modulo the polynomial (reflected representation)."""
    m = _TOP
    p = 0
    while True:
        if a & m:
            p ^= b
            if not a & (m - 1):
                break
        m >>= 1
        b = (b >> 1) ^ _POLY_REV if b & 1 else b >> 1
    return p


def _x2n_table() -> list[int]:
    table = []
    p = _TOP >> 1                # x^1
    for _ in range(64):
        table.append(p)
        p = _multmodp(p, p)      # x^(2^k)
    return table


_X2N = _x2n_table()


def _x2nmodp(n: int, k: int) -> int:
    """x^(n * 2^k) modulo the polynomial."""
    p = _TOP
    while n:
        if n & 1:
            p = _multmodp(_X2N[k & 63], p)
        n >>= 1
        k += 1
    return p


def crc64_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC of A+B from crc(A), crc(B) and len(B) (init == xorout, so no fix-up is needed)."""
    if len2 <= 0:
        return crc1
    return _multmodp(_x2nmodp(len2, 3), crc1) ^ crc2


def crc64_of_file(path, *, chunk: int = 1 << 20, on_bytes=None) -> int:
    """CRC of a whole local file, read in chunks (`on_bytes(n)` after each)."""
    crc = 0
    with open(path, "rb") as f:
        while True:
            data = f.read(chunk)
            if not data:
                return crc
            crc = crc64(data, crc)
            if on_bytes:
                on_bytes(len(data))


_warned = False


def crc_accelerated() -> bool:
    """True when crcmod's C extension is in use (pure Python is ~30x slower: api-notes 7.10)."""
    mod = sys.modules.get("crcmod.crcmod")
    return bool(getattr(mod, "_usingExtension", False))


def warn_if_slow_crc() -> bool:
    """Warn once per process (warnings + log) when CRC runs in pure Python; returns crc_accelerated()."""
    global _warned
    fast = crc_accelerated()
    if not fast and not _warned:
        _warned = True
        msg = ("crcmod's C extension is missing: CRC-64 checks run in pure Python (~18 MB/s), "
               "downloads will be slow. Reinstall crcmod with a C compiler available.")
        log.warning(msg)
        warnings.warn(msg, RuntimeWarning, stacklevel=2)
    return fast
