"""What a generated export's disk looks like: an MBR with one Linux partition holding an ext4
superblock, data runs, and long zero runs covering most of the disk (as real system disks do).

The disk is cut into 64 KiB blocks: the first MiB (MBR, then zeros up to the partition start),
the partition's first block (its superblock), then data or zero blocks in seed-chosen runs.
Only the layout lives here; generated.py turns it into a .tar.gz of an exact size.
"""

from __future__ import annotations

import hashlib
import random
import struct

BLOCK = 64 << 10
HEAD = 1 << 20                 # the partition starts at 1 MiB (LBA 2048), as fdisk/parted align it
SECTOR = 512
EXT4_MAGIC = 0xEF53
_DATA_SHARE = 3                # zero blocks per data block (data covers ~1/4 of the disk)


def _rng(seed: str, purpose: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(f"{purpose}\0{seed}".encode()).digest(), "big"))


def mbr(disk_size: int, seed: str) -> bytes:
    """Sector 0: boot code area left zero, a disk signature, one bootable type-0x83 partition."""
    sectors = disk_size // SECTOR
    start = HEAD // SECTOR
    entry = struct.pack("<B3sB3sII", 0x80, b"\x00\x21\x00", 0x83, b"\xfe\xff\xff", start, sectors - start)
    sig = _rng(seed, "mbr").randbytes(4)
    return bytes(440) + sig + b"\0\0" + entry + bytes(48) + b"\x55\xaa"


def ext4_superblock(part_size: int, seed: str) -> bytes:
    """The 1024-byte superblock (at partition offset 1024) of a 4 KiB-block ext4 with a journal,
    extents and flex_bg; enough for blkid/file(1) style readers to call it ext4."""
    blocks = part_size // 4096
    groups = max(1, -(-blocks // 32768))
    inodes_per_group = 8192
    rng = _rng(seed, "ext4")
    sb = bytearray(1024)
    struct.pack_into("<IIIIIIIIIII", sb, 0, groups * inodes_per_group, blocks, blocks // 20,
                     blocks * 3 // 4, groups * inodes_per_group - 2000, 0, 2, 2, 32768, 32768, inodes_per_group)
    struct.pack_into("<IIHhHHHH", sb, 0x2C, 1_700_000_000, 1_700_000_000, 3, -1, EXT4_MAGIC, 1, 1, 0)
    struct.pack_into("<IIII", sb, 0x40, 1_700_000_000, 0, 0, 1)      # lastcheck, interval, Linux, dynamic rev
    struct.pack_into("<HHIHH", sb, 0x50, 0, 0, 11, 256, 0)            # first inode 11, 256-byte inodes
    struct.pack_into("<III", sb, 0x5C, 0x3C, 0x242, 0x6B)            # compat / incompat / ro_compat features
    sb[0x68:0x78] = rng.randbytes(16)                                  # UUID
    sb[0x78:0x88] = b"root".ljust(16, b"\0")                           # volume label
    return bytes(sb)


def head_blocks(disk_size: int, seed: str) -> tuple[bytes, bytes]:
    """(the first MiB, the partition's first 64 KiB block)."""
    first = mbr(disk_size, seed) + bytes(HEAD - SECTOR)
    part = bytes(1024) + ext4_superblock(disk_size - HEAD, seed) + bytes(BLOCK - 2048)
    return first, part


def block_kinds(n_data: int, n_zero: int, seed: str) -> list[bool]:
    """After the head: True = a data block, False = a zero block, in runs (data 1..32 blocks,
    zeros 1..96), the order chosen by the seed."""
    rng = _rng(seed, "layout")
    kinds: list[bool] = []
    while n_data or n_zero:
        run = min(n_data, rng.randint(1, 32))
        kinds += [True] * run
        n_data -= run
        run = min(n_zero, rng.randint(1, 96))
        kinds += [False] * run
        n_zero -= run
    return kinds


def share(budget: int, data_cost: int, zero_cost: int) -> tuple[int, int]:
    """(data blocks, zero blocks) that fit `budget` archive bytes at about 1 data : 3 zero;
    a few extra zero blocks take up what is left over."""
    n_data = max(0, budget) // (data_cost + _DATA_SHARE * zero_cost)
    rest = max(0, budget) - n_data * (data_cost + _DATA_SHARE * zero_cost)
    return n_data, _DATA_SHARE * n_data + min(rest // zero_cost, 16)
