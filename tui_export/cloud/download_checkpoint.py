"""The on-disk record that lets a download resume after a crash, a cancel or a full disk.

One JSON file per (bucket, key, destination) in `<state>/downloads/`, replaced
atomically. It describes the remote object as it was when the download began
(etag, size, last-modified, CRC) so that a changed object restarts from zero,
and for every part the bytes already written to the temp file plus their
CRC-64: the whole file's CRC is combined from these without re-reading it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from tui_export.cloud.paths import atomic_write_private

VERSION = 1


def checkpoint_path(state_dir: Path | str, bucket: str, key: str, dest: Path | str) -> Path:
    digest = hashlib.sha256(f"{bucket}/{key}/{os.path.abspath(dest)}".encode("utf-8")).hexdigest()
    return Path(state_dir) / "downloads" / f"{digest}.json"


@dataclass
class Checkpoint:
    bucket: str
    key: str
    dest: str
    temp: str
    etag: str
    size: int
    last_modified: int
    crc64: str | None           # decimal, as the server sent it; None when the object has none
    part_size: int
    # part index -> (bytes written from the part's start, CRC-64 of those bytes)
    parts: dict[int, tuple[int, int]] = field(default_factory=dict)

    def same_remote(self, etag: str, size: int, last_modified: int, crc64: str | None) -> bool:
        # last_modified is informative only: a copy-in-place can touch it without changing content,
        # and etag + size + CRC already pin the bytes.
        return self.etag == etag and self.size == size and (self.crc64 or None) == (crc64 or None)

    @property
    def done_bytes(self) -> int:
        return sum(done for done, _ in self.parts.values())

    def to_json(self) -> bytes:
        data = {
            "version": VERSION, "bucket": self.bucket, "key": self.key, "dest": self.dest,
            "temp": self.temp, "etag": self.etag, "size": self.size,
            "last_modified": self.last_modified, "crc64": self.crc64, "part_size": self.part_size,
            "parts": [[i, d, c] for i, (d, c) in sorted(self.parts.items()) if d > 0],
        }
        return json.dumps(data, separators=(",", ":")).encode("utf-8")   # C encoder: saved every few MiB

    @classmethod
    def from_json(cls, raw: bytes) -> "Checkpoint":
        data = json.loads(raw)
        if data.get("version") != VERSION:
            raise ValueError(f"unknown checkpoint version {data.get('version')!r}")
        return cls(
            bucket=data["bucket"], key=data["key"], dest=data["dest"], temp=data["temp"],
            etag=data["etag"], size=int(data["size"]), last_modified=int(data["last_modified"]),
            crc64=data.get("crc64"), part_size=int(data["part_size"]),
            parts={int(i): (int(d), int(c)) for i, d, c in data.get("parts", [])},
        )


def load(path: Path) -> Checkpoint | None:
    """The checkpoint at `path`, or None when absent or unreadable (a damaged one just restarts)."""
    try:
        return Checkpoint.from_json(Path(path).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(path: Path, cp: Checkpoint, *, durable: bool = True) -> None:
    """Write beside the old record and rename (0600 from the start): a crash or a full disk leaves
    the old or the new record, never half. `durable` adds an fsync (survives a power cut too)."""
    atomic_write_private(Path(path), cp.to_json(), durable=durable)


def discard(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
