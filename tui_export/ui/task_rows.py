"""Task rows shared by the app and its screens, kept out of the App module so screens never import it:
a task store row as a Task or an ExportRequest, and one task's newer view merged with what we knew."""

from __future__ import annotations

import time
from dataclasses import replace

from tui_export.core.models import ExportRequest, Task


def record_to_task(record) -> Task:
    """A task store row as a Task (status and progress as last seen)."""
    created = ""
    if record.created_at:
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created_at))
    return Task(task_id=record.task_id, region_id=record.region_id, status=record.status,
                progress=record.progress, creation_time=created, support_cancel=not record.finished,
                resource_id=record.image_id, oss_bucket=record.bucket,
                oss_objects=tuple(record.objects), image_format=record.image_format)


def record_to_request(record) -> ExportRequest:
    return ExportRequest(region_id=record.region_id, image_id=record.image_id, bucket=record.bucket,
                         prefix=record.prefix, image_format=record.image_format or "raw")


def merge_task(old: Task, new: Task) -> Task:
    fill = {}
    for name in ("resource_id", "oss_bucket", "image_format", "creation_time"):
        if not getattr(new, name) and getattr(old, name):
            fill[name] = getattr(old, name)
    if not new.oss_objects and old.oss_objects:
        fill["oss_objects"] = old.oss_objects
    return replace(new, **fill) if fill else new
