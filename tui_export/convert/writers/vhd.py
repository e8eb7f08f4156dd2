"""A fixed VHD: the raw disk, its size rounded up to a whole MiB (what Azure requires), then a
512-byte footer. The file stays sparse (zeros are holes). Fields: docs/formats.md."""

from __future__ import annotations

import os
import struct
import time
import uuid

from .raw import RawWriter

MIB = 1 << 20
_VHD_EPOCH = 946_684_800   # 2000-01-01T00:00:00Z, the footer's timestamp origin
# Readers take the size from CHS or from "current size" depending on the creator application;
# "qem2" is what `qemu-img convert -o force_size` writes (the form Azure documents), and it makes
# qemu and Hyper-V/Azure read the current size, a whole MiB (docs/formats.md).
_CREATOR = b"qem2"


def chs(total_sectors: int) -> tuple[int, int, int]:
    """Cylinders, heads, sectors per track: the algorithm of the VHD specification (appendix)."""
    total_sectors = min(total_sectors, 65535 * 16 * 255)
    if total_sectors >= 65535 * 16 * 63:
        spt, heads = 255, 16
        cyl_heads = total_sectors // spt
    else:
        spt = 17
        cyl_heads = total_sectors // spt
        heads = max(4, (cyl_heads + 1023) // 1024)
        if cyl_heads >= heads * 1024 or heads > 16:
            spt, heads = 31, 16
            cyl_heads = total_sectors // spt
        if cyl_heads >= heads * 1024:
            spt, heads = 63, 16
            cyl_heads = total_sectors // spt
    return cyl_heads // heads, heads, spt


def checksum(footer: bytes) -> int:
    """Ones' complement of the byte sum, the checksum field (offset 64) counted as zero."""
    return ~(sum(footer[:64]) + sum(footer[68:])) & 0xFFFFFFFF


def footer(size: int, *, created: float | None = None, disk_id: bytes | None = None) -> bytes:
    cyl, heads, spt = chs(size // 512)
    ts = int((time.time() if created is None else created) - _VHD_EPOCH) & 0xFFFFFFFF
    buf = bytearray(512)
    struct.pack_into(">8sIIQI4sI4sQQHBBI", buf, 0, b"conectix", 2, 0x00010000, 0xFFFFFFFFFFFFFFFF, ts,
                     _CREATOR, 0x00010000, b"Wi2k", size, size, cyl, heads, spt, 2)   # 2 = fixed disk
    buf[68:84] = disk_id or uuid.uuid4().bytes
    struct.pack_into(">I", buf, 64, checksum(buf))
    return bytes(buf)


def rounded(virtual_size: int) -> int:
    return -(-virtual_size // MIB) * MIB


class VhdWriter(RawWriter):
    def __init__(self, path, virtual_size: int) -> None:
        super().__init__(path, virtual_size)
        self.vhd_size = rounded(virtual_size)

    def finish(self) -> None:
        self._f.truncate(self.vhd_size)
        self._f.seek(self.vhd_size)
        self._f.write(footer(self.vhd_size))
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()
