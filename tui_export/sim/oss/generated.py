"""Deterministic generated objects: raw bytes, and real .tar.gz exports of a "disk".

`write_export` writes a valid gzip'd tar with one member (e.g. "system.raw")
whose archive is exactly `size` bytes (when `size` is large enough to hold a tar):
the gzip stream uses deflate *stored* blocks (what gzip level 0 does), so the
archive size is computable up front, and the gap to the target is filled with a
gzip FCOMMENT field that every reader skips (not FEXTRA: CPython's streaming
tarfile mis-skips FEXTRA, reading it from the decompressed stream). Content is pseudo-random, taken from a
seed-derived pool at seed-derived offsets, so two seeds never give the same bytes
and a part written at the wrong offset of a download shows up in its checksum.

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

CHUNK = 1 << 20
_POOL_SIZE = 4 * CHUNK + 4093      # a prime-ish tail so offsets don't line up with sectors
_STORED_MAX = 65535                # deflate stored block payload limit
_GROUP = 16 * _STORED_MAX          # bytes deflated per write (~1 MiB)
_FIXED_MTIME = 1_700_000_000       # deterministic archives: no wall-clock time inside


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

    def finish(self) -> Written:
        self._pool.shutdown(wait=True)
        return Written(self._size, self._md5.hexdigest().upper(), self._crc)


def _rng(seed: str, purpose: str) -> random.Random:
    digest = hashlib.sha256(f"{purpose}\0{seed}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))


def pseudo_random_chunks(seed: str, size: int) -> Iterator[memoryview]:
    """`size` deterministic pseudo-random bytes, as zero-copy views of a 4 MiB pool."""
    pool = memoryview(_rng(seed, "pool").randbytes(_POOL_SIZE))
    offsets = _rng(seed, "offsets")
    left = size
    while left > 0:
        n = min(CHUNK, left)
        start = offsets.randrange(_POOL_SIZE - CHUNK)
        yield pool[start:start + n]
        left -= n


def write_raw(f: BinaryIO, *, size: int, seed: str) -> Written:
    out = HashingWriter(f)
    for piece in pseudo_random_chunks(seed, size):
        out.write(piece)
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


class _StoredDeflate:
    """gzip member made of deflate stored blocks, fed in arbitrary pieces."""

    def __init__(self, out: HashingWriter, comment_len: int) -> None:
        self._out = out
        self._pending = bytearray()
        self._crc32 = 0
        self._isize = 0
        flags = 0x10 if comment_len else 0   # FCOMMENT
        header = bytearray(b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", _FIXED_MTIME) + b"\x00\x03")
        if comment_len:
            header += b" " * (comment_len - 1) + b"\x00"
        out.write(bytes(header))

    def feed(self, piece) -> None:
        self._pending += piece
        if len(self._pending) > _GROUP:   # keep data back so the last block can be marked final
            self._emit(memoryview(self._pending)[:_GROUP], final=False)
            del self._pending[:_GROUP]

    def finish(self) -> None:
        self._emit(memoryview(self._pending), final=True)
        self._pending = bytearray()
        self._out.write(struct.pack("<II", self._crc32 & 0xFFFFFFFF, self._isize & 0xFFFFFFFF))

    def _emit(self, data: memoryview, final: bool) -> None:
        self._crc32 = zlib.crc32(data, self._crc32)
        self._isize += len(data)
        buf = bytearray()
        for start in range(0, len(data), _STORED_MAX):
            block = data[start:start + _STORED_MAX]
            last = final and start + _STORED_MAX >= len(data)
            buf += struct.pack("<BHH", 1 if last else 0, len(block), len(block) ^ 0xFFFF)
            buf += block
        self._out.write(buf)


def write_export(f: BinaryIO, *, size: int, seed: str, member_name: str) -> Written:
    member_size, comment_len = plan_export(size, member_name)
    out = HashingWriter(f)
    gz = _StoredDeflate(out, comment_len)
    gz.feed(_tar_header(member_name, member_size))
    for piece in pseudo_random_chunks(seed, member_size):
        gz.feed(piece)
    gz.feed(bytes(_pad512(member_size) - member_size + 1024))   # member padding + end-of-archive
    gz.finish()
    return out.finish()
