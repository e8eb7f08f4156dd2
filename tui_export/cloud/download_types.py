"""What the download engine hands back: its error type, progress events and result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import CloudError


class DownloadError(CloudError):
    """A download failed or was refused; a CloudError, so the UI handles it like any other.

    Codes: CrcMismatch, DestinationExists, DiskFull, Cancelled, DownloadInProgress, RemoteChanged,
    NetworkError, WriteFailed, BadResponse. OSS errors (NoSuchKey, AccessDenied, ...) arrive as
    plain CloudError from errors.translate. `path`/`needed` (bytes) are set for DiskFull.
    """

    def __init__(self, code: str, message: str, *, retryable: bool = False, path: str = "",
                 needed: int = 0, operation: str = "download") -> None:
        super().__init__(code, message, retryable=retryable, operation=operation)
        self.path = path
        self.needed = needed

    def __reduce__(self):
        return (_rebuild_download_error, (self.code, self.message, self.retryable, self.path, self.needed))


def _rebuild_download_error(code, message, retryable, path, needed) -> "DownloadError":
    return DownloadError(code, message, retryable=retryable, path=path, needed=needed)


@dataclass(frozen=True)
class DownloadProgress:
    bytes_done: int
    total: int
    rate: float                  # bytes/s, smoothed
    eta: float | None            # seconds; None while the rate is unknown
    resumed_bytes: int           # bytes found on disk when this run started
    state: str                   # "checking" | "downloading" | "verifying" | "done"
    retrying: int = 0            # parts waiting to retry after a cut/5xx (show "reconnecting")
    connections: int = 0         # ranged GETs the engine runs at once now (adaptive)


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    size: int
    crc64: int
    verified: bool               # False only when the object carries no CRC-64 to compare with
    resumed_bytes: int
    already_present: bool = False
    elapsed: float = 0.0
    fetched_bytes: int = 0       # body bytes received in this run (kept or not): what a resume re-sent
    max_connections: int = 0     # most ranged GETs in flight at once in this run
