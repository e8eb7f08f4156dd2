"""Sends response bodies from files: sendfile when no fault needs a say, else paced 1 MiB writes.

Faults are read live between slices: `bandwidth` (MB/s per connection, token
bucket kept on the connection) and `drop_after` (close the connection after that
many body bytes of one response, mid-body).
"""

from __future__ import annotations

import os
import socket
import time

from ..faults import Faults

_SLICE = 2 << 20       # sendfile slice between two looks at the faults (and two counts of bytes sent)
_CHUNK = 1 << 20       # write size when a fault is on
_BURST_S = 0.05        # token bucket depth, in seconds of the current rate


class Dropped(Exception):
    """The connection was cut on purpose (drop_after)."""


class Pacer:
    """Per-connection token bucket; the rate is read from Faults at every chunk."""

    def __init__(self) -> None:
        self._allowance = 0.0
        self._stamp = time.monotonic()

    def wait(self, n: int, rate_bytes_s: float) -> None:
        now = time.monotonic()
        self._allowance = min(self._allowance + (now - self._stamp) * rate_bytes_s, rate_bytes_s * _BURST_S)
        self._stamp = now
        if self._allowance < n:
            time.sleep((n - self._allowance) / rate_bytes_s)
            self._stamp = time.monotonic()
            self._allowance = 0.0
        else:
            self._allowance -= n


def _faulty(faults: Faults, op: str) -> bool:
    return (faults.bandwidth > 0 or faults.drop_after > 0) and faults.applies(op)


def _cut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    raise Dropped()


def send_file(sock: socket.socket, f, offset: int, count: int, faults: Faults, op: str, pacer: Pacer,
              on_sent=None) -> None:
    """`on_sent(n)` after each piece handed to the kernel (what a client could have received)."""
    sent = 0
    while sent < count:
        if not _faulty(faults, op):
            n = min(_SLICE, count - sent)
            done = sock.sendfile(f, offset + sent, n)
            if done == 0:
                raise ConnectionError("sendfile sent nothing")
            sent += done
            if on_sent:
                on_sent(done)
            continue
        n = min(_CHUNK, count - sent)
        rate = faults.bandwidth * 1_000_000 if faults.bandwidth > 0 else 0.0
        if rate:
            n = min(n, max(16 << 10, int(rate * _BURST_S)))
        drop = faults.drop_after
        if drop > 0 and sent + n > drop:
            n = drop - sent
            if n > 0:
                sock.sendall(os.pread(f.fileno(), n, offset + sent))
                if on_sent:
                    on_sent(n)
            _cut(sock)
        if rate:
            pacer.wait(n, rate)
        sock.sendall(os.pread(f.fileno(), n, offset + sent))
        sent += n
        if on_sent:
            on_sent(n)
