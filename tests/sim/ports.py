"""Ports for tests that start `tui-export sim --port N` (ECS on N, RAM on N+1, OSS on N+2)."""

from __future__ import annotations

import socket

import pytest


def listening_on(port: int) -> socket.socket:
    """A socket holding `port` on 127.0.0.1 (listening: no SO_REUSEADDR bind can share it)."""
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        s.listen()
    except OSError:
        s.close()
        raise
    return s


def free_block() -> int:
    """N such that N, N+1 and N+2 are free on 127.0.0.1 right now."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + 2 > 65535:
            continue
        held: list[socket.socket] = []
        try:
            for i in range(3):
                held.append(listening_on(base + i))
            return base
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    pytest.skip("no block of 3 free ports")
