"""The job engine's public face: what the TUI and the headless commands code against.

A *job* is one image's way from ExportImage to a verified local copy (and, when asked,
removal of the exported objects from OSS). Every step is journaled in the task store
(cloud/task_store.py, tables `jobs` and `job_journal`) as it happens, so a relaunch picks
unfinished jobs up where they stopped (`JobEngine.resume_unfinished`).

Threads: the engine runs its own threads (one poller, one exporter, a few downloaders).
Observers registered with `subscribe` are called FROM THOSE THREADS: a Textual app must
hop to its own thread (`app.call_from_thread`), never touch widgets directly. An observer
must return quickly and never raise (an exception is logged and swallowed).

This module never imports Textual nor the cloud SDKs.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class JobStage(str, enum.Enum):
    """Where a job is. The last three are final."""

    QUEUED = "queued"              # not sent yet (waits its turn in the exporter)
    WAITING_SLOT = "waiting_slot"  # ConcurrentQuotaExceed.ExportImage: retried when a slot frees
    EXPORTING = "exporting"        # the export task runs in the cloud (task_id known)
    EXPORTED = "exported"          # task Finished; waiting for a download (or done if none asked)
    DOWNLOADING = "downloading"    # objects being downloaded and verified
    CLEANING = "cleaning"          # deleting the exported objects after a verified download
    DONE = "done"
    FAILED = "failed"              # `error` says why (the task failed, a quota, a CRC mismatch ...)
    CANCELLED = "cancelled"        # cancel(): the task was cancelled / the job was dropped

    @property
    def final(self) -> bool:
        return self in (JobStage.DONE, JobStage.FAILED, JobStage.CANCELLED)


@dataclass(frozen=True)
class JobError:
    """Why a job stopped: the cloud's (or the download engine's) code, message and RequestId.

    `explain(lang)` gives the product's (what happened, what to do) texts in en/zh."""

    code: str
    message: str = ""
    request_id: str = ""
    operation: str = ""
    local: bool = False

    def explain(self, lang: str = "en") -> tuple[str, str]:
        from tui_export.core.explain import explain
        return explain(self.code, lang, self.message, self.operation, request_id=self.request_id,
                       local=self.local)


@dataclass(frozen=True)
class JobObject:
    """One exported object and its local copy (path None until downloaded)."""

    key: str
    size: int = 0
    crc64: str | None = None
    path: str | None = None
    verified: bool = False
    bytes_done: int = 0
    converted: dict | None = None   # {"format", "path", "sha256" (of the raw disk)} after a conversion
    disk: dict | None = None        # the converted disk's {"table", "partitions"} (convert.partitions.DiskLayout)


@dataclass(frozen=True)
class Job:
    """A snapshot of one job (immutable; the engine hands out a new one on every change)."""

    job_id: str
    region_id: str
    image_id: str
    bucket: str
    prefix: str = ""
    image_format: str = "raw"
    account: str = ""
    task_id: str = ""                   # "" until ExportImage answered
    stage: JobStage = JobStage.QUEUED
    status: str = ""                    # the cloud task's status (Waiting, Processing, Finished ...)
    progress: int | None = None         # the cloud task's percent
    download_dir: str = ""              # "" = no download asked
    cleanup: bool = False               # delete the exported objects after a verified download
    download_keys: tuple[str, ...] = () # the objects to download; () = every object of the task
    objects: tuple[JobObject, ...] = ()
    error: JobError | None = None
    bytes_done: int = 0                 # download, all objects
    bytes_total: int = 0
    rate: float = 0.0                   # bytes/s, smoothed (download)
    eta: float | None = None            # seconds left (download); None while unknown
    poll_trouble: bool = False          # the last polls of its task failed (link or API struggling)
    created_at: float = 0.0
    updated_at: float = 0.0

    @property
    def finished(self) -> bool:
        return self.stage.final

    @property
    def verified(self) -> bool:
        return bool(self.objects) and all(o.verified for o in self.objects)


@dataclass(frozen=True)
class JobEvent:
    """Sent to observers on every change: `kind` is "stage", "progress" or "removed"."""

    job: Job
    kind: str = "stage"
    previous_stage: JobStage | None = None


@dataclass(frozen=True)
class EngineOptions:
    """Knobs; the defaults suit the app. Tests and benchmarks shorten the delays."""

    poll_seconds: float = 2.0          # gap between two DescribeTasks rounds
    poll_max_seconds: float = 60.0     # back-off ceiling after failed polls
    quota_retry_seconds: float = 10.0  # ConcurrentQuotaExceed: retry at least this often
    downloads_at_once: int = 2         # objects downloaded at the same time
    connections: int = 16              # the bandwidth budget: ranged GETs in flight, all downloads together
    extra: dict = field(default_factory=dict)


def error_of(exc: BaseException) -> JobError:
    """A JobError from a CloudError (or anything else, scrubbed to its type)."""
    code = getattr(exc, "code", "") or type(exc).__name__
    return JobError(code=code, message=getattr(exc, "message", "") or "", request_id=getattr(exc, "request_id", "") or "",
                    operation=getattr(exc, "operation", "") or "", local=bool(getattr(exc, "local", False)))
