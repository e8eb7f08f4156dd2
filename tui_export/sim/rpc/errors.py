"""The exception an RPC action raises to answer with an error from core.api_errors."""

from __future__ import annotations

from tui_export.core.api_errors import ERRORS, ApiError


class RpcError(Exception):
    """An error answer: `key` indexes core.api_errors.ERRORS; `detail` fills its %s."""

    def __init__(self, key: str, detail: str = "", *, error: ApiError | None = None) -> None:
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
