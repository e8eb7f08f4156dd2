"""qcow2 version 3, 64 KiB clusters, no compression, no backing file. Fields: docs/formats.md.

Layout, written front to back except the header and L1 (rewritten at the end):
  [header][L1 table][data clusters, in guest order][L2 tables][refcount blocks][refcount table]
Zero blocks get no cluster (their L2 entry stays 0: reads as zeros). Every cluster has refcount 1,
so L1/L2 entries carry the COPIED flag, which `qemu-img check` expects.
"""

from __future__ import annotations

import os
import struct
import sys
from array import array

CLUSTER_BITS = 16
CLUSTER = 1 << CLUSTER_BITS
_L2_ENTRIES = CLUSTER // 8
_REFCOUNT_ORDER = 4                       # 16-bit refcounts
_REFS_PER_BLOCK = CLUSTER * 8 // (1 << _REFCOUNT_ORDER)
_COPIED = 1 << 63
_HEADER_LEN = 104                         # version 3 header without extensions


def _big_endian(table: array) -> None:
    """qcow2 tables are big-endian on disk."""
    if sys.byteorder == "little":
        table.byteswap()


def _clusters(nbytes: int) -> int:
    return -(-nbytes // CLUSTER)


class Qcow2Writer:
    def __init__(self, path, virtual_size: int) -> None:
        self.path = path
        self.virtual_size = virtual_size
        self._guest_clusters = _clusters(virtual_size)
        self.l1_size = max(1, -(-self._guest_clusters // _L2_ENTRIES))
        self._l1_offset = CLUSTER
        self._next = self._l1_offset + _clusters(self.l1_size * 8) * CLUSTER   # next free host offset
        self._map = array("Q", bytes(8 * self._guest_clusters))              # guest cluster -> host offset
        self._f = open(path, "wb")
        self._f.seek(self._next)

    def write_block(self, offset: int, block) -> None:
        host = self._next
        self._f.seek(host)
        self._f.write(block)
        if len(block) < CLUSTER:
            self._f.write(bytes(CLUSTER - len(block)))
        self._map[offset >> CLUSTER_BITS] = host
        self._next += CLUSTER

    def _refcount_layout(self, used: int) -> tuple[int, int]:
        """(refcount blocks, refcount table clusters) covering `used` clusters plus themselves."""
        blocks = table = 1
        while True:
            total = used + blocks + table
            need_blocks = -(-total // _REFS_PER_BLOCK)
            need_table = _clusters(need_blocks * 8)
            if (need_blocks, need_table) == (blocks, table):
                return blocks, table
            blocks, table = need_blocks, need_table

    def finish(self) -> None:
        f = self._f
        l1 = array("Q", bytes(8 * self.l1_size))
        f.seek(self._next)
        for i in range(self.l1_size):
            entries = self._map[i * _L2_ENTRIES:(i + 1) * _L2_ENTRIES]
            if not any(entries):
                continue
            l2 = array("Q", (e | _COPIED if e else 0 for e in entries))
            l2.extend([0] * (_L2_ENTRIES - len(l2)))
            _big_endian(l2)
            f.write(l2.tobytes())
            l1[i] = self._next | _COPIED
            self._next += CLUSTER
        used = self._next // CLUSTER
        blocks, table = self._refcount_layout(used)
        refblocks_at = self._next
        total = used + blocks + table
        refs = array("H", [1]) * total
        refs.extend([0] * (blocks * _REFS_PER_BLOCK - total))
        _big_endian(refs)
        f.write(refs.tobytes())
        table_at = refblocks_at + blocks * CLUSTER
        rt = array("Q", (refblocks_at + i * CLUSTER for i in range(blocks)))
        rt.extend([0] * (table * CLUSTER // 8 - blocks))
        _big_endian(rt)
        f.write(rt.tobytes())
        _big_endian(l1)
        f.seek(self._l1_offset)
        f.write(l1.tobytes())
        f.seek(0)
        f.write(struct.pack(">4sIQIIQIIQQIIQQQQII", b"QFI\xfb", 3, 0, 0, CLUSTER_BITS, self.virtual_size, 0,
                            self.l1_size, self._l1_offset, table_at, table, 0, 0,
                            0, 0, 0, _REFCOUNT_ORDER, _HEADER_LEN))
        f.write(bytes(8))   # header extension area: the end marker (type 0, length 0)
        f.flush()
        os.fsync(f.fileno())
        f.close()

    def abort(self) -> None:
        self._f.close()
