"""CRC-64/XZ helpers for the download engine: what OSS sends in `x-oss-hash-crc64ecma`.

Why `fastcrc`: crcmod's C extension runs at ~0.35 GB/s here and holds the GIL, so
parallel download threads queue behind one core. `fastcrc` (Rust) computes the
same CRC-64/XZ (ECMA-182, reflected) at ~13 GB/s on one thread and releases the
GIL, so threads scale (measured: benchmarks/bench_crc.py). crcmod stays as the
fallback because oss2 depends on it anyway.

Why our own combine: `oss2.utils.Crc64.combine` builds GF(2) matrices in pure
Python on every call (~11 ms each); a 100 GiB download in 8 MiB parts would
spend minutes there. This is zlib's newer `multmodp`/`x2nmodp` method ported to
the 64-bit reflected polynomial: well under a millisecond per combine.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import warnings

import crcmod

try:
    import fastcrc.crc64 as _fast
except ImportError:  # pragma: no cover - declared as a dependency; crcmod keeps things correct
    _fast = None

log = logging.getLogger(__name__)

_POLY = 0x142F0E1EBA9EA3693      # ECMA-182, as crcmod spells it (with the x^64 term)
_POLY_REV = 0xC96C5795D7870F42   # the same, reflected, without x^64
_MASK = 0xFFFFFFFFFFFFFFFF
_TOP = 1 << 63                   # x^0 in the reflected representation

_crcmod64 = crcmod.mkCrcFun(_POLY, initCrc=0, rev=True, xorOut=_MASK)


def _crc64_crcmod(data, crc: int = 0) -> int:
    # crcmod wants bytes; the engine hands memoryviews of its read buffers
    return _crcmod64(data if isinstance(data, bytes) else bytes(data), crc)


def _crc64_fast(data, crc: int = 0) -> int:
    return _fast.xz(data, crc)


# crc64(data, prev) continues a CRC: crc64(b, crc64(a)) == crc64(a + b); any bytes-like data
crc64 = _crc64_fast if _fast is not None else _crc64_crcmod


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


@functools.lru_cache(maxsize=64)
def _shift(len2: int) -> int:
    return _x2nmodp(len2, 3)     # a download's parts share one length: computed once


def crc64_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC of A+B from crc(A), crc(B) and len(B) (init == xorout, so no fix-up is needed)."""
    if len2 <= 0:
        return crc1
    return _multmodp(_shift(len2), crc1) ^ crc2


def crc64_of_file(path, *, chunk: int = 4 << 20, on_bytes=None) -> int:
    """CRC of a whole local file, read in chunks into one reused buffer (`on_bytes(n)` after each)."""
    crc = 0
    buf = memoryview(bytearray(chunk))
    with open(path, "rb", buffering=0) as f:
        while True:
            n = f.readinto(buf)
            if not n:
                return crc
            crc = crc64(buf[:n], crc)
            if on_bytes:
                on_bytes(n)


def crc64_of_range(fd: int, offset: int, length: int, buf: memoryview, on_bytes=None) -> tuple[int, int]:
    """(CRC, bytes read) of `length` bytes of the open file `fd` from `offset`, read into `buf`;
    fewer bytes than asked when the file is shorter."""
    crc = done = 0
    while done < length:
        view = buf[:min(len(buf), length - done)]
        n = os.preadv(fd, [view], offset + done)
        if not n:
            break
        crc = crc64(view[:n], crc)
        done += n
        if on_bytes:
            on_bytes(n)
    return crc, done


_warned = False


def crc_backend() -> str:
    """"fastcrc", "crcmod-c" (crcmod's C extension) or "crcmod-python" (~30x slower still)."""
    if crc64 is _crc64_fast:
        return "fastcrc"
    mod = sys.modules.get("crcmod.crcmod")
    return "crcmod-c" if getattr(mod, "_usingExtension", False) else "crcmod-python"


def crc_accelerated() -> bool:
    """True unless CRC-64 runs in pure Python (no fastcrc and no crcmod C extension)."""
    return crc_backend() != "crcmod-python"


def warn_if_slow_crc() -> bool:
    """Warn once per process (warnings + log) when CRC runs in pure Python; returns crc_accelerated()."""
    global _warned
    fast = crc_accelerated()
    if not fast and not _warned:
        _warned = True
        msg = ("fastcrc and crcmod's C extension are missing: CRC-64 checks run in pure Python (~18 MB/s), "
               "downloads will be slow. Reinstall tui-export's dependencies (pip install fastcrc).")
        log.warning(msg)
        warnings.warn(msg, RuntimeWarning, stacklevel=2)
    return fast
