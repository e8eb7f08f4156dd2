"""The embedded OSS's object operations: HeadObject, GetObjectMeta, GetObject (ranges,
conditions, response-* overrides), PutObject (and its copy), DeleteObject."""

from __future__ import annotations

import base64
import hashlib
from email.utils import formatdate

from .body_sender import send_file
from .conditions import byte_range, check_preconditions
from .copy_object import copy_object
from .crc64 import crc64
from .errors import OssError
from .records import BucketRecord
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # for annotations only: server.py imports this module
    from .server import OssServer

RESPONSE_OVERRIDES = {             # response-* query parameters of GetObject
    "response-content-type": "Content-Type", "response-content-language": "Content-Language",
    "response-expires": "Expires", "response-cache-control": "Cache-Control",
    "response-content-disposition": "Content-Disposition", "response-content-encoding": "Content-Encoding",
}
_STORED_HEADERS = ("Content-Disposition", "Cache-Control", "Content-Encoding", "Content-Language", "Expires")


class ObjectOps:
    """Mixed into the server's request handler: `self` has key, query, headers, body, _send and _xml."""

    def _object(self, oss: OssServer, bucket: BucketRecord):
        obj = oss.store.get_object(bucket.name, self.key)
        if obj is None:
            raise OssError("NoSuchKey", Key=self.key, BucketName=bucket.name)
        return obj

    def _object_headers(self, obj, whole: bool) -> list[tuple[str, str]]:
        headers = [("Content-Type", obj.content_type), ("ETag", f'"{obj.etag}"'),
                   ("Last-Modified", formatdate(obj.last_modified, usegmt=True)), ("Accept-Ranges", "bytes"),
                   ("x-oss-object-type", "Normal"), ("x-oss-storage-class", "Standard"),
                   ("x-oss-hash-crc64ecma", str(obj.crc64))]
        if whole and obj.content_md5:
            headers.append(("Content-MD5", obj.content_md5))
        headers += [(k, v) for k, v in obj.headers.items()]
        headers += [("x-oss-meta-" + k, v) for k, v in obj.meta.items()]
        overrides = {h: self.query[q] for q, h in RESPONSE_OVERRIDES.items() if q in self.query}
        headers = [(k, overrides.pop(k, v)) for k, v in headers] + list(overrides.items())
        return headers

    def _op_HeadObject(self, oss: OssServer, bucket: BucketRecord) -> None:
        obj = self._object(oss, bucket)
        if not check_preconditions(obj, self.headers):
            return self._send(304, [("ETag", f'"{obj.etag}"')], content_length=0)
        self._send(200, self._object_headers(obj, True), content_length=obj.size)

    def _op_GetObjectMeta(self, oss: OssServer, bucket: BucketRecord) -> None:
        obj = self._object(oss, bucket)
        self._send(200, [("ETag", f'"{obj.etag}"'), ("x-oss-hash-crc64ecma", str(obj.crc64)),
                         ("Last-Modified", formatdate(obj.last_modified, usegmt=True))],
                   content_length=obj.size)

    def _open_object(self, oss: OssServer, bucket: BucketRecord):
        """(record, open body): the handle keeps the body readable if an overwrite or delete
        unlinks the path meanwhile; a body replaced between lookup and open is looked up again."""
        for _ in range(3):
            obj = self._object(oss, bucket)
            try:
                return obj, open(obj.path, "rb")
            except FileNotFoundError:
                continue
        raise OssError("NoSuchKey", Key=self.key, BucketName=bucket.name)

    def _op_GetObject(self, oss: OssServer, bucket: BucketRecord) -> None:
        obj, f = self._open_object(oss, bucket)
        with f:
            self._get_object(oss, obj, f)

    def _get_object(self, oss: OssServer, obj, f) -> None:
        if not check_preconditions(obj, self.headers):
            return self._send(304, [("ETag", f'"{obj.etag}"'),
                                    ("Last-Modified", formatdate(obj.last_modified, usegmt=True))],
                              content_length=0)
        standard = (self.headers.get("x-oss-range-behavior") or "").lower() == "standard"
        rng = byte_range(self.headers.get("Range", ""), obj.size, standard)
        if rng is None:
            first, count, status = 0, obj.size, 200
            headers = self._object_headers(obj, True)
        else:
            first, count, status = rng[0], rng[1] - rng[0] + 1, 206
            headers = self._object_headers(obj, False)
            headers.append(("Content-Range", f"bytes {rng[0]}-{rng[1]}/{obj.size}"))
        self._send(status, headers, content_length=count)
        if count:
            send_file(self.connection, f, first, count, oss.faults, self.op, self.pacer, oss.count_sent)

    def _receive_body(self, oss: OssServer):
        """Stream the request body to a temp file: (path, size, md5 hex, crc64); checks Content-MD5."""
        if self.body.length is None and not self.body.chunked:
            raise OssError("MissingContentLength")
        tmp = oss.store.new_body_path()
        md5, crc, size = hashlib.md5(), 0, 0
        try:
            with open(tmp, "wb") as f:
                while not self.body.done:
                    data = self.body.read()
                    md5.update(data)
                    crc = crc64(data, crc)
                    size += len(data)
                    f.write(data)
            sent_md5 = self.headers.get("Content-MD5")
            if sent_md5 is not None and sent_md5 != base64.b64encode(md5.digest()).decode():
                raise OssError("InvalidDigest", **{"Content-MD5": sent_md5})
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp, size, md5.hexdigest(), crc

    def _op_PutObject(self, oss: OssServer, bucket: BucketRecord) -> None:
        if len(self.key.encode("utf-8", "surrogateescape")) > 1023 or self.key[0] in "/\\":
            raise OssError("InvalidObjectName", Key=self.key)
        if "x-oss-copy-source" in self.headers:
            return copy_object(self, oss, bucket, stored_headers=_STORED_HEADERS)
        tmp, size, md5_hex, crc = self._receive_body(oss)
        try:
            obj = oss.store.commit_file(
                bucket.name, self.key, tmp, size=size, etag=md5_hex, crc=crc, meta=self._meta(),
                content_type=self.headers.get("Content-Type") or None,
                headers={h: self.headers[h] for h in _STORED_HEADERS if self.headers.get(h)},
                forbid_overwrite=(self.headers.get("x-oss-forbid-overwrite") or "").lower() == "true")
        finally:
            tmp.unlink(missing_ok=True)
        self._send(200, [("ETag", f'"{obj.etag}"'), ("x-oss-hash-crc64ecma", str(obj.crc64)),
                         ("Content-MD5", obj.content_md5)])

    def _meta(self) -> dict[str, str]:
        return {k.lower()[len("x-oss-meta-"):]: v for k, v in self.headers.items()
                if k.lower().startswith("x-oss-meta-")}

    def _op_DeleteObject(self, oss: OssServer, bucket: BucketRecord) -> None:
        oss.store.delete_object(bucket.name, self.key)
        self._send(204, [])
