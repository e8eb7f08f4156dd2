"""What the disk is: its partition table (MBR or GPT) and, from each partition's first 4 KiB,
its filesystem where the superblock says so cheaply (ext2/3/4, xfs, NTFS, swap).

Fed in stream order (`DiskProbe.feed`), since a partition's start passes by only once.
See docs/formats.md for the on-disk fields relied on.
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass, field

from .errors import ConvertError

SECTOR = 512
_FS_PROBE = 4096

_MBR_TYPES = {0x83: "Linux", 0x82: "Linux swap", 0x8E: "Linux LVM", 0x07: "NTFS/exFAT", 0x0B: "FAT32",
              0x0C: "FAT32 (LBA)", 0xEF: "EFI System", 0x05: "Extended", 0x0F: "Extended (LBA)",
              0xEE: "GPT protective"}
_GPT_TYPES = {
    "0fc63daf-8483-4772-8e79-3d69d8477de4": "Linux filesystem",
    "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f": "Linux swap",
    "e6d6d379-f507-44c2-a23c-238f2a3df928": "Linux LVM",
    "c12a7328-f81f-11d2-ba4b-00a0c93ec93b": "EFI System",
    "21686148-6449-6e6f-744e-656564454649": "BIOS boot",
    "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7": "Microsoft basic data",
    "e3c9e316-0b5c-4db8-817d-f92df00215ae": "Microsoft reserved",
}


@dataclass
class Partition:
    number: int
    type: str          # a name when known, else the MBR type byte (0x..) or the GPT type GUID
    start: int         # bytes from the start of the disk
    size: int          # bytes
    filesystem: str | None = None

    def to_json(self) -> dict:
        return {"number": self.number, "type": self.type, "start": self.start, "size": self.size,
                "filesystem": self.filesystem}


@dataclass
class DiskLayout:
    table: str | None                     # "mbr", "gpt", or None (a filesystem without a table)
    partitions: list[Partition] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"table": self.table, "partitions": [p.to_json() for p in self.partitions]}

    def summary(self) -> str:
        """One line for a log or journal: "MBR: 1 Linux (ext4, 39.0 GiB)"."""
        from tui_export.core.units import human_bytes

        parts = ", ".join(f"{p.number} {p.type} ({p.filesystem or 'unknown'}, {human_bytes(p.size)})"
                          for p in self.partitions)
        return f"{(self.table or 'no table').upper()}: {parts or 'no partitions'}"


def filesystem(head: bytes) -> str | None:
    """The filesystem whose superblock starts `head` (a partition's first bytes), if one is recognised."""
    if len(head) >= 1024 + 0x68 and struct.unpack_from("<H", head, 1024 + 0x38)[0] == 0xEF53:
        compat, incompat = struct.unpack_from("<II", head, 1024 + 0x5C)
        if incompat & (0x40 | 0x80 | 0x200):   # extents, 64bit, flex_bg
            return "ext4"
        return "ext3" if compat & 0x4 else "ext2"
    if head[:4] == b"XFSB":
        return "xfs"
    if head[3:11] == b"NTFS    ":
        return "ntfs"
    if len(head) >= 4096 and head[4086:4096] in (b"SWAPSPACE2", b"SWAP-SPACE"):
        return "swap"
    return None


def _gpt(first: bytes, disk_size: int) -> list[Partition] | None:
    hdr = first[SECTOR:2 * SECTOR]
    if hdr[:8] != b"EFI PART":
        return None
    entries_lba, count, entry_size = struct.unpack_from("<QII", hdr, 72)
    parts = []
    for i in range(min(count, 128)):
        at = entries_lba * SECTOR + i * entry_size
        entry = first[at:at + entry_size]
        if len(entry) < 56:
            break
        type_guid = uuid.UUID(bytes_le=entry[:16])
        if type_guid.int == 0:
            continue
        first_lba, last_lba = struct.unpack_from("<QQ", entry, 32)
        parts.append(Partition(i + 1, _GPT_TYPES.get(str(type_guid), str(type_guid)), first_lba * SECTOR,
                               (last_lba - first_lba + 1) * SECTOR))
    return parts


def _mbr(first: bytes) -> list[Partition] | None:
    if first[510:512] != b"\x55\xaa":
        return None
    parts = []
    for i in range(4):
        status, ptype, start, count = struct.unpack_from("<B3xB3xII", first, 446 + 16 * i)
        if status not in (0, 0x80):
            return None   # not a partition table (a boot sector of a filesystem, say)
        if ptype and count:
            parts.append(Partition(i + 1, _MBR_TYPES.get(ptype, f"0x{ptype:02x}"), start * SECTOR, count * SECTOR))
    return parts


def read_layout(first: bytes, disk_size: int) -> DiskLayout:
    """The table from the disk's first bytes (64 KiB hold an MBR and a GPT's entries).
    Raises ConvertError("NoDisk") when there is neither a table nor a filesystem at offset 0."""
    fs0 = filesystem(first[:_FS_PROBE])
    mbr = None if fs0 else _mbr(first)
    if mbr is not None and any(p.type == "GPT protective" for p in mbr):
        gpt = _gpt(first, disk_size)
        if gpt is not None:
            return DiskLayout("gpt", gpt)
    if mbr is not None:
        return DiskLayout("mbr", mbr)
    if fs0:
        return DiskLayout(None, [Partition(0, "whole disk", 0, disk_size, fs0)])
    raise ConvertError("NoDisk", "no partition table (MBR or GPT) and no filesystem at its start")


class DiskProbe:
    """Reads the layout from the first block, then catches each partition's first 4 KiB as the
    stream passes it."""

    def __init__(self, first: bytes, disk_size: int) -> None:
        self.layout = read_layout(first, disk_size)
        self._pending = {p.number: bytearray() for p in self.layout.partitions if p.filesystem is None}

    def feed(self, offset: int, block) -> None:
        if not self._pending:
            return
        end = offset + len(block)
        for p in self.layout.partitions:
            buf = self._pending.get(p.number)
            if buf is None:
                continue
            want_from = p.start + len(buf)
            if offset <= want_from < end:
                take = min(end, p.start + _FS_PROBE)
                buf += block[want_from - offset:take - offset]
                if len(buf) >= _FS_PROBE or take == end and end >= p.start + p.size:
                    p.filesystem = filesystem(bytes(buf))
                    del self._pending[p.number]

    def finish(self) -> DiskLayout:
        for p in self.layout.partitions:
            if p.number in self._pending:
                p.filesystem = filesystem(bytes(self._pending[p.number]))
        self._pending.clear()
        return self.layout
