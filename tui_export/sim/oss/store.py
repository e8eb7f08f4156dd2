"""Buckets and objects of the embedded OSS, thread-safe; object bodies are files under `data_dir`.

Metadata lives in memory (the sim's state is per run). Each object body is a
file `data_dir/objects/<random id>`: writes go to a temp file first and are
swapped in with `os.replace`, so a reader that already opened the old body keeps
reading it whole (as with real OSS, an overwrite never tears a download).
ETags are upper-case hex MD5 *without* quotes here; the server quotes them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import secrets
import threading
import time
from pathlib import Path

from . import generated
from .crc64 import crc64
from .multipart import Uploads
from .records import BucketRecord, ObjectRecord, StoreError

__all__ = ["ObjectStore", "BucketRecord", "ObjectRecord", "StoreError"]


class ObjectStore:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self._objects_dir = self.data_dir / "objects"
        self._objects_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._buckets: dict[str, BucketRecord] = {}
        self._objects: dict[str, dict[str, ObjectRecord]] = {}
        # Names other accounts own: the bucket namespace is global, so PutBucket on one is
        # 409 BucketAlreadyExists like on one of ours, but ListBuckets never shows it.
        self._taken: set[str] = set()
        self.uploads = Uploads(self)

    # --- buckets ---------------------------------------------------------------------------

    def create_bucket(self, name: str, region_id: str, storage_class: str = "Standard",
                      creation_time: float | None = None, *, acl: str = "private",
                      public_endpoint_forbidden: bool = False) -> BucketRecord:
        with self._lock:
            if name in self._buckets or name in self._taken:
                raise StoreError("BucketAlreadyExists", BucketName=name)
            record = BucketRecord(name, region_id, float(int(creation_time if creation_time is not None else time.time())),
                                  storage_class, acl, public_endpoint_forbidden)
            self._buckets[name] = record
            self._objects[name] = {}
            return record

    def take_for_another_account(self, name: str) -> None:
        """Make `name` another account's bucket (scenario `taken_bucket_names`)."""
        with self._lock:
            if name in self._buckets:
                raise StoreError("BucketAlreadyExists", BucketName=name)
            self._taken.add(name)

    def update_bucket(self, name: str, **changes) -> BucketRecord:
        """E.g. `update_bucket("b", public_endpoint_forbidden=True)` or `acl="public-read"`."""
        with self._lock:
            record = dataclasses.replace(self._require_bucket(name), **changes)
            self._buckets[name] = record
            return record

    def get_bucket(self, name: str) -> BucketRecord | None:
        with self._lock:
            return self._buckets.get(name)

    def list_buckets(self) -> list[BucketRecord]:
        with self._lock:
            return sorted(self._buckets.values(), key=lambda b: b.name)

    def delete_bucket(self, name: str) -> None:
        with self._lock:
            self._require_bucket(name)
            if self._objects[name]:
                raise StoreError("BucketNotEmpty", BucketName=name)
            del self._buckets[name]
            del self._objects[name]

    def _require_bucket(self, name: str) -> BucketRecord:
        record = self._buckets.get(name)
        if record is None:
            raise StoreError("NoSuchBucket", BucketName=name)
        return record

    # --- objects ---------------------------------------------------------------------------

    def new_body_path(self) -> Path:
        """A fresh temp path for a body being written; hand it to `commit_file`."""
        return self._objects_dir / (".tmp-" + secrets.token_hex(12))

    def commit_file(self, bucket: str, key: str, tmp_path: Path, *, size: int, etag: str, crc: int,
                    meta: dict[str, str] | None = None, content_type: str | None = None,
                    headers: dict[str, str] | None = None, forbid_overwrite: bool = False) -> ObjectRecord:
        """Make a fully written temp file the body of `bucket/key` (replacing any old one)."""
        final = self._objects_dir / secrets.token_hex(16)
        os.replace(tmp_path, final)
        record = ObjectRecord(bucket, key, size, etag.upper(), crc, float(int(time.time())), final,
                              dict(meta or {}), content_type or "application/octet-stream", dict(headers or {}))
        with self._lock:
            try:
                self._require_bucket(bucket)
                if forbid_overwrite and key in self._objects[bucket]:
                    raise StoreError("FileAlreadyExists", BucketName=bucket, Key=key)
            except StoreError:
                final.unlink(missing_ok=True)
                raise
            old = self._objects[bucket].get(key)
            self._objects[bucket][key] = record
        if old is not None:
            old.path.unlink(missing_ok=True)   # open readers keep their handle
        return record

    def _write_new(self, bucket: str, key: str, writer, **kw) -> ObjectRecord:
        with self._lock:
            self._require_bucket(bucket)
        tmp = self.new_body_path()
        try:
            with open(tmp, "wb") as f:
                written = writer(f)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return self.commit_file(bucket, key, tmp, size=written.size, etag=written.md5_hex,
                                crc=written.crc64, **kw)

    def put_bytes(self, bucket: str, key: str, data: bytes, meta: dict[str, str] | None = None,
                  content_type: str | None = None) -> ObjectRecord:
        def write(f):
            f.write(data)
            return generated.Written(len(data), hashlib.md5(data).hexdigest().upper(), crc64(data))
        return self._write_new(bucket, key, write, meta=meta, content_type=content_type)

    def put_generated_raw(self, bucket: str, key: str, *, size: int, seed: str) -> ObjectRecord:
        return self._write_new(bucket, key, lambda f: generated.write_raw(f, size=size, seed=seed))

    def put_generated_export(self, bucket: str, key: str, *, size: int, seed: str,
                             member_name: str) -> ObjectRecord:
        """A real .tar.gz of one member (a raw disk), exactly `size` bytes when size >= ~1.6 KB."""
        return self._write_new(
            bucket, key,
            lambda f: generated.write_export(f, size=size, seed=seed, member_name=member_name),
            content_type="application/x-gzip",  # real exports: unknown; the type OSS guesses for .gz
        )

    def get_object(self, bucket: str, key: str) -> ObjectRecord | None:
        with self._lock:
            return self._objects.get(bucket, {}).get(key)

    def delete_object(self, bucket: str, key: str) -> bool:
        """True when something was deleted (OSS answers 204 either way)."""
        with self._lock:
            self._require_bucket(bucket)
            old = self._objects[bucket].pop(key, None)
        if old is not None:
            old.path.unlink(missing_ok=True)
        return old is not None

    def list_objects(self, bucket: str, prefix: str = "") -> list[ObjectRecord]:
        """Objects whose key starts with `prefix`, sorted by key (UTF-8 byte order, as OSS)."""
        with self._lock:
            self._require_bucket(bucket)
            items = [r for k, r in self._objects[bucket].items() if k.startswith(prefix)]
        items.sort(key=lambda r: r.key.encode("utf-8", "surrogatepass"))
        return items
