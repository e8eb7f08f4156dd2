"""Disk writers: each gets the non-zero 64 KiB blocks in increasing offset order, then finish().
Zero blocks never reach them, so they end up as holes / unallocated clusters / absent grains."""

from __future__ import annotations

from .qcow2 import Qcow2Writer
from .raw import RawWriter
from .vhd import VhdWriter
from .vmdk import VmdkWriter

WRITERS = {"raw": RawWriter, "qcow2": Qcow2Writer, "vmdk": VmdkWriter, "vhd": VhdWriter}


def open_writer(fmt: str, path, virtual_size: int):
    return WRITERS[fmt](path, virtual_size)
