"""The embedded cloud: a faithful stand-in for Alibaba Cloud ECS, RAM, STS and OSS on 127.0.0.1."""

from __future__ import annotations

__all__ = ["EmbeddedCloud"]


def __getattr__(name: str):
    # Lazy: importing tui_export.sim (e.g. for faults or keys) must not start pulling in servers.
    if name == "EmbeddedCloud":
        from tui_export.sim.embedded import EmbeddedCloud
        return EmbeddedCloud
    raise AttributeError(name)
