"""The exception an RPC action raises to answer with an error from the sim's error table."""

from __future__ import annotations

from tui_export.sim.error_table import ERRORS, SimError


class RpcError(Exception):
    """An error answer: `key` indexes sim.error_table.ERRORS; `detail` fills its %s."""

    def __init__(self, key: str, detail: str = "", *, error: SimError | None = None) -> None:
        self.error = error or ERRORS[key]
        self.key = key
        self.detail = detail
        super().__init__(f"{self.code}: {self.message}")

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def status(self) -> int:
        return self.error.http_status

    @property
    def message(self) -> str:
        return self.error.format(self.detail)


def missing(name: str) -> RpcError:
    """MissingParameter for `name`, with the seed's exact wording."""
    key = f"MissingParameter.{name}"
    return RpcError(key) if key in ERRORS else RpcError("MissingParameter", name)


def invalid(name: str) -> RpcError:
    return RpcError("InvalidParameter", name)
