"""Deterministic generated objects: raw bytes, and real .tar.gz exports of a disk.

`write_raw` writes exactly `size` bytes of pseudo-random content. `write_export` writes a valid
gzip'd tar with one member (e.g. "system.raw") that is a disk image (disk_image.py: an MBR, an
ext4 partition, data runs and long zero runs), the archive exactly `size` bytes when `size` can
hold a disk at all: data blocks are deflate *stored* blocks (random data does not compress), zero
blocks and the head are deflated, every segment ends on a byte boundary, so the archive size is
computable up front; the gap to the target is filled with a gzip FCOMMENT field that every reader
skips (not FEXTRA: CPython's streaming tarfile mis-skips FEXTRA). Content is taken from a
seed-derived pool at seed-derived offsets, so two seeds never give the same bytes and a part
written at the wrong offset of a download shows up in its checksum. Only 64 distinct data slices
and one zero segment make up an object, so each one's CRCs are computed once and then shifted into
the running CRC (`crc_shift`) instead of re-reading the bytes.

Everything streams in pieces of at most 1 MiB; MD5 (the ETag) and the file write run in helper
threads in parallel with CRC-64 (crcmod holds the GIL; hashlib and file writes release it).
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

from . import disk_image
from .crc64 import crc64
from .crc_shift import CrcShift

CHUNK = 1 << 20
_POOL_SIZE = 4 * CHUNK + 4093      # a prime-ish tail so offsets don't line up with sectors
_STORED_MAX = 65535                # deflate stored block payload limit
_FIXED_MTIME = 1_700_000_000       # deterministic archives: no wall-clock time inside
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
        self._pending = bytearray()

    def write(self, buf) -> None:
        self._flush()
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
        self._flush()
        hashing = self._pool.submit(self._md5.update, buf)
        writing = self._pool.submit(self._f.write, buf)
        self._crc = shift.append(self._crc, buf_crc)
        self._size += len(buf)
        hashing.result()
        writing.result()

    def append_known(self, buf, buf_crc: int, shift: CrcShift) -> None:
        """Like write_known for small pieces: gathered into ~1 MiB writes (one thread hand-off each)."""
        self._crc = shift.append(self._crc, buf_crc)
        self._size += len(buf)
        self._pending += buf
        if len(self._pending) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            buf, self._pending = self._pending, bytearray()
            hashing = self._pool.submit(self._md5.update, buf)
            self._f.write(buf)
            hashing.result()

    def finish(self) -> Written:
        self._flush()
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


_SHIFTS: dict[str, CrcShift] = {}


def _chunk_shift() -> CrcShift:
    if "raw" not in _SHIFTS:
        _SHIFTS["raw"] = CrcShift(crc64, 64, CHUNK)
    return _SHIFTS["raw"]


def _deflated(data, finish: bool = False) -> bytes:
    """`data` as self-contained deflate blocks ending on a byte boundary (sync flush), so
    segments compressed separately concatenate into one valid stream; `finish` ends it."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FINISH if finish else zlib.Z_SYNC_FLUSH)


def _stored(data) -> bytes:
    """`data` as deflate stored blocks (random disk data does not compress, as in real exports)."""
    buf = bytearray()
    for start in range(0, len(data), _STORED_MAX):
        block = data[start:start + _STORED_MAX]
        buf += struct.pack("<BHH", 0, len(block), len(block) ^ 0xFFFF) + block
    return bytes(buf)


_ZERO_BLOCK = bytes(disk_image.BLOCK)
_ZERO_SEG = _deflated(_ZERO_BLOCK)
_DATA_SEG_LEN = len(_stored(_ZERO_BLOCK))


def _shifts() -> dict[str, CrcShift]:
    """CRC shifts over one data segment, one zero segment (CRC-64) and one block (CRC-32), built once."""
    if "data" not in _SHIFTS:
        _SHIFTS["data"] = CrcShift(crc64, 64, _DATA_SEG_LEN)
        _SHIFTS["zero"] = CrcShift(crc64, 64, len(_ZERO_SEG))
        _SHIFTS["block"] = CrcShift(zlib.crc32, 32, disk_image.BLOCK)
    return _SHIFTS


@dataclass(frozen=True)
class ExportPlan:
    header: bytes        # the tar header
    disk_size: int       # the member: a whole disk
    n_data: int
    n_zero: int
    comment_len: int     # gzip FCOMMENT bytes incl. its NUL that pad the archive to the target (0 = none)


def _fixed_len(header: bytes, disk_size: int, seed: str) -> int:
    first, part = disk_image.head_blocks(disk_size, seed)
    return 10 + len(_deflated(header)) + len(_deflated(first)) + len(_deflated(part)) \
        + len(_deflated(bytes(1024), finish=True)) + 8


def plan_export(size: int, member_name: str, seed: str = "") -> ExportPlan:
    """The disk that makes an archive of exactly `size` bytes (when `size` can hold a disk at all,
    else the smallest archive): data blocks cost their size, zero blocks a few dozen bytes."""
    head = disk_image.HEAD + disk_image.BLOCK
    probe = _tar_header(member_name, head)
    n_data, n_zero = disk_image.share(size - _fixed_len(probe, head, seed), _DATA_SEG_LEN, len(_ZERO_SEG))
    while True:
        disk_size = head + (n_data + n_zero) * disk_image.BLOCK
        header = _tar_header(member_name, disk_size)
        total = _fixed_len(header, disk_size, seed) + n_data * _DATA_SEG_LEN + n_zero * len(_ZERO_SEG)
        if total <= size or not (n_data or n_zero):
            return ExportPlan(header, disk_size, n_data, n_zero, max(0, size - total))
        if n_zero:
            n_zero -= 1
        else:
            n_data -= 1


def write_export(f: BinaryIO, *, size: int, seed: str, member_name: str) -> Written:
    """A .tar.gz of `size` bytes whose one member is a disk image (see disk_image.py): the head and
    the zero blocks deflated, the data blocks stored, each segment on a byte boundary so repeated
    segments' checksums are computed once and shifted in."""
    plan = plan_export(size, member_name, seed)
    shifts = _shifts()
    out = HashingWriter(f)
    flags = 0x10 if plan.comment_len else 0   # FCOMMENT
    gz_header = b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", _FIXED_MTIME) + b"\x00\x03"
    if plan.comment_len:
        gz_header += b" " * (plan.comment_len - 1) + b"\x00"
    out.write(gz_header)
    first, part = disk_image.head_blocks(plan.disk_size, seed)
    crc32 = 0
    for piece in (plan.header, first, part):
        out.write(_deflated(piece))
        crc32 = zlib.crc32(piece, crc32)
    pool = memoryview(_rng(seed, "pool").randbytes(_POOL_SIZE))
    offsets = _rng(seed, "offsets")
    step = (_POOL_SIZE - disk_image.BLOCK) // (_EXPORT_OFFSETS - 1)
    known: dict[int, tuple[bytes, int, int]] = {}
    zero_crc64, zero_crc32 = crc64(_ZERO_SEG), zlib.crc32(_ZERO_BLOCK)
    for is_data in disk_image.block_kinds(plan.n_data, plan.n_zero, seed):
        if not is_data:
            out.append_known(_ZERO_SEG, zero_crc64, shifts["zero"])
            crc32 = shifts["block"].append(crc32, zero_crc32)
            continue
        start = offsets.randrange(_EXPORT_OFFSETS) * step
        if start not in known:
            block = pool[start:start + disk_image.BLOCK]
            seg = _stored(block)
            known[start] = (seg, crc64(seg), zlib.crc32(block))
        seg, seg_crc, block_crc = known[start]
        out.append_known(seg, seg_crc, shifts["data"])
        crc32 = shifts["block"].append(crc32, block_crc)
    tail = bytes(1024)   # end-of-archive (the disk is a whole number of 512-byte records)
    out.write(_deflated(tail, finish=True))
    crc32 = zlib.crc32(tail, crc32)
    isize = len(plan.header) + plan.disk_size + len(tail)
    out.write(struct.pack("<II", crc32 & 0xFFFFFFFF, isize & 0xFFFFFFFF))
    return out.finish()
