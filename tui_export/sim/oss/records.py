"""What the embedded OSS stores about a bucket and an object, and its refusals (StoreError).

Apart from store.py so that multipart.py, conditions.py and xml_bodies.py can name them
without importing the store that uses them (no import cycle).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class BucketRecord:
    name: str
    region_id: str
    creation_time: float
    storage_class: str = "Standard"
    acl: str = "private"
    # Mainland buckets of new accounts refuse object APIs on the public endpoint
    # (docs/api.md, "OSS endpoints");
    # the server lets such requests through only when addressed to localhost:PORT.
    public_endpoint_forbidden: bool = False

    @property
    def location(self) -> str:
        return "oss-" + self.region_id


@dataclass(frozen=True)
class ObjectRecord:
    bucket: str
    key: str
    size: int
    etag: str              # upper-case hex MD5, unquoted
    crc64: int
    last_modified: float   # unix seconds (whole seconds, as HTTP dates carry)
    path: Path
    meta: dict[str, str] = field(default_factory=dict)   # x-oss-meta-* without the prefix, lower-case names
    content_type: str = "application/octet-stream"
    headers: dict[str, str] = field(default_factory=dict)  # Content-Disposition, Cache-Control, ...

    @property
    def content_md5(self) -> str | None:
        """None for multipart objects, whose ETag is no MD5 of the body."""
        return None if "-" in self.etag else base64.b64encode(bytes.fromhex(self.etag)).decode()


class StoreError(Exception):
    """A store-level refusal; `code` is the OSS error code the server answers with."""

    def __init__(self, code: str, **detail: str) -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail
