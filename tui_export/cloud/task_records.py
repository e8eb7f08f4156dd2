"""What the task store holds about an export task and a download, and the task screen's one
list merged from the store's records and the API's tasks (merge)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Iterable

from tui_export.core.models import FINAL_TASK_STATUSES, Task

# download states the UI shows; "done" and "failed" are final
DOWNLOAD_STATES = ("pending", "running", "paused", "done", "failed")


@dataclass(frozen=True)
class TaskRecord:
    task_id: str
    region_id: str
    account: str = ""
    image_id: str = ""
    bucket: str = ""
    prefix: str = ""
    image_format: str = ""
    status: str = ""
    progress: int | None = None
    objects: tuple[str, ...] = ()
    created_at: float = 0.0          # unix seconds
    updated_at: float = 0.0
    origin: str = "local"            # "local" (this machine only) | "remote" (seen only in the API) | "both"

    @property
    def finished(self) -> bool:
        return self.status in FINAL_TASK_STATUSES


class TaskRecordConflict(ValueError):
    """record_export() for a task already recorded with another request; the row is kept."""

    def __init__(self, task_id: str, kept: "TaskRecord | None") -> None:
        self.task_id = task_id
        self.kept = kept
        super().__init__(f"task {task_id} is already recorded for another request "
                         f"({kept.image_id if kept else '?'} -> {kept.bucket if kept else '?'}); not rewritten")


@dataclass(frozen=True)
class DownloadRecord:
    task_id: str
    bucket: str
    key: str
    dest: str
    checkpoint: str = ""
    state: str = "pending"
    size: int = 0
    bytes_done: int = 0
    created_at: float = 0.0
    updated_at: float = 0.0


def merge(local_records: Iterable[TaskRecord], remote_tasks: Iterable[Task]) -> list[TaskRecord]:
    """One list for the task screen: the API's tasks (also those started elsewhere) and ours.

    The API is fresher on status and progress; local knowledge fills what DescribeTasks
    lacks (bucket, prefix, format, image, account). Local tasks the API didn't return
    (another region's listing, aged out of DescribeTasks) stay, as last known. Newest first.
    """
    by_id: dict[str, TaskRecord] = {r.task_id: r for r in local_records}
    out: dict[str, TaskRecord] = dict(by_id)
    for t in remote_tasks:
        if t.action and t.action != "ExportImage":
            continue
        local = by_id.get(t.task_id)
        created = _parse_api_time(t.creation_time)
        if local is None:
            out[t.task_id] = TaskRecord(
                task_id=t.task_id, region_id=t.region_id, image_id=t.resource_id, bucket=t.oss_bucket,
                image_format=t.image_format, status=t.status, progress=t.progress, objects=tuple(t.oss_objects),
                created_at=created or 0.0, updated_at=time.time(), origin="remote")
        else:
            out[t.task_id] = replace(
                local,
                status=t.status or local.status,
                progress=t.progress if t.progress is not None else local.progress,
                region_id=local.region_id or t.region_id,
                image_id=local.image_id or t.resource_id,
                bucket=local.bucket or t.oss_bucket,
                image_format=local.image_format or t.image_format,
                objects=tuple(t.oss_objects) or local.objects,
                created_at=local.created_at or created or 0.0,
                origin="both")
    return sorted(out.values(), key=lambda r: (-r.created_at, r.task_id))


def _parse_api_time(s: str) -> float | None:
    """'2015-11-24T12:50Z' or '...T12:50:30Z' (DescribeTasks has minute precision) -> unix seconds."""
    from datetime import datetime, timezone

    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return datetime.strptime(s, fmt).replace(tzinfo=timezone.utc).timestamp()
        except (ValueError, TypeError):
            continue
    return None
