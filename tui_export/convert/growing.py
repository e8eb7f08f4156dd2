"""A read-only file object over a download in progress: it hands out only the contiguous start
of the object that the download's checkpoint vouches for, waiting while that start grows, so
the conversion runs while the download does (total time ~ the longer of the two).

The checkpoint (tui_export/cloud/download_checkpoint.py) records, per part, the bytes written from
the part's start; parts before the first incomplete one form the usable prefix. Once the
download is verified and renamed, the checkpoint is gone and the whole object is there.
Every byte handed out is CRC-64'd: the conversion is kept only when that CRC equals the
object's (so it was made from exactly the verified bytes).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from tui_export.cloud import download_checkpoint as ckpt
from tui_export.cloud.crc_check import crc64

from .errors import ConvertError

POLL_S = 0.2   # how often the checkpoint is re-read while the reader waits for more bytes


def contiguous_bytes(cp: ckpt.Checkpoint) -> int:
    done = 0
    for i in range(-(-cp.size // cp.part_size) if cp.part_size else 0):
        length = min(cp.part_size, cp.size - i * cp.part_size)
        got = cp.parts.get(i, (0, 0))[0]
        done += got
        if got < length:
            break
    return done


class GrowingFile:
    def __init__(self, temp: Path, dest: Path, checkpoint: Path, size: int, stop: threading.Event) -> None:
        self._temp, self._dest, self._checkpoint = Path(temp), Path(dest), Path(checkpoint)
        self.size = size
        self._stop = stop
        self._fd: int | None = None
        self._pos = 0
        self._avail = 0
        self.crc64 = 0

    def _open(self) -> bool:
        for path in (self._temp, self._dest):
            try:
                self._fd = os.open(path, os.O_RDONLY)
                return True
            except FileNotFoundError:
                continue
        return False

    def _refresh(self) -> None:
        cp = ckpt.load(self._checkpoint)
        if cp is not None and cp.size == self.size:
            self._avail = max(self._avail, contiguous_bytes(cp))
        elif cp is None and self._dest.exists() and not self._temp.exists():
            self._avail = self.size            # finished: renamed into place

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = 1 << 20
        while True:
            if self._pos >= self.size:
                return b""
            if self._fd is None:
                self._open()
            if self._fd is not None and self._pos < self._avail:
                data = os.pread(self._fd, min(n, self._avail - self._pos), self._pos)
                if data:
                    self._pos += len(data)
                    self.crc64 = crc64(data, self.crc64)
                    return data
            if self._stop.wait(POLL_S):
                raise ConvertError("Cancelled", "the download stopped")
            self._refresh()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
