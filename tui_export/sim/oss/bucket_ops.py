"""The embedded OSS's service and bucket operations: ListBuckets, PutBucket, the bucket's
info, location and ACL, ListObjects (v1, v2), ListMultipartUploads, DeleteMultipleObjects."""

from __future__ import annotations

import base64
import hashlib
from xml.etree import ElementTree

from ..naming import valid_bucket_name
from . import xml_bodies
from .errors import OssError
from .listing import page
from .records import BucketRecord
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # for annotations only: server.py imports this module
    from .server import OssServer


class BucketOps:
    """Mixed into the server's request handler: `self` has query, headers, body, _send and _xml."""

    def _max_keys(self, default: int = 100) -> int:
        raw = self.query.get("max-keys", "")
        if raw == "":
            return default
        if not raw.isdigit() or not 1 <= int(raw) <= 1000:
            raise OssError("InvalidArgument", "Argument max-keys must be an integer between 1 and 1000.",
                           ArgumentName="max-keys", ArgumentValue=raw)
        return int(raw)

    def _list_buckets(self, oss: OssServer) -> None:
        prefix, marker = self.query.get("prefix", ""), self.query.get("marker", "")
        max_keys = self._max_keys()
        buckets = [b for b in oss.store.list_buckets() if b.name.startswith(prefix)]
        p = page(buckets, name=lambda b: b.name, after=marker, max_keys=max_keys)
        self._xml(xml_bodies.list_buckets(p.items, endpoint_host=self._endpoint_host(), owner_id=oss.owner_id,
                                          prefix=prefix, marker=marker, max_keys=max_keys,
                                          truncated=p.truncated, next_marker=p.next_marker,
                                          paged=bool({"prefix", "marker", "max-keys"} & set(self.query))))

    def _put_bucket(self, oss: OssServer) -> None:
        if not valid_bucket_name(self.bucket):
            raise OssError("InvalidBucketName", BucketName=self.bucket)
        storage_class = "Standard"
        body = self.body.read_all(64 << 10)
        if body.strip():
            try:
                node = ElementTree.fromstring(body).find("StorageClass")
            except ElementTree.ParseError:
                raise OssError("MalformedXML") from None
            if node is not None and node.text:
                storage_class = node.text
        acl = self.headers.get("x-oss-acl", "private")
        region = self.headers.get("x-oss-sim-region") or self.signing_region or oss.default_region
        oss.store.create_bucket(self.bucket, region, storage_class, acl=acl)
        self._send(200, [("Location", "/" + self.bucket)])

    def _op_DeleteBucket(self, oss: OssServer, bucket: BucketRecord) -> None:
        oss.store.delete_bucket(bucket.name)
        self._send(204, [])

    def _op_HeadBucket(self, oss: OssServer, bucket: BucketRecord) -> None:
        self._send(200, [])

    def _op_GetBucketInfo(self, oss: OssServer, bucket: BucketRecord) -> None:
        self._xml(xml_bodies.bucket_info(bucket, endpoint_host=self._endpoint_host(), owner_id=oss.owner_id))

    def _op_GetBucketLocation(self, oss: OssServer, bucket: BucketRecord) -> None:
        self._xml(xml_bodies.location(bucket))

    def _op_GetBucketAcl(self, oss: OssServer, bucket: BucketRecord) -> None:
        self._xml(xml_bodies.bucket_acl(bucket, owner_id=oss.owner_id))

    def _op_PutBucketAcl(self, oss: OssServer, bucket: BucketRecord) -> None:
        acl = self.headers.get("x-oss-acl", "")
        if acl not in ("private", "public-read", "public-read-write"):
            raise OssError("InvalidArgument", "no such bucket access control exists", ArgumentName="x-oss-acl",
                           ArgumentValue=acl)
        oss.store.update_bucket(bucket.name, acl=acl)
        self._send(200, [])

    def _op_ListMultipartUploads(self, oss: OssServer, bucket: BucketRecord) -> None:
        prefix = self.query.get("prefix", "")
        self._xml(xml_bodies.multipart_uploads(bucket.name, oss.store.uploads.list(bucket.name, prefix), prefix,
                                               self.query.get("encoding-type") == "url"))

    def _op_ListLiveChannel(self, oss: OssServer, bucket: BucketRecord) -> None:
        self._xml(xml_bodies.empty_live_channels(self.query.get("prefix", ""), self.query.get("marker", ""),
                                                 self._max_keys()))

    def _op_ListObjects(self, oss: OssServer, bucket: BucketRecord, v2: bool = False) -> None:
        q = self.query
        prefix, delimiter = q.get("prefix", ""), q.get("delimiter", "")
        url = q.get("encoding-type") == "url"
        if q.get("encoding-type") not in (None, "", "url"):
            raise OssError("InvalidArgument", "Invalid Encoding Method specified in Request",
                           ArgumentName="encoding-type", ArgumentValue=q["encoding-type"])
        max_keys = self._max_keys()
        token, start_after = q.get("continuation-token", ""), q.get("start-after", "")
        if v2:
            try:
                after = bytes.fromhex(token).decode() if token else start_after
            except ValueError:
                raise OssError("InvalidArgument", "Invalid continuation token.",
                               ArgumentName="continuation-token", ArgumentValue=token) from None
        else:
            after = q.get("marker", "")
        p = page(oss.store.list_objects(bucket.name, prefix), name=lambda o: o.key, prefix=prefix,
                 delimiter=delimiter, after=after, max_keys=max_keys)
        owner = oss.owner_id if (not v2 or q.get("fetch-owner") == "true") else None
        self._xml(xml_bodies.list_objects(
            bucket.name, p.items, p.prefixes, v2=v2, url=url, owner_id=owner, prefix=prefix, delimiter=delimiter,
            max_keys=max_keys, truncated=p.truncated, marker=after, next_marker=p.next_marker,
            continuation_token=token, next_token=p.next_marker.encode().hex(), start_after=start_after))

    def _op_ListObjectsV2(self, oss: OssServer, bucket: BucketRecord) -> None:
        self._op_ListObjects(oss, bucket, v2=True)

    def _op_DeleteMultipleObjects(self, oss: OssServer, bucket: BucketRecord) -> None:
        md5 = self.headers.get("Content-MD5")
        if not md5:
            raise OssError("MissingArgument", "Missing Some Required Arguments.", ArgumentName="Content-MD5")
        body = self.body.read_all(2 << 20)
        if base64.b64encode(hashlib.md5(body).digest()).decode() != md5:
            raise OssError("InvalidDigest")
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError:
            raise OssError("MalformedXML") from None
        keys = [node.text or "" for node in root.findall("Object/Key")]
        if not keys or len(keys) > 1000:
            raise OssError("MalformedXML")
        for key in keys:
            oss.store.delete_object(bucket.name, key)
        quiet = (root.findtext("Quiet") or "false").strip().lower() == "true"
        self._xml(xml_bodies.delete_result([] if quiet else keys, url=self.query.get("encoding-type") == "url"))
