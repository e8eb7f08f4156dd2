"""A threaded HTTP/1.1 server speaking Alibaba Cloud's RPC style for one or more products.

Each product (`RpcService`) maps its API version's actions to functions taking an
`RpcCall` and returning the response fields (RequestId is added here). Signature,
faults, error bodies and logging are handled once, here, for every product.
"""

from __future__ import annotations

import logging
import socket
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Callable
from urllib.parse import parse_qsl, urlsplit

from tui_export.sim.faults import Faults
from tui_export.sim.http_base import ThreadedServer, TrackingHTTPServer
from tui_export.sim.keys import KeyRecord, KeyRegistry
from tui_export.sim.rpc.auth import NonceBook, authenticate
from tui_export.sim.rpc.errors import RpcError
from tui_export.sim.rpc.render import render

log = logging.getLogger("tui_export.sim.rpc")


@dataclass
class RpcCall:
    action: str
    params: dict[str, str]
    key: KeyRecord
    request_id: str

    def get(self, name: str, default: str = "") -> str:
        return self.params.get(name, default)


@dataclass
class RpcService:
    """One product API version: its actions and the HostId its errors name."""
    name: str                      # "Ecs", "Ram", "Sts"
    version: str                   # "2014-05-26"
    host_id: str                   # "ecs.aliyuncs.com"
    actions: dict[str, Callable[[RpcCall], dict]] = field(default_factory=dict)
    before_each: Callable[[], None] | None = None   # e.g. advance the world's clock
    denied_code: str = "Forbidden.RAM"   # how this product refuses a RAM user's action (sim/users.py)


# A plain-GET route (the ECS metadata service): path -> (status, body, content type) or None.
GetRoute = Callable[[str], "tuple[int, bytes, str] | None"]


class RpcServer(ThreadedServer):
    def __init__(self, services: list[RpcService], keys: KeyRegistry, faults: Faults, *,
                 host: str = "127.0.0.1", port: int = 0, name: str = "rpc",
                 get_route: GetRoute | None = None, users=None) -> None:
        self.users = users   # sim.users.Users: RAM users judged against their allow-lists
        self.services = {s.version: s for s in services}
        self.keys = keys
        self.faults = faults
        self.name = name
        self.get_route = get_route
        self.nonces = NonceBook()
        self.thread_name = f"sim-{name}"
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.rpc = self

    def start(self) -> "RpcServer":
        super().start()
        log.info("%s listening on %s", self.name, self.endpoint)
        return self

    # --- one request -----------------------------------------------------------

    def handle(self, method: str, params: dict[str, str]) -> tuple[int, dict, str, bool]:
        """(status, body fields, XML root, lose the response?) for one RPC request."""
        request_id = str(uuid.uuid4()).upper()
        action = params.get("Action", "")
        service = self.services.get(params.get("Version", ""))
        host_id = service.host_id if service else next(iter(self.services.values())).host_id
        self.faults.delay()
        try:
            key = authenticate(method, params, self.keys, self.nonces, now=self.faults.now())
            func = service.actions.get(action) if service else None
            if func is None:
                raise RpcError("InvalidAction.NotFound")
            if self.users is not None and self.users.denies(key, f"{service.name.lower()}:{action}"):
                raise RpcError(service.denied_code)
            # Injected failures happen before any effect (the SDK may retry them).
            if self.faults.roll(self.faults.throttle, action):
                raise RpcError("Throttling.User")
            if code := self.faults.server_error_code(action):
                raise RpcError(code)
            if service.before_each:
                service.before_each()
            body = func(RpcCall(action, params, key, request_id))
            self.faults.hold_answer(action)
            lost = self.faults.roll(self.faults.lost_response, action)
            return 200, {"RequestId": request_id, **body}, f"{action}Response", lost
        except Exception as exc:
            err = exc if isinstance(exc, RpcError) else RpcError("InternalError")
            if not isinstance(exc, RpcError):   # a sim bug: answer like the cloud would, keep the trace
                log.exception("%s %s failed", self.name, action)
            return err.status, {
                "RequestId": request_id,
                "HostId": host_id,
                "Code": err.code,
                "Message": err.message,
                "Recommend": f"https://api.aliyun.com/troubleshoot?q={err.code}",
            }, "Error", False


class _HTTPServer(TrackingHTTPServer):
    # The Regions screen opens ~32 connections at once; the default backlog (5) dropped
    # some, and each dropped one waited ~1 s for the kernel's SYN retry (a real endpoint has room).
    request_queue_size = 128
    rpc: RpcServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, as the SDKs' pooled sessions expect
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms delayed-ACK stalls
    server: _HTTPServer

    def date_time_string(self, timestamp=None) -> str:
        # the Date header follows the cloud's clock (a clock_skew_s fault moves it)
        return super().date_time_string(self.server.rpc.faults.now() if timestamp is None else timestamp)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        rpc = self.server.rpc
        started = time.monotonic()
        url = urlsplit(self.path)
        body = self._read_body()
        if url.path not in ("", "/"):
            routed = rpc.get_route(url.path) if (rpc.get_route and method == "GET") else None
            status, payload, ctype = routed or (404, b"Not Found", "text/plain")
            self._send(status, payload, ctype)
            log.info("%s GET %s -> %d", rpc.name, url.path, status)
            return
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        ctype = self.headers.get("Content-Type", "")
        if body and "application/x-www-form-urlencoded" in ctype:
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        status, data, root, lost = rpc.handle(method, params)
        elapsed_ms = (time.monotonic() - started) * 1000
        # Never log parameters wholesale: they hold signatures and tokens.
        log.info("%s %s region=%s -> %d %s (%.0f ms)%s", rpc.name, params.get("Action", "?"),
                 params.get("RegionId", "-"), status, data.get("Code", "OK"), elapsed_ms,
                 " [response dropped]" if lost else "")
        if lost:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        payload, content_type = render(data, root, params.get("Format", "XML"))
        self._send(status, payload, content_type)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (its read timeout): what a real server shrugs off too.
            self.close_connection = True

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # the default logs the URL, which carries the signature
