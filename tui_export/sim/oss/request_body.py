"""A request's body as the embedded OSS reads it: Content-Length or chunked, in pieces."""

from __future__ import annotations

from .errors import OssError

READ_CHUNK = 1 << 20


class RequestBody:
    """The request body, Content-Length or chunked, read in pieces."""

    def __init__(self, handler) -> None:
        self._rfile = handler.rfile
        te = (handler.headers.get("Transfer-Encoding") or "").lower()
        self.chunked = "chunked" in te
        length = handler.headers.get("Content-Length")
        self.length = int(length) if (length and length.isdigit() and not self.chunked) else None
        self.present = self.chunked or bool(self.length)
        self._left = self.length or 0
        self._chunk_left = 0
        self.done = not self.present

    def read(self, n: int = READ_CHUNK) -> bytes:
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
