"""CRC-64/XZ (ECMA-182 reflected, init and xorout all ones), what OSS puts in x-oss-hash-crc64ecma.

Uses crcmod's C extension when present (oss2 depends on crcmod); the pure-Python
table below is a slow fallback kept so the sim never breaks without it.
"""

from __future__ import annotations

_POLY_REFLECTED = 0xC96C5795D7870F42
_MASK = 0xFFFFFFFFFFFFFFFF

try:  # crcmod.mkCrcFun continues a CRC when given the previous value: crc(b, crc(a)) == crc(a + b)
    import crcmod as _crcmod

    _fun = _crcmod.mkCrcFun(0x142F0E1EBA9EA3693, initCrc=0, rev=True, xorOut=_MASK)
except ImportError:  # pragma: no cover - only without crcmod
    _fun = None

_TABLE: list[int] = []


def _table() -> list[int]:
    if not _TABLE:
        for i in range(256):
            c = i
            for _ in range(8):
                c = (c >> 1) ^ _POLY_REFLECTED if c & 1 else c >> 1
            _TABLE.append(c)
    return _TABLE


def crc64(data, crc: int = 0) -> int:
    """CRC of `data`, continuing from `crc` (the CRC of the bytes before it; 0 to start)."""
    if _fun is not None:
        return _fun(data, crc)
    table = _table()
    c = crc ^ _MASK
    for b in bytes(data):
        c = table[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ _MASK


def using_c_extension() -> bool:
    import sys

    mod = sys.modules.get("crcmod.crcmod")
    return bool(_fun is not None and getattr(mod, "_usingExtension", False))
