"""VMDK monolithicSparse (hosted sparse extent, version 1): a 512-byte header, the text
descriptor, one grain directory and all its grain tables preallocated, then 64 KiB grains in
guest order. Zero grains are absent (GT entry 0). Fields: docs/formats.md.
"""

from __future__ import annotations

import os
import struct
import sys
import zlib
from array import array
from pathlib import Path

SECTOR = 512
GRAIN_SECTORS = 128                       # 64 KiB grains
GRAIN = GRAIN_SECTORS * SECTOR
GTES_PER_GT = 512
_DESC_SECTORS = 20


def _descriptor(name: str, sectors: int) -> bytes:
    cylinders = min(65535, sectors // (16 * 63))
    cid = zlib.crc32(f"{name}:{sectors}".encode()) or 1
    text = (
        "# Disk DescriptorFile\n"
        "version=1\n"
        f"CID={cid:08x}\n"
        "parentCID=ffffffff\n"
        'createType="monolithicSparse"\n'
        "\n"
        "# Extent description\n"
        f'RW {sectors} SPARSE "{name}"\n'
        "\n"
        "# The Disk Data Base\n"
        "#DDB\n"
        "\n"
        'ddb.virtualHWVersion = "4"\n'
        f'ddb.geometry.cylinders = "{cylinders}"\n'
        'ddb.geometry.heads = "16"\n'
        'ddb.geometry.sectors = "63"\n'
        'ddb.adapterType = "lsilogic"\n'
    ).encode()
    return text.ljust(_DESC_SECTORS * SECTOR, b"\0")


def extent_name(path) -> str:
    """The file name the embedded descriptor gives its one extent: the finished file's. The
    writer writes `<name>.part` and the caller renames it when complete; a descriptor naming
    the .part file would point VMware's tools at a file that no longer exists."""
    name = Path(path).name
    return name[: -len(".part")] if name.endswith(".part") else name


class VmdkWriter:
    def __init__(self, path, virtual_size: int) -> None:
        self.path = path
        self.virtual_size = virtual_size
        self.sectors = -(-virtual_size // SECTOR)
        grains = -(-self.sectors // GRAIN_SECTORS)
        self._gts = max(1, -(-grains // GTES_PER_GT))
        self._gd_at = 1 + _DESC_SECTORS                                   # in sectors
        gd_sectors = -(-self._gts * 4 // SECTOR)
        self._gt_at = self._gd_at + gd_sectors
        gt_sectors = self._gts * GTES_PER_GT * 4 // SECTOR
        self.overhead = -(-(self._gt_at + gt_sectors) // GRAIN_SECTORS) * GRAIN_SECTORS
        self._gt = array("I", bytes(4 * self._gts * GTES_PER_GT))         # grain -> sector, 0 = absent
        self._next = self.overhead
        self._f = open(path, "wb")

    def write_block(self, offset: int, block) -> None:
        self._f.seek(self._next * SECTOR)
        self._f.write(block)
        if len(block) < GRAIN:
            self._f.write(bytes(GRAIN - len(block)))
        self._gt[offset // GRAIN] = self._next
        self._next += GRAIN_SECTORS

    def finish(self) -> None:
        f = self._f
        f.seek(0)
        f.write(struct.pack("<4sIIQQQQIQQQB4sH", b"KDMV", 1, 1, self.sectors, GRAIN_SECTORS, 1, _DESC_SECTORS,
                            GTES_PER_GT, 0, self._gd_at, self.overhead, 0, b"\n \r\n", 0).ljust(SECTOR, b"\0"))
        f.write(_descriptor(extent_name(self.path), self.sectors))
        gd = array("I", (self._gt_at + i * GTES_PER_GT * 4 // SECTOR for i in range(self._gts)))
        if sys.byteorder == "big":   # both tables are little-endian on disk
            gd.byteswap()
            self._gt.byteswap()
        f.write(gd.tobytes().ljust((self._gt_at - self._gd_at) * SECTOR, b"\0"))
        f.write(self._gt.tobytes())
        f.truncate(max(self._next, self.overhead) * SECTOR)
        f.flush()
        os.fsync(f.fileno())
        f.close()

    def abort(self) -> None:
        self._f.close()
