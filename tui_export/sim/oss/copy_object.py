"""CopyObject: PUT on the target key with `x-oss-copy-source: /<bucket>/<url-quoted key>`.

oss2's `copy_object` sends it, and so does `update_object_meta` (the object copied onto
itself with `x-oss-metadata-directive: REPLACE`: OSS changes metadata only this way).
- `x-oss-metadata-directive`: COPY (default) keeps the source's user metadata, Content-Type
  and stored headers, ignoring the request's; REPLACE takes them from the request only.
  Anything else: 400 InvalidArgument.
- `x-oss-copy-source-if-match` / `-if-unmodified-since` failing: 412 PreconditionFailed;
  `-if-none-match` / `-if-modified-since` failing: 304 Not Modified, nothing copied.
- Source and target must be in the same region; a source bucket of another region is not
  found from the target's endpoint (404 NoSuchBucket — the sim's choice).
- The copy keeps the body, its ETag and CRC-64; Last-Modified is the copy's time.
Answer: 200, `<CopyObjectResult><ETag>"…"</ETag><LastModified>…</LastModified>`, with the
ETag and `x-oss-hash-crc64ecma` also as headers (oss2 reads the ETag header).
"""

from __future__ import annotations

import shutil
from urllib.parse import unquote

from . import xml_bodies
from .conditions import check_preconditions
from .errors import OssError

_COPY_CONDITIONS = {
    "If-Match": "x-oss-copy-source-if-match",
    "If-None-Match": "x-oss-copy-source-if-none-match",
    "If-Unmodified-Since": "x-oss-copy-source-if-unmodified-since",
    "If-Modified-Since": "x-oss-copy-source-if-modified-since",
}


class _CopyConditions:
    """The copy-source conditions under the If-* names `check_preconditions` reads."""

    def __init__(self, headers) -> None:
        self._headers = headers

    def get(self, name: str):
        return self._headers.get(_COPY_CONDITIONS[name]) if name in _COPY_CONDITIONS else None


def parse_copy_source(raw: str) -> tuple[str, str]:
    """"/bucket/a%2Fb.txt" -> ("bucket", "a/b.txt")."""
    path, _, query = raw.partition("?")
    bucket, _, key = path.lstrip("/").partition("/")
    if not bucket or not key:
        raise OssError("InvalidArgument", "Copy Source must mention the source bucket and key: "
                       "/sourcebucket/sourcekey.", ArgumentName="x-oss-copy-source", ArgumentValue=raw)
    if query:
        raise OssError("NotImplemented", "The sim keeps no object versions (x-oss-copy-source ?versionId).")
    return bucket, unquote(key)


def copy_object(handler, oss, target_bucket, *, stored_headers: tuple[str, ...]) -> None:
    """Serve one CopyObject for `handler` (the server's request handler)."""
    headers = handler.headers
    source_raw = headers.get("x-oss-copy-source", "")
    directive_raw = headers.get("x-oss-metadata-directive") or "COPY"
    directive = directive_raw.upper()
    if directive not in ("COPY", "REPLACE"):
        raise OssError("InvalidArgument", "Invalid metadata directive.",
                       ArgumentName="x-oss-metadata-directive", ArgumentValue=directive_raw)
    source_bucket_name, source_key = parse_copy_source(source_raw)
    source_bucket = oss.store.get_bucket(source_bucket_name)
    if source_bucket is None or source_bucket.region_id != target_bucket.region_id:
        raise OssError("NoSuchBucket", BucketName=source_bucket_name)
    source, body = _open_source(oss, source_bucket_name, source_key)
    with body:
        if not check_preconditions(source, _CopyConditions(headers)):
            return handler._send(304, [("ETag", f'"{source.etag}"')], content_length=0)
        tmp = oss.store.new_body_path()
        try:
            with open(tmp, "wb") as out:
                shutil.copyfileobj(body, out, 1 << 20)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    if directive == "COPY":
        meta, content_type, kept = dict(source.meta), source.content_type, dict(source.headers)
    else:
        meta = handler._meta()
        content_type = headers.get("Content-Type") or None
        kept = {h: headers[h] for h in stored_headers if headers.get(h)}
    try:
        copied = oss.store.commit_file(
            target_bucket.name, handler.key, tmp, size=source.size, etag=source.etag, crc=source.crc64,
            meta=meta, content_type=content_type, headers=kept,
            forbid_overwrite=(headers.get("x-oss-forbid-overwrite") or "").lower() == "true")
    finally:
        tmp.unlink(missing_ok=True)
    body_xml = (xml_bodies.HEAD + "<CopyObjectResult>" + xml_bodies.el("ETag", f'"{copied.etag}"')
                + xml_bodies.el("LastModified", xml_bodies.iso8601(copied.last_modified))
                + "</CopyObjectResult>\n").encode()
    handler._send(200, [("Content-Type", "application/xml"), ("ETag", f'"{copied.etag}"'),
                        ("x-oss-hash-crc64ecma", str(copied.crc64))], body_xml)


def _open_source(oss, bucket: str, key: str):
    """(record, open body); the handle keeps the bytes readable if the key is replaced meanwhile."""
    for _ in range(3):
        record = oss.store.get_object(bucket, key)
        if record is None:
            break
        try:
            return record, open(record.path, "rb")
        except FileNotFoundError:
            continue
    raise OssError("NoSuchKey", Key=key, BucketName=bucket)
