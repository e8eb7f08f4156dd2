"""The embedded OSS REST server: path-style `/bucket/key`, XML bodies, V1/V2/V4 auth, faults.

Operations: ListBuckets, PutBucket, DeleteBucket, GetBucketInfo, GetBucketLocation, Get/PutBucketAcl,
ListObjects (v1, v2), PutObject, GetObject, HeadObject, GetObjectMeta, DeleteObject,
DeleteMultipleObjects, multipart (Initiate, UploadPart, Complete, Abort, ListParts,
ListMultipartUploads) and an empty ListLiveChannel. Other sub-resources answer 501 NotImplemented.

Conventions specific to the sim (real OSS has one endpoint per region; the sim has one for all):
- PutBucket takes the bucket's region from the header `x-oss-sim-region` when present, else
  from a V4 signature's scope, else from `default_region` given to OssServer (real OSS takes it
  from the endpoint host).
- A bucket with `public_endpoint_forbidden` answers object APIs (and DeleteMultipleObjects)
  with 400 PublicEndpointForbidden unless the request's Host is `localhost:PORT`, the sim's
  stand-in for a CNAME or internal endpoint. Bucket management keeps working.
- A V4 signature's scope region plays the endpoint's region: a bucket of another region answers
  403 AccessDenied ("must be addressed using the specified endpoint"), and PutBucket signed V4
  (without `x-oss-sim-region`) creates the bucket in that region.
- Fault names for `Faults.only` are the operation names below (GetObject, PutObject, ...).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, unquote
from xml.etree import ElementTree

from ..faults import Faults
from ..http_base import ThreadedServer, TrackingHTTPServer
from ..keys import KeyRegistry
from ..naming import valid_bucket_name
from ..users import oss_action
from . import xml_bodies
from .auth import Request, authenticate, signing_region
from .auth_v1 import SUBRESOURCES
from .body_sender import Dropped, Pacer, send_file
from .conditions import byte_range, check_preconditions
from .copy_object import copy_object
from .crc64 import crc64
from .errors import OssError
from .listing import page
from .store import BucketRecord, ObjectStore, StoreError

DEFAULT_OWNER_ID = "1738000000000000"
_READ_CHUNK = 1 << 20
_DRAIN_LIMIT = 1 << 20              # bodies of refused requests up to this size are read and dropped
_RESPONSE_OVERRIDES = {             # response-* query parameters of GetObject
    "response-content-type": "Content-Type", "response-content-language": "Content-Language",
    "response-expires": "Expires", "response-cache-control": "Cache-Control",
    "response-content-disposition": "Content-Disposition", "response-content-encoding": "Content-Encoding",
}
_STORED_HEADERS = ("Content-Disposition", "Cache-Control", "Content-Encoding", "Content-Language", "Expires")
_HANDLED_SUBRESOURCES = {"bucketInfo", "location", "acl", "uploads", "uploadId", "partNumber", "live", "delete", "objectMeta", "continuation-token",
                         "security-token"} | set(_RESPONSE_OVERRIDES)


def operation(method: str, bucket: str | None, key: str, query: dict) -> str:
    if bucket is None:
        return "ListBuckets" if method == "GET" else "Service" + method.title()
    if not key:
        if method == "GET":
            for sub, name in (("bucketInfo", "GetBucketInfo"), ("location", "GetBucketLocation"),
                              ("acl", "GetBucketAcl"), ("uploads", "ListMultipartUploads"),
                              ("live", "ListLiveChannel")):
                if sub in query:
                    return name
            return "ListObjectsV2" if query.get("list-type") == "2" else "ListObjects"
        if method == "POST" and "delete" in query:
            return "DeleteMultipleObjects"
        return {"PUT": "PutBucketAcl" if "acl" in query else "PutBucket", "DELETE": "DeleteBucket",
                "HEAD": "HeadBucket"}.get(method, "Bucket" + method.title())
    if method == "HEAD" and "objectMeta" in query:
        return "GetObjectMeta"
    if "uploadId" in query:
        return {"PUT": "UploadPart", "POST": "CompleteMultipartUpload", "DELETE": "AbortMultipartUpload",
                "GET": "ListParts"}.get(method, "Object" + method.title())
    if method == "POST" and "uploads" in query:
        return "InitiateMultipartUpload"
    return {"GET": "GetObject", "HEAD": "HeadObject", "PUT": "PutObject", "DELETE": "DeleteObject"}.get(
        method, "Object" + method.title())


class OssServer(ThreadedServer):
    poll_interval = 0.1
    thread_name = "sim-oss"

    def __init__(self, store: ObjectStore, keys: KeyRegistry, faults: Faults, host: str = "127.0.0.1",
                 port: int = 0, default_region: str = "cn-hangzhou", owner_id: str = DEFAULT_OWNER_ID,
                 users=None) -> None:
        self.users = users   # sim.users.Users: RAM users judged against their allow-lists
        self.store = store
        self.keys = keys
        self.faults = faults
        self.default_region = default_region
        self.owner_id = owner_id
        self.requests: Counter[str] = Counter()   # operation name -> count, for tests and the demo
        self.body_bytes_sent = 0                   # GetObject body bytes handed to the kernel, for tests
        self._stats_lock = threading.Lock()
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.oss = self

    def count(self, op: str) -> None:
        with self._stats_lock:
            self.requests[op] += 1

    def count_sent(self, n: int) -> None:
        with self._stats_lock:
            self.body_bytes_sent += n


class _HTTPServer(TrackingHTTPServer):
    request_queue_size = 128
    quiet_errors = (ConnectionError, Dropped, TimeoutError)   # a client going away is normal
    oss: OssServer


class _Body:
    """The request body, Content-Length or chunked, read in pieces."""

    def __init__(self, handler: "_Handler") -> None:
        self._rfile = handler.rfile
        te = (handler.headers.get("Transfer-Encoding") or "").lower()
        self.chunked = "chunked" in te
        length = handler.headers.get("Content-Length")
        self.length = int(length) if (length and length.isdigit() and not self.chunked) else None
        self.present = self.chunked or bool(self.length)
        self._left = self.length or 0
        self._chunk_left = 0
        self.done = not self.present

    def read(self, n: int = _READ_CHUNK) -> bytes:
        if self.done:
            return b""
        if not self.chunked:
            data = self._rfile.read(min(n, self._left))
            if not data:
                raise ConnectionError("client closed mid-body")
            self._left -= len(data)
            self.done = self._left == 0
            return data
        if self._chunk_left == 0:
            line = self._rfile.readline(65537)
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:   # trailers until the blank line
                while self._rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                self.done = True
                return b""
            self._chunk_left = size
        data = self._rfile.read(min(n, self._chunk_left))
        if not data:
            raise ConnectionError("client closed mid-chunk")
        self._chunk_left -= len(data)
        if self._chunk_left == 0:
            self._rfile.readline(3)
        return data

    def read_all(self, limit: int) -> bytes:
        out = bytearray()
        while not self.done:
            out += self.read()
            if len(out) > limit:
                raise OssError("InvalidArgument", "Request body too large.")
        return bytes(out)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pacer = Pacer()

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass

    def version_string(self) -> str:
        return "AliyunOSS"

    def log_message(self, format, *args) -> None:   # quiet: the sim runs under a TUI
        pass

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = do_OPTIONS = do_PATCH = lambda self: self._dispatch()

    # --- plumbing -----------------------------------------------------------------------------

    def _dispatch(self) -> None:
        oss = self.server.oss
        self.request_id = secrets.token_hex(12).upper()
        self._sent = False
        self.body = _Body(self)
        path, _, raw_query = self.path.partition("?")   # not urlsplit: a path like "//k" is no netloc here
        if path.startswith(("http://", "https://")):       # absolute-form request target (proxies)
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        bucket_raw, _, key_raw = path[1:].partition("/")
        self.bucket = unquote(bucket_raw) or None
        self.key = unquote(key_raw) if self.bucket else ""
        self.query = dict(parse_qsl(raw_query.partition("#")[0], keep_blank_values=True))
        self.op = operation(self.command, self.bucket, self.key, self.query)
        oss.count(self.op)
        try:
            faults = oss.faults
            faults.delay()
            if code := faults.server_error_code(self.op):
                raise OssError(code)
            self._route(oss)
        except OssError as e:
            self._send_error(e)
        except StoreError as e:
            self._send_error(OssError(e.code, **e.detail))
        except Dropped:
            self.close_connection = True
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as e:   # a sim bug: answer like the real service would, and keep serving
            if self._sent:
                self.close_connection = True
            else:
                self._send_error(OssError("InternalError", f"sim: {type(e).__name__}: {e}"))

    def _host_id(self) -> str:
        host = self.headers.get("Host", "")
        return f"{self.bucket}.{host}" if self.bucket else host

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes = b"", *,
              content_length: int | None = None) -> None:
        """Status line and headers (plus a small body) in one write."""
        if not self.body.done:   # refused before reading the body: drop it, or the connection
            if self.body.length is not None and self.body.length <= _DRAIN_LIMIT:
                try:
                    self.body.read_all(_DRAIN_LIMIT)
                except (OssError, ConnectionError, ValueError):
                    self.close_connection = True
            else:
                self.close_connection = True
        lines = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}",
                 "Server: AliyunOSS", "Date: " + formatdate(self.server.oss.faults.now(), usegmt=True),
                 "x-oss-request-id: " + self.request_id]
        lines += [f"{k}: {v}" for k, v in headers]
        lines.append(f"Content-Length: {len(body) if content_length is None else content_length}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        self._sent = True
        self.wfile.write(head + (b"" if self.command == "HEAD" else body))

    def _send_error(self, e: OssError) -> None:
        extra = dict(e.extra)
        xml = xml_bodies.error(e.code, e.message, self.request_id, self._host_id(), e.ec, extra)
        headers = [("Content-Type", "application/xml"), ("x-oss-ec", e.ec)]
        if self.command == "HEAD":
            headers.append(("x-oss-err", base64.b64encode(xml).decode()))
            self._send(e.status, headers, content_length=0)
        else:
            self._send(e.status, headers, xml)

    def _xml(self, body: bytes, status: int = 200) -> None:
        self._send(status, [("Content-Type", "application/xml")], body)

    def _endpoint_host(self) -> str:
        return f"{self.server.oss.host}:{self.server.oss.port}"

    # --- routing ------------------------------------------------------------------------------

    def _route(self, oss: OssServer) -> None:
        req = Request(self.command, self.bucket, self.key, self.query, list(self.headers.items()))
        who = authenticate(req, oss.keys, now=oss.faults.now())
        if oss.users is not None and oss.users.denies(who, oss_action(self.op)):
            # a RAM user's implicit deny: checked before the bucket is looked up, as OSS does
            raise OssError("AccessDenied", **({"BucketName": self.bucket} if self.bucket else {}))
        self.signing_region = signing_region(req) if who is not None else None
        if self.bucket is None:
            if who is None:
                raise OssError("AccessDenied", "AnonymousAccessForbidden")
            if self.command != "GET":
                raise OssError("MethodNotAllowed", Method=self.command, ResourceType="Service")
            return self._list_buckets(oss)
        if self.op == "PutBucket":
            if who is None:
                raise OssError("AccessDenied")
            return self._put_bucket(oss)
        bucket = oss.store.get_bucket(self.bucket)
        if bucket is None:
            raise OssError("NoSuchBucket", BucketName=self.bucket)
        if self.signing_region and self.signing_region != bucket.region_id:
            raise OssError("AccessDenied", "The bucket you are attempting to access must be addressed using "
                           "the specified endpoint. Please send all future requests to this endpoint.",
                           BucketName=bucket.name, Endpoint=f"oss-{bucket.region_id}.aliyuncs.com")
        if who is None and not (bucket.acl.startswith("public-read") and self.key
                                and (self.command in ("GET", "HEAD")
                                     or bucket.acl == "public-read-write")):
            raise OssError("AccessDenied")
        unsupported = [q for q in self.query if q in SUBRESOURCES and q not in _HANDLED_SUBRESOURCES]
        if unsupported:
            raise OssError("NotImplemented", f"The sim does not implement ?{unsupported[0]}.")
        if (self.key or self.op == "DeleteMultipleObjects") and bucket.public_endpoint_forbidden:
            if self.headers.get("Host", "").rpartition(":")[0] != "localhost":
                raise OssError("PublicEndpointForbidden", BucketName=bucket.name)
        handler = getattr(self, "_op_" + self.op, None)
        if handler is None:
            raise OssError("MethodNotAllowed", Method=self.command,
                           ResourceType="Object" if self.key else "Bucket")
        handler(oss, bucket)

    # --- service and buckets ----------------------------------------------------------------------

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

    # --- objects ----------------------------------------------------------------------------

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
        overrides = {h: self.query[q] for q, h in _RESPONSE_OVERRIDES.items() if q in self.query}
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

    # --- multipart ----------------------------------------------------------------------------

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

    def _op_DeleteObject(self, oss: OssServer, bucket: BucketRecord) -> None:
        oss.store.delete_object(bucket.name, self.key)
        self._send(204, [])
