"""The embedded cloud's RPC side: one threaded HTTP server per port, signature v1,
and the ECS, RAM, STS and metadata APIs on top of it."""

from tui_export.sim.rpc.server import RpcCall, RpcServer, RpcService

__all__ = ["RpcCall", "RpcServer", "RpcService"]
