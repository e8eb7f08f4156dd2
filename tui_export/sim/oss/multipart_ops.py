"""The embedded OSS's multipart operations: Initiate, UploadPart, Complete, Abort, ListParts
(the uploads themselves: multipart.py)."""

from __future__ import annotations

import base64
from xml.etree import ElementTree

from . import xml_bodies
from .errors import OssError
from .records import BucketRecord
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # for annotations only: server.py imports this module
    from .server import OssServer


class MultipartOps:
    """Mixed into the server's request handler after ObjectOps (uses its _receive_body and _meta)."""

    def _op_InitiateMultipartUpload(self, oss: OssServer, bucket: BucketRecord) -> None:
        upload = oss.store.uploads.initiate(bucket.name, self.key, self._meta(),
                                            self.headers.get("Content-Type") or None)
        self._xml(xml_bodies.initiate_upload(bucket.name, self.key, upload.upload_id,
                                             self.query.get("encoding-type") == "url"))

    def _upload(self, oss: OssServer, bucket: BucketRecord):
        return oss.store.uploads.get(bucket.name, self.key, self.query["uploadId"])

    def _op_UploadPart(self, oss: OssServer, bucket: BucketRecord) -> None:
        raw = self.query.get("partNumber", "")
        if not raw.isdigit() or not 1 <= int(raw) <= 10000:
            raise OssError("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive.",
                           ArgumentName="partNumber", ArgumentValue=raw)
        upload = self._upload(oss, bucket)
        tmp, size, md5_hex, crc = self._receive_body(oss)
        try:
            part = oss.store.uploads.add_part(upload, int(raw), tmp, size=size, etag=md5_hex, crc=crc)
        finally:
            tmp.unlink(missing_ok=True)
        self._send(200, [("ETag", f'"{part.etag}"'), ("x-oss-hash-crc64ecma", str(part.crc64)),
                         ("Content-MD5", base64.b64encode(bytes.fromhex(part.etag)).decode())])

    def _op_CompleteMultipartUpload(self, oss: OssServer, bucket: BucketRecord) -> None:
        upload = self._upload(oss, bucket)
        body = self.body.read_all(4 << 20)
        if (self.headers.get("x-oss-complete-all") or "").lower() == "yes":
            wanted = None
        else:
            try:
                root = ElementTree.fromstring(body)
                wanted = [(int(p.findtext("PartNumber")), p.findtext("ETag") or "") for p in root.findall("Part")]
            except (ElementTree.ParseError, TypeError, ValueError):
                raise OssError("MalformedXML") from None
        obj = oss.store.uploads.complete(upload, wanted)
        location = f"http://{self.headers.get('Host', '')}/{bucket.name}/{self.key}"
        self._send(200, [("Content-Type", "application/xml"), ("ETag", f'"{obj.etag}"'),
                         ("x-oss-hash-crc64ecma", str(obj.crc64))],
                   xml_bodies.complete_upload(location, bucket.name, self.key, obj.etag,
                                              self.query.get("encoding-type") == "url"))

    def _op_AbortMultipartUpload(self, oss: OssServer, bucket: BucketRecord) -> None:
        oss.store.uploads.abort(self._upload(oss, bucket))
        self._send(204, [])

    def _op_ListParts(self, oss: OssServer, bucket: BucketRecord) -> None:
        upload = self._upload(oss, bucket)
        marker_raw, max_raw = self.query.get("part-number-marker", "0") or "0", self.query.get("max-parts", "1000")
        if not marker_raw.isdigit() or not max_raw.isdigit() or not 1 <= int(max_raw) <= 1000:
            raise OssError("InvalidArgument", "Invalid part-number-marker or max-parts.")
        marker, max_parts = int(marker_raw), int(max_raw)
        parts = sorted((p for p in upload.parts.values() if p.number > marker), key=lambda p: p.number)
        shown, truncated = parts[:max_parts], len(parts) > max_parts
        self._xml(xml_bodies.list_parts(bucket.name, self.key, upload.upload_id, shown, marker=marker,
                                        max_parts=max_parts, truncated=truncated,
                                        next_marker=shown[-1].number if shown else marker))
