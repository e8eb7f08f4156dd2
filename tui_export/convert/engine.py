"""One pass over the archive: tar member -> SHA-256 of the raw disk, partition probe, zero
detection, writer. Memory stays at ~1 MiB whatever the disk size."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from .archive import open_member
from .errors import ConvertError
from .formats import BLOCK, FORMATS
from .partitions import DiskLayout, DiskProbe
from .writers import open_writer
from .zeros import is_zero

_READ = 16 * BLOCK


@dataclass
class Converted:
    format: str
    path: Path
    sha256: str            # of the raw disk content (the tar member), whatever the format
    virtual_size: int      # the disk's size in bytes (a VHD rounds it up to a whole MiB)
    member: str            # the tar member's name
    layout: DiskLayout

    def to_json(self) -> dict:
        return {"format": self.format, "path": str(self.path), "sha256": self.sha256}


def convert_stream(src: BinaryIO, path: Path, fmt: str,
                   progress: Callable[[int, int], None] | None = None) -> Converted:
    """Read the .tar.gz from `src` (a file object, possibly one that waits for a download) and
    write the disk to `path` in `fmt`. On any failure the partial output is removed."""
    if fmt not in FORMATS or fmt == "archive":
        raise ConvertError("UnknownFormat", fmt)
    member = open_member(src)
    size = member.size
    if size < 512:
        raise ConvertError("NoDisk", f"{member.name} is {size} bytes, too small for a disk")
    chunk = member.read(min(_READ, size))
    probe = DiskProbe(chunk[:BLOCK], size)
    path = Path(path)
    writer = open_writer(fmt, path, size)
    sha = hashlib.sha256()
    offset = 0
    # SHA-256 runs in a helper thread while the next piece inflates (both release the GIL)
    hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convert-sha")
    hashing = None
    try:
        while chunk:
            if hashing is not None:
                hashing.result()
            hashing = hasher.submit(sha.update, chunk)
            view = memoryview(chunk)
            for at in range(0, len(view), BLOCK):
                block = view[at:at + BLOCK]
                probe.feed(offset + at, block)
                if not is_zero(block):
                    writer.write_block(offset + at, block)
            offset += len(chunk)
            if progress:
                progress(offset, size)
            chunk = member.read(min(_READ, size - offset)) if offset < size else b""
        member.drain()
        if hashing is not None:
            hashing.result()
        writer.finish()
    except BaseException:
        writer.abort()
        path.unlink(missing_ok=True)
        raise
    finally:
        hasher.shutdown(wait=True)
    return Converted(fmt, path, sha.hexdigest(), size, member.name, probe.finish())


def convert_file(archive: Path, out_dir: Path, fmt: str, name: str | None = None) -> Converted:
    """Convert a downloaded archive into `out_dir`; the file appears under its final name only
    when complete (written as `<name>.part`, then renamed)."""
    from .formats import output_name

    final = Path(out_dir) / (name or output_name(Path(archive).name, fmt))
    part = final.with_name(final.name + ".part")
    with open(archive, "rb") as src:
        result = convert_stream(src, part, fmt)
    os.replace(part, final)
    result.path = final
    return result


def file_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        while data := f.read(1 << 20):
            sha.update(data)
    return sha.hexdigest()
