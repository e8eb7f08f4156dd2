"""A forward proxy on 127.0.0.1 that only writes down what it is asked and refuses it.

Point HTTPS_PROXY (and HTTP_PROXY) at it: an HTTPS request arrives as
`CONNECT host:443`, a plain HTTP one as `GET http://host/...`. Nothing is forwarded,
so no test that uses it can reach the real cloud.
"""

from __future__ import annotations

import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(8192).decode("latin-1").strip()
        while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
            pass                                   # skip the headers
        if line:
            self.server.record(line)
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class RecordingProxy:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.record = self._record
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _record(self, line: str) -> None:
        with self._cond:
            self.lines.append(line)
            self._cond.notify_all()

    def connects(self) -> set[str]:
        """The hosts asked for with CONNECT ("host:port")."""
        with self._cond:
            return {ln.split()[1] for ln in self.lines if ln.startswith("CONNECT ")}

    def plain(self) -> list[str]:
        """Request lines that were not CONNECT: traffic that would have crossed in the clear."""
        with self._cond:
            return [ln for ln in self.lines if not ln.startswith("CONNECT ")]

    def __enter__(self) -> "RecordingProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
