"""XML bodies of OSS responses, shaped as oss2's parsers (xml_utils) require.

No default xmlns on roots (oss2 then finds nothing), dates with a literal `.000Z`.
"""

from __future__ import annotations

import time
from urllib.parse import quote
from xml.sax.saxutils import escape

from .records import BucketRecord, ObjectRecord

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def iso8601(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))


def el(name: str, text) -> str:
    return f"<{name}>{escape(str(text))}</{name}>"


def error(code: str, message: str, request_id: str, host_id: str, ec: str, extra: dict[str, str]) -> bytes:
    parts = [el("Code", code), el("Message", message), el("RequestId", request_id), el("HostId", host_id)]
    parts += [el(k, v) for k, v in extra.items()]
    parts += [el("EC", ec), el("RecommendDoc", "https://api.aliyun.com/troubleshoot?q=" + ec)]
    return (HEAD + "<Error>\n  " + "\n  ".join(parts) + "\n</Error>\n").encode()


def _owner(owner_id: str) -> str:
    return f"<Owner>{el('ID', owner_id)}{el('DisplayName', owner_id)}</Owner>"


def list_buckets(buckets: list[BucketRecord], *, endpoint_host: str, owner_id: str, prefix: str,
                 marker: str, max_keys: int, truncated: bool, next_marker: str, paged: bool) -> bytes:
    """`paged`: the request named prefix, marker or max-keys (then the paging elements appear)."""
    out = [HEAD, "<ListAllMyBucketsResult>", _owner(owner_id)]
    if paged or truncated:
        out += [el("Prefix", prefix), el("Marker", marker), el("MaxKeys", max_keys),
                el("IsTruncated", "true" if truncated else "false")]
        if truncated:
            out.append(el("NextMarker", next_marker))
    out.append("<Buckets>")
    for b in buckets:
        out.append("<Bucket>" + el("CreationDate", iso8601(b.creation_time))
                   + el("ExtranetEndpoint", endpoint_host) + el("IntranetEndpoint", endpoint_host)
                   + el("Location", b.location) + el("Name", b.name) + el("Region", b.region_id)
                   + el("StorageClass", b.storage_class) + "</Bucket>")
    out.append("</Buckets></ListAllMyBucketsResult>")
    return "".join(out).encode()


def bucket_info(b: BucketRecord, *, endpoint_host: str, owner_id: str) -> bytes:
    return (HEAD + "<BucketInfo><Bucket>"
            + el("AccessMonitor", "Disabled") + el("CreationDate", iso8601(b.creation_time))
            + el("CrossRegionReplication", "Disabled") + el("DataRedundancyType", "LRS")
            + el("ExtranetEndpoint", endpoint_host) + el("IntranetEndpoint", endpoint_host)
            + el("Location", b.location) + el("Name", b.name) + el("Region", b.region_id)
            + el("ResourceGroupId", "rg-default") + el("StorageClass", b.storage_class)
            + el("TransferAcceleration", "Disabled") + _owner(owner_id)
            + "<AccessControlList>" + el("Grant", b.acl) + "</AccessControlList>"
            + el("Comment", "")
            + "<ServerSideEncryptionRule>" + el("SSEAlgorithm", "None") + "</ServerSideEncryptionRule>"
            + "<BucketPolicy><LogBucket></LogBucket><LogPrefix></LogPrefix></BucketPolicy>"
            + "</Bucket></BucketInfo>").encode()


def bucket_acl(b: BucketRecord, *, owner_id: str) -> bytes:
    return (HEAD + "<AccessControlPolicy>" + _owner(owner_id) + "<AccessControlList>" + el("Grant", b.acl)
            + "</AccessControlList></AccessControlPolicy>").encode()


def location(b: BucketRecord) -> bytes:
    return (HEAD + el("LocationConstraint", b.location)).encode()


def _enc(s: str, url: bool) -> str:
    return quote(s, safe="/") if url else s


def _contents(o: ObjectRecord, url: bool, owner_id: str | None) -> str:
    return ("<Contents>" + el("Key", _enc(o.key, url)) + el("LastModified", iso8601(o.last_modified))
            + el("ETag", f'"{o.etag}"') + el("Type", "Normal") + el("Size", o.size)
            + el("StorageClass", "Standard") + (_owner(owner_id) if owner_id else "") + "</Contents>")


def list_objects(bucket: str, objects: list[ObjectRecord], prefixes: list[str], *, v2: bool, url: bool,
                 owner_id: str | None, prefix: str, delimiter: str, max_keys: int, truncated: bool,
                 marker: str = "", next_marker: str = "", continuation_token: str = "",
                 next_token: str = "", start_after: str = "") -> bytes:
    out = [HEAD, "<ListBucketResult>", el("Name", bucket), el("Prefix", _enc(prefix, url))]
    if v2:
        if continuation_token:
            out.append(el("ContinuationToken", continuation_token))
        if start_after:
            out.append(el("StartAfter", _enc(start_after, url)))
    else:
        out.append(el("Marker", _enc(marker, url)))
    out.append(el("MaxKeys", max_keys))
    out.append(el("Delimiter", _enc(delimiter, url)))
    if url:
        out.append(el("EncodingType", "url"))
    out.append(el("IsTruncated", "true" if truncated else "false"))
    if truncated:
        out.append(el("NextContinuationToken", next_token) if v2 else el("NextMarker", _enc(next_marker, url)))
    if v2:
        out.append(el("KeyCount", len(objects) + len(prefixes)))
    out += [_contents(o, url, owner_id) for o in objects]
    out += ["<CommonPrefixes>" + el("Prefix", _enc(p, url)) + "</CommonPrefixes>" for p in prefixes]
    out.append("</ListBucketResult>")
    return "".join(out).encode()


def delete_result(deleted: list[str], *, url: bool) -> bytes:
    out = [HEAD, "<DeleteResult>"]
    if url:
        out.append(el("EncodingType", "url"))
    out += ["<Deleted>" + el("Key", _enc(k, url)) + "</Deleted>" for k in deleted]
    out.append("</DeleteResult>")
    return "".join(out).encode()


def multipart_uploads(bucket: str, uploads: list, prefix: str, url: bool) -> bytes:
    """Every upload in one page (the sim never truncates this list)."""
    out = [HEAD, "<ListMultipartUploadsResult>", el("Bucket", bucket), el("KeyMarker", ""),
           el("UploadIdMarker", ""), el("NextKeyMarker", ""), el("NextUploadIdMarker", ""), el("Delimiter", ""),
           el("Prefix", _enc(prefix, url)), el("MaxUploads", 1000), el("IsTruncated", "false")]
    if url:
        out.append(el("EncodingType", "url"))
    out += ["<Upload>" + el("Key", _enc(u.key, url)) + el("UploadId", u.upload_id)
            + el("StorageClass", "Standard") + el("Initiated", iso8601(u.initiated)) + "</Upload>"
            for u in uploads]
    out.append("</ListMultipartUploadsResult>")
    return "".join(out).encode()


def initiate_upload(bucket: str, key: str, upload_id: str, url: bool) -> bytes:
    return (HEAD + "<InitiateMultipartUploadResult>" + el("Bucket", bucket) + el("Key", _enc(key, url))
            + el("UploadId", upload_id) + (el("EncodingType", "url") if url else "")
            + "</InitiateMultipartUploadResult>").encode()


def complete_upload(location: str, bucket: str, key: str, etag: str, url: bool) -> bytes:
    return (HEAD + "<CompleteMultipartUploadResult>" + (el("EncodingType", "url") if url else "")
            + el("Location", location) + el("Bucket", bucket) + el("Key", _enc(key, url))
            + el("ETag", f'"{etag}"') + "</CompleteMultipartUploadResult>").encode()


def list_parts(bucket: str, key: str, upload_id: str, parts: list, *, marker: int, max_parts: int,
               truncated: bool, next_marker: int) -> bytes:
    out = [HEAD, "<ListPartsResult>", el("Bucket", bucket), el("Key", key), el("UploadId", upload_id),
           el("PartNumberMarker", marker), el("NextPartNumberMarker", next_marker), el("MaxParts", max_parts),
           el("IsTruncated", "true" if truncated else "false")]
    out += ["<Part>" + el("PartNumber", p.number) + el("LastModified", iso8601(p.last_modified))
            + el("ETag", f'"{p.etag}"') + el("HashCrc64ecma", p.crc64) + el("Size", p.size) + "</Part>"
            for p in parts]
    out.append("</ListPartsResult>")
    return "".join(out).encode()


def empty_live_channels(prefix: str, marker: str, max_keys: int) -> bytes:
    return (HEAD + "<ListLiveChannelResult>" + el("Prefix", prefix) + el("Marker", marker)
            + el("MaxKeys", max_keys) + el("IsTruncated", "false") + el("NextMarker", "")
            + "</ListLiveChannelResult>").encode()
