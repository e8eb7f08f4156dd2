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
import secrets
import socket
import threading
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, unquote

from ..faults import Faults
from ..http_base import ThreadedServer, TrackingHTTPServer
from ..keys import KeyRegistry
from ..users import oss_action
from . import xml_bodies
from .auth import Request, authenticate, signing_region
from .auth_v1 import SUBRESOURCES
from .body_sender import Dropped, Pacer
from .bucket_ops import BucketOps
from .errors import OssError
from .multipart_ops import MultipartOps
from .object_ops import RESPONSE_OVERRIDES, ObjectOps
from .request_body import RequestBody
from .store import ObjectStore, StoreError

DEFAULT_OWNER_ID = "1738000000000000"
_DRAIN_LIMIT = 1 << 20              # bodies of refused requests up to this size are read and dropped
_HANDLED_SUBRESOURCES = {"bucketInfo", "location", "acl", "uploads", "uploadId", "partNumber", "live", "delete", "objectMeta", "continuation-token",
                         "security-token"} | set(RESPONSE_OVERRIDES)


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
        # operation -> requests being answered now, and the most at once since start or
        # reset_ops_in_flight(): tests see a client's fan-out per operation (ranged GETs in flight)
        self.ops_in_flight: Counter[str] = Counter()
        self.ops_max_in_flight: Counter[str] = Counter()
        self._stats_lock = threading.Lock()
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.oss = self

    def count(self, op: str) -> None:
        with self._stats_lock:
            self.requests[op] += 1

    def op_started(self, op: str) -> None:
        with self._stats_lock:
            self.ops_in_flight[op] += 1
            self.ops_max_in_flight[op] = max(self.ops_max_in_flight[op], self.ops_in_flight[op])

    def op_finished(self, op: str) -> None:
        with self._stats_lock:
            self.ops_in_flight[op] -= 1

    def reset_ops_in_flight(self) -> None:
        """Start the maxima over from the requests running now."""
        with self._stats_lock:
            self.ops_max_in_flight = Counter({op: n for op, n in self.ops_in_flight.items() if n})

    def count_sent(self, n: int) -> None:
        with self._stats_lock:
            self.body_bytes_sent += n


class _HTTPServer(TrackingHTTPServer):
    request_queue_size = 128
    quiet_errors = (ConnectionError, Dropped, TimeoutError)   # a client going away is normal
    oss: OssServer


class _Handler(BucketOps, ObjectOps, MultipartOps, BaseHTTPRequestHandler):
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
        self.body = RequestBody(self)
        path, _, raw_query = self.path.partition("?")   # not urlsplit: a path like "//k" is no netloc here
        if path.startswith(("http://", "https://")):       # absolute-form request target (proxies)
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        bucket_raw, _, key_raw = path[1:].partition("/")
        self.bucket = unquote(bucket_raw) or None
        self.key = unquote(key_raw) if self.bucket else ""
        self.query = dict(parse_qsl(raw_query.partition("#")[0], keep_blank_values=True))
        self.op = operation(self.command, self.bucket, self.key, self.query)
        oss.count(self.op)
        oss.op_started(self.op)
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
        finally:
            oss.op_finished(self.op)   # a GetObject's body is all handed to the kernel by now

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
