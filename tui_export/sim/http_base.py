"""What the RPC and OSS servers share: a threaded HTTP server that knows its open
connections, served from a daemon thread, stopped without leaving a client hanging.

It also counts what a client did to it (connections opened, requests in flight at
once), so tests can see connection reuse and fan-out from the outside."""

from __future__ import annotations

import socket
import sys
import threading
from functools import cache
from http.server import ThreadingHTTPServer


def connect_host(bound: str) -> str:
    """The address a local client connects to: a wildcard bind is reached on 127.0.0.1."""
    return "127.0.0.1" if bound in ("", "0.0.0.0") else bound


class _CountsRequests:
    """Handler mixin: a request counts as in flight from its parsed head until answered
    (an idle keep-alive connection waiting for its next request does not)."""

    def parse_request(self):
        ok = super().parse_request()
        if ok:
            self._counted = True
            self.server.request_started()
        return ok

    def handle_one_request(self):
        self._counted = False
        try:
            super().handle_one_request()
        finally:
            if self._counted:
                self.server.request_finished()


@cache
def _counting(handler_class: type) -> type:
    return type(handler_class.__name__, (_CountsRequests, handler_class), {})


class TrackingHTTPServer(ThreadingHTTPServer):
    """Remembers open connections, so `close_connections()` can cut idle keep-alive ones,
    and counts connections opened and requests in flight (`stats()`)."""

    daemon_threads = True
    quiet_errors: tuple[type[BaseException], ...] = ()   # client-side failures not worth a traceback

    def __init__(self, server_address, handler_class, *args, **kw) -> None:
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        self.reset_stats()
        super().__init__(server_address, _counting(handler_class), *args, **kw)

    def reset_stats(self) -> None:
        with self._conns_lock:
            self.connections_opened = 0
            self.requests_served = 0
            self.in_flight = getattr(self, "in_flight", 0)   # requests still running stay counted
            self.max_in_flight = self.in_flight

    def stats(self) -> dict[str, int]:
        with self._conns_lock:
            return {"connections_opened": self.connections_opened, "requests_served": self.requests_served,
                    "in_flight": self.in_flight, "max_in_flight": self.max_in_flight}

    def request_started(self) -> None:
        with self._conns_lock:
            self.requests_served += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def request_finished(self) -> None:
        with self._conns_lock:
            self.in_flight -= 1

    def process_request(self, request, client_address) -> None:
        with self._conns_lock:
            self._conns.add(request)
            self.connections_opened += 1
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Cut open keep-alive connections, so no handler thread outlives the server."""
        with self._conns_lock:
            conns, self._conns = list(self._conns), set()
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], self.quiet_errors):
            super().handle_error(request, client_address)


class ThreadedServer:
    """start() / stop() / endpoint around a TrackingHTTPServer held in `_httpd`."""

    _httpd: TrackingHTTPServer
    _thread: threading.Thread | None = None
    poll_interval = 0.05
    thread_name = "sim"

    @property
    def host(self) -> str:
        return self._httpd.server_address[0]

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def endpoint(self) -> str:
        return f"http://{connect_host(self.host)}:{self.port}"

    def stats(self) -> dict[str, int]:
        """{"connections_opened", "requests_served", "in_flight", "max_in_flight"} since start
        or `reset_stats()` (a request counts from its parsed head until answered)."""
        return self._httpd.stats()

    def reset_stats(self) -> None:
        self._httpd.reset_stats()

    def start(self):
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": self.poll_interval},
                                        name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut open keep-alive connections, so no client waits on a dead sim."""
        if self._thread:
            self._httpd.shutdown()
        self._httpd.server_close()
        self._httpd.close_connections()
        if self._thread:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
