"""A sparse raw disk: data blocks written at their offsets, zeros left as holes (seek + truncate)."""

from __future__ import annotations

import os


class RawWriter:
    def __init__(self, path, virtual_size: int) -> None:
        self.path = path
        self.virtual_size = virtual_size
        self._f = open(path, "wb")

    def write_block(self, offset: int, block) -> None:
        self._f.seek(offset)
        self._f.write(block)

    def finish(self) -> None:
        self._f.truncate(self.virtual_size)
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()

    def abort(self) -> None:
        self._f.close()
