"""The HTTP side of the download engine: its connection pool, and reading a body without copies."""

from __future__ import annotations

import http.client
import socket

import oss2
import requests.adapters
import urllib3.connection

RECEIVE_BUFFER = 2 << 20     # per connection (SO_RCVBUF); see _Adapter

# errors raised while a response body streams, when the connection is cut or stalls
STREAM_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException,
                 ConnectionError, TimeoutError, OSError)


def readinto1(body, view: memoryview) -> int:
    """Read what the socket has (one recv, up to len(view)) into `view`, like read1 but without
    allocating. Waiting for a full buffer would hold up to 1 MiB per connection that a crash
    loses and that progress doesn't see; when bytes arrive faster than we take them, one recv
    fills the buffer anyway.

    Mirrors http.client.HTTPResponse.read1 for a Content-Length body; anything else (chunked,
    urllib3's own response) takes the plain readinto."""
    fp = getattr(body, "fp", None)
    length = getattr(body, "length", None)
    if fp is None or getattr(body, "chunked", True) or length is None or not hasattr(fp, "readinto1"):
        return body.readinto(view)
    if len(view) > length:
        view = view[:length]
    n = fp.readinto1(view)
    if not n and len(view):
        body._close_conn()
    else:
        body.length -= n
        if not body.length:
            body._close_conn()      # as read1 does: the connection can go back to the pool
    return n


class _Adapter(requests.adapters.HTTPAdapter):
    """Connections with a bounded receive buffer.

    Why: when the reader falls behind, Linux grows a socket's receive buffer up to
    net.ipv4.tcp_rmem's maximum (32 MiB here); bytes queued there are lost when the process
    is killed and sent again on resume. 2 MiB (the kernel doubles it) still carries ~80 MB/s
    per connection at 50 ms RTT, and the adaptive count opens more connections where one isn't enough."""

    def init_poolmanager(self, *args, **kwargs):
        kwargs["socket_options"] = [*urllib3.connection.HTTPConnection.default_socket_options,
                                    (socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)]
        super().init_poolmanager(*args, **kwargs)


def session_for(pool: int):
    """An oss2 session whose pool holds `pool` connections with bounded receive buffers."""
    return oss2.Session(adapter=_Adapter(pool_connections=pool, pool_maxsize=pool))
