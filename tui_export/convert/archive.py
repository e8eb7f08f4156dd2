"""Read the disk inside an export's .tar.gz as a stream: gunzip -> tar member, never a copy on disk.

zlib (gzip mode) checks the gzip CRC-32 and length at the end of each member; output is bounded
(`max_length`) because zero runs inflate ~1000:1.
"""

from __future__ import annotations

import tarfile
import zlib
from typing import BinaryIO

from .errors import ConvertError

_IN = 1 << 20


class GunzipReader:
    """read(n) -> up to n decompressed bytes (fewer only at the end); handles concatenated members."""

    def __init__(self, src: BinaryIO) -> None:
        self._src = src
        self._d = zlib.decompressobj(wbits=31)
        self._tail = b""          # compressed input not consumed yet
        self._src_done = False
        self._started = False

    def _more_input(self) -> bool:
        if self._src_done:
            return False
        data = self._src.read(_IN)
        if not data:
            self._src_done = True
            return False
        if not self._started and data[:2] != b"\x1f\x8b":
            raise ConvertError("NotAnArchive", "not a gzip stream")
        self._started = True
        self._tail += data
        return True

    def read(self, n: int) -> bytes:
        out = bytearray()
        while len(out) < n:
            if self._d.eof:   # another gzip member may follow (concatenated .gz)
                self._tail = self._d.unused_data + self._tail
                if not self._tail and not self._more_input():
                    break
                self._d = zlib.decompressobj(wbits=31)
                continue
            if not self._tail and not self._more_input():
                raise ConvertError("Truncated", "the archive ends before its gzip trailer")
            try:
                out += self._d.decompress(self._tail, n - len(out))
            except zlib.error as exc:
                raise ConvertError("NotAnArchive", f"gzip: {exc}") from None
            self._tail = self._d.unconsumed_tail
        return bytes(out)


class MemberReader:
    """The first regular file of the tar stream: name, size, read(n)."""

    def __init__(self, gz: GunzipReader, name: str, size: int) -> None:
        self._gz, self.name, self.size, self._left = gz, name, size, size

    def read(self, n: int) -> bytes:
        want = min(n, self._left)
        data = self._gz.read(want) if want else b""
        if len(data) < want:
            raise ConvertError("Truncated", f"{self.name}: the archive ends inside the disk")
        self._left -= len(data)
        return data

    def drain(self) -> None:
        """Read the rest of the archive (tar end, gzip trailer): zlib then checks the gzip CRC-32."""
        while self._gz.read(1 << 20):
            pass


def _read_exact(gz: GunzipReader, n: int) -> bytes:
    data = gz.read(n)
    if len(data) < n:
        raise ConvertError("Truncated", "the archive ends inside a tar header")
    return data


def open_member(src: BinaryIO) -> MemberReader:
    """Skip to the first regular file (GNU long names and pax headers understood); an archive
    with none holds no disk."""
    gz = GunzipReader(src)
    long_name = None
    while True:
        block = gz.read(512)
        if len(block) < 512 or block == bytes(512):
            raise ConvertError("NoDisk", "the archive holds no file")
        try:
            info = tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
        except tarfile.TarError as exc:
            raise ConvertError("NotAnArchive", f"tar: {exc}") from None
        padded = -(-info.size // 512) * 512
        if info.type in (tarfile.GNUTYPE_LONGNAME, tarfile.XHDTYPE, tarfile.XGLTYPE):
            body = _read_exact(gz, padded)[: info.size]
            if info.type == tarfile.GNUTYPE_LONGNAME:
                long_name = body.rstrip(b"\0").decode("utf-8", "surrogateescape")
            elif info.type == tarfile.XHDTYPE:
                for line in body.decode("utf-8", "surrogateescape").splitlines():
                    _, _, kv = line.partition(" ")
                    key, _, value = kv.partition("=")
                    if key == "path":
                        long_name = value
                    elif key == "size":
                        info.size = int(value)
            continue
        if info.type in tarfile.REGULAR_TYPES and info.type != tarfile.GNUTYPE_SPARSE:
            return MemberReader(gz, long_name or info.name, info.size)
        long_name = None
        while padded:   # a directory, a link, ...: skip its body if any
            padded -= len(_read_exact(gz, min(padded, 1 << 20)))
