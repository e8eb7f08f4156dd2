"""Multipart uploads (Initiate, UploadPart, Complete, Abort, ListParts, ListMultipartUploads) for the store.

Parts are files beside the object bodies; Complete streams them into one body,
computing the CRC-64 on the way. The ETag is OSS's multipart form:
upper-hex MD5 of the concatenated binary part MD5s, then "-<number of parts>".
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .crc64 import crc64
from .records import BucketRecord, ObjectRecord, StoreError

MIN_PART_SIZE = 100 << 10   # every part but the last
MAX_PARTS = 10000


@dataclass(frozen=True)
class Part:
    number: int
    path: Path
    size: int
    etag: str
    crc64: int
    last_modified: float


@dataclass
class Upload:
    upload_id: str
    bucket: str
    key: str
    initiated: float
    meta: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    parts: dict[int, Part] = field(default_factory=dict)


class BodyStore(Protocol):
    """What uploads need of the object store (store.ObjectStore), named here so this module
    doesn't import the store that imports it."""

    def get_bucket(self, name: str) -> BucketRecord | None: ...

    def new_body_path(self) -> Path: ...

    def commit_file(self, bucket: str, key: str, tmp_path: Path, *, size: int, etag: str, crc: int,
                    meta: dict[str, str] | None = None, content_type: str | None = None) -> ObjectRecord: ...


class Uploads:
    def __init__(self, store: BodyStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._uploads: dict[str, Upload] = {}

    def initiate(self, bucket: str, key: str, meta: dict[str, str] | None = None,
                 content_type: str | None = None) -> Upload:
        if self._store.get_bucket(bucket) is None:
            raise StoreError("NoSuchBucket", BucketName=bucket)
        upload = Upload(secrets.token_hex(16).upper(), bucket, key, time.time(), dict(meta or {}), content_type)
        with self._lock:
            self._uploads[upload.upload_id] = upload
        return upload

    def get(self, bucket: str, key: str, upload_id: str) -> Upload:
        with self._lock:
            upload = self._uploads.get(upload_id)
        if upload is None or (upload.bucket, upload.key) != (bucket, key):
            raise StoreError("NoSuchUpload", UploadId=upload_id)
        return upload

    def add_part(self, upload: Upload, number: int, tmp: Path, *, size: int, etag: str, crc: int) -> Part:
        final = tmp.with_name("part-" + secrets.token_hex(12))
        tmp.replace(final)
        part = Part(number, final, size, etag.upper(), crc, float(int(time.time())))
        with self._lock:
            if upload.upload_id not in self._uploads:
                final.unlink(missing_ok=True)
                raise StoreError("NoSuchUpload", UploadId=upload.upload_id)
            old = upload.parts.get(number)
            upload.parts[number] = part
        if old is not None:
            old.path.unlink(missing_ok=True)
        return part

    def abort(self, upload: Upload) -> None:
        with self._lock:
            self._uploads.pop(upload.upload_id, None)
        for part in upload.parts.values():
            part.path.unlink(missing_ok=True)

    def list(self, bucket: str, prefix: str = "") -> list[Upload]:
        with self._lock:
            found = [u for u in self._uploads.values() if u.bucket == bucket and u.key.startswith(prefix)]
        return sorted(found, key=lambda u: (u.key, u.initiated))

    def complete(self, upload: Upload, wanted: list[tuple[int, str]] | None) -> ObjectRecord:
        """`wanted`: (part number, etag) as the client lists them; None = every uploaded part."""
        with self._lock:
            parts = dict(upload.parts)
        if wanted is None:
            chosen = [parts[n] for n in sorted(parts)]
        else:
            numbers = [n for n, _ in wanted]
            if numbers != sorted(set(numbers)):
                raise StoreError("InvalidPartOrder", UploadId=upload.upload_id)
            chosen = []
            for n, etag in wanted:
                part = parts.get(n)
                if part is None or part.etag != etag.strip('"').upper():
                    raise StoreError("InvalidPart", UploadId=upload.upload_id, PartNumber=str(n), ETag=etag)
                chosen.append(part)
        if not chosen:
            raise StoreError("InvalidPart", UploadId=upload.upload_id)
        for part in chosen[:-1]:
            if part.size < MIN_PART_SIZE:
                raise StoreError("EntityTooSmall", UploadId=upload.upload_id, PartNumber=str(part.number))
        tmp = self._store.new_body_path()
        crc, size = 0, 0
        with open(tmp, "wb") as out:
            for part in chosen:
                with open(part.path, "rb") as f:
                    while chunk := f.read(1 << 20):
                        crc = crc64(chunk, crc)
                        out.write(chunk)
                size += part.size
        md5s = b"".join(bytes.fromhex(p.etag) for p in chosen)
        etag = f"{hashlib.md5(md5s).hexdigest().upper()}-{len(chosen)}"
        record = self._store.commit_file(upload.bucket, upload.key, tmp, size=size, etag=etag, crc=crc,
                                         meta=upload.meta, content_type=upload.content_type)
        self.abort(upload)   # drops the upload and its part files
        return record
