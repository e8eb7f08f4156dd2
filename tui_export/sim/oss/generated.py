"""Deterministic generated objects: raw bytes, and real .tar.gz exports of a "disk".

`write_raw` writes exactly `size` bytes; `write_export` writes a valid gzip'd tar with one member (e.g. "system.raw")
whose archive is exactly `size` bytes (when `size` is large enough to hold a tar):
the gzip stream uses deflate *stored* blocks (what gzip level 0 does), so the
archive size is computable up front, and the gap to the target is filled with a
gzip FCOMMENT field that every reader skips (not FEXTRA: CPython's streaming
tarfile mis-skips FEXTRA, reading it from the decompressed stream). Content is pseudo-random, taken from a
seed-derived pool at seed-derived offsets, so two seeds never give the same bytes
and a part written at the wrong offset of a download shows up in its checksum.
Only 64 distinct slices make up an object, so each one's CRC is computed once and
then shifted into the running CRC (`crc_shift`) instead of re-reading the bytes.

Everything streams in ~1 MiB pieces; MD5 (the ETag) and the file write run in
helper threads in parallel with CRC-64 (crcmod holds the GIL; hashlib and file
writes release it).
"""

from __future__ import annotations

import hashlib
import random
import struct
import tarfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from .crc64 import crc64
from .crc_shift import CrcShift

CHUNK = 1 << 20
_POOL_SIZE = 4 * CHUNK + 4093      # a prime-ish tail so offsets don't line up with sectors
_STORED_MAX = 65535                # deflate stored block payload limit
_GROUP = 16 * _STORED_MAX          # bytes deflated per write (~1 MiB)
_FIXED_MTIME = 1_700_000_000       # deterministic archives: no wall-clock time inside
_GROUP_OUT = _GROUP + 16 * 5       # a deflated group: 16 block headers + payload
_EXPORT_OFFSETS = 64               # distinct pool slices an export's groups are made of


@dataclass(frozen=True)
class Written:
    size: int
    md5_hex: str   # upper-case hex, as OSS puts in ETag
    crc64: int


class HashingWriter:
    """Writes to `f` while computing MD5 and CRC-64, the three in parallel."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        self._md5 = hashlib.md5()
        self._crc = 0
        self._size = 0
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="oss-gen")

    def write(self, buf) -> None:
        if not len(buf):
            return
        hashing = self._pool.submit(self._md5.update, buf)
        writing = self._pool.submit(self._f.write, buf)
        self._crc = crc64(buf, self._crc)
        self._size += len(buf)
        hashing.result()
        writing.result()

    def write_known(self, buf, buf_crc: int, shift: CrcShift) -> None:
        """Write `buf` whose own CRC-64 is known (len(buf) == shift.length): no CRC pass over it."""
        hashing = self._pool.submit(self._md5.update, buf)
        writing = self._pool.submit(self._f.write, buf)
        self._crc = shift.append(self._crc, buf_crc)
        self._size += len(buf)
        hashing.result()
        writing.result()

    def finish(self) -> Written:
        self._pool.shutdown(wait=True)
        return Written(self._size, self._md5.hexdigest().upper(), self._crc)


def _rng(seed: str, purpose: str) -> random.Random:
    digest = hashlib.sha256(f"{purpose}\0{seed}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))


def write_raw(f: BinaryIO, *, size: int, seed: str) -> Written:
    """`size` pseudo-random bytes: 1 MiB slices of a seed's pool at one of a few seed-chosen
    offsets each, so each distinct slice's CRC-64 is computed once."""
    pool = memoryview(_rng(seed, "pool").randbytes(_POOL_SIZE))
    offsets = _rng(seed, "offsets")
    step = (_POOL_SIZE - CHUNK) // (_EXPORT_OFFSETS - 1)
    shift = _chunk_shift()
    known: dict[int, int] = {}
    out = HashingWriter(f)
    left = size
    while left > 0:
        start = offsets.randrange(_EXPORT_OFFSETS) * step
        n = min(CHUNK, left)
        piece = pool[start:start + n]
        if n == CHUNK:
            if start not in known:
                known[start] = crc64(piece)
            out.write_known(piece, known[start], shift)
        else:
            out.write(piece)
        left -= n
    return out.finish()


# --- .tar.gz ---------------------------------------------------------------------------------

def _tar_header(member_name: str, member_size: int) -> bytes:
    info = tarfile.TarInfo(member_name)
    info.size = member_size
    info.mtime = _FIXED_MTIME
    info.mode = 0o644
    info.uname = info.gname = "root"
    return info.tobuf(format=tarfile.GNU_FORMAT, encoding="utf-8", errors="surrogateescape")


def _pad512(n: int) -> int:
    return -(-n // 512) * 512


def _archive_size(header_len: int, member_size: int) -> int:
    tar_len = header_len + _pad512(member_size) + 1024
    blocks = -(-tar_len // _STORED_MAX)
    return 10 + tar_len + 5 * blocks + 8


def plan_export(size: int, member_name: str) -> tuple[int, int]:
    """(member_size, gzip comment bytes incl. its NUL; 0 = none): an archive of exactly `size`
    bytes when `size` can hold the tar at all (else the smallest archive)."""
    header_len = len(_tar_header(member_name, 0))
    member = max(0, (size - 18 - header_len - 1024 - 5 * (-(-size // _STORED_MAX))) // 512 * 512)
    while member > 0 and _archive_size(header_len, member) > size:
        member -= 512
    while _archive_size(header_len, member + 512) <= size:
        member += 512
    return member, max(0, size - _archive_size(header_len, member))


_SHIFTS: dict[str, CrcShift] = {}


def _chunk_shift() -> CrcShift:
    if "raw" not in _SHIFTS:
        _SHIFTS["raw"] = CrcShift(crc64, 64, CHUNK)
    return _SHIFTS["raw"]


def _shifts() -> tuple[CrcShift, CrcShift]:
    """CRC-64 shift over one deflated group, CRC-32 shift over one group's payload (built once)."""
    if "64" not in _SHIFTS:
        _SHIFTS["64"] = CrcShift(crc64, 64, _GROUP_OUT)
        _SHIFTS["32"] = CrcShift(zlib.crc32, 32, _GROUP)
    return _SHIFTS["64"], _SHIFTS["32"]


class _StoredDeflate:
    """gzip member made of deflate stored blocks over a tar stream of known length `total`.

    A piece of exactly one group fed on a group boundary, with a `key` naming its content,
    is deflated once per key: later copies reuse its CRC-64 (of the deflated bytes) and
    CRC-32 (of the payload). Everything else goes through a buffer."""

    def __init__(self, out: HashingWriter, comment_len: int, total: int) -> None:
        self._out = out
        self._total = total
        self._pending = bytearray()
        self._crc32 = 0
        self._isize = 0
        self._known: dict[object, tuple[int, int]] = {}
        flags = 0x10 if comment_len else 0   # FCOMMENT
        header = bytearray(b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", _FIXED_MTIME) + b"\x00\x03")
        if comment_len:
            header += b" " * (comment_len - 1) + b"\x00"
        out.write(bytes(header))

    def _more_after(self, n: int) -> bool:   # the last block must stay back to be marked final
        return self._isize + n < self._total

    def feed(self, piece, key: object = None) -> None:
        if key is not None and not self._pending and len(piece) == _GROUP and self._more_after(_GROUP):
            return self._emit_known(piece, key)
        self._pending += piece
        while len(self._pending) >= _GROUP and self._more_after(_GROUP):
            self._emit(memoryview(self._pending)[:_GROUP], final=False)
            del self._pending[:_GROUP]

    def finish(self) -> None:
        self._emit(memoryview(self._pending), final=True)
        self._pending = bytearray()
        self._out.write(struct.pack("<II", self._crc32 & 0xFFFFFFFF, self._isize & 0xFFFFFFFF))

    @staticmethod
    def _deflate(data: memoryview, final: bool) -> bytearray:
        buf = bytearray()
        for start in range(0, len(data), _STORED_MAX):
            block = data[start:start + _STORED_MAX]
            last = final and start + _STORED_MAX >= len(data)
            buf += struct.pack("<BHH", 1 if last else 0, len(block), len(block) ^ 0xFFFF)
            buf += block
        return buf

    def _emit(self, data: memoryview, final: bool) -> None:
        self._crc32 = zlib.crc32(data, self._crc32)
        self._isize += len(data)
        self._out.write(self._deflate(data, final))

    def _emit_known(self, data: memoryview, key: object) -> None:
        buf = self._deflate(data, False)
        shift64, shift32 = _shifts()
        if key not in self._known:
            self._known[key] = (crc64(buf), zlib.crc32(data))
        out_crc, payload_crc = self._known[key]
        self._crc32 = shift32.append(self._crc32, payload_crc)
        self._isize += len(data)
        self._out.write_known(buf, out_crc, shift64)


def _export_member(seed: str, header_len: int, member_size: int) -> Iterator[tuple[memoryview, object]]:
    """The member's bytes as (piece, key): after the first piece (which completes the tar
    header's group) each piece is one whole group cut from the pool at one of a few offsets,
    and the key names that offset so its checksums are computed once."""
    pool = memoryview(_rng(seed, "pool").randbytes(_POOL_SIZE))
    offsets = _rng(seed, "offsets")
    step = (_POOL_SIZE - _GROUP) // (_EXPORT_OFFSETS - 1)
    left, first = member_size, True
    while left > 0:
        start = offsets.randrange(_EXPORT_OFFSETS) * step
        n = min(left, _GROUP - header_len if first else _GROUP)
        yield pool[start:start + n], (None if first or n < _GROUP else start)
        left -= n
        first = False


def write_export(f: BinaryIO, *, size: int, seed: str, member_name: str) -> Written:
    member_size, comment_len = plan_export(size, member_name)
    header = _tar_header(member_name, member_size)
    tail = bytes(_pad512(member_size) - member_size + 1024)   # member padding + end-of-archive
    out = HashingWriter(f)
    gz = _StoredDeflate(out, comment_len, len(header) + member_size + len(tail))
    gz.feed(header)
    for piece, key in _export_member(seed, len(header), member_size):
        gz.feed(piece, key)
    gz.feed(tail)
    gz.finish()
    return out.finish()
