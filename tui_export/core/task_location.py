"""Where a finished export wrote its files (bucket and OSSPrefix), from what is known
about its task: the request made here, or DescribeTaskAttribute's related items.

A task started elsewhere (the console, another machine, before a crash) is known only
from the cloud, which may not name the bucket or the objects (docs/api.md "Tasks started
elsewhere"). The prefix is then read back from an object name through the naming
pattern `<prefix>_<imageId>_system…` (core.rules); what stays unknown is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_export.core import rules
from tui_export.core.models import ExportRequest, Task


@dataclass(frozen=True)
class ExportLocation:
    bucket: str = ""              # "" = unknown
    prefix: str | None = None     # None = unknown; "" = the export had no prefix

    @property
    def complete(self) -> bool:
        return bool(self.bucket) and self.prefix is not None


def prefix_from_object_name(key: str, image_id: str) -> str | None:
    """The OSSPrefix an exported object's name shows ("weekly_m-x_system.raw.tar.gz" ->
    "weekly", "m-x_system.raw.tar.gz" -> ""); None when the name doesn't follow the pattern."""
    if not image_id:
        return None
    name = key.rsplit("/", 1)[-1]
    if name.startswith(rules.export_object_prefix(image_id, "")):
        return ""
    marker = f"_{image_id}_"
    if marker not in name:
        return None
    prefix = name.split(marker, 1)[0]
    if not prefix or rules.validate_prefix(prefix) is not None:
        return None
    return prefix


def export_location(task: Task, request: ExportRequest | None) -> ExportLocation:
    """What is known of where `task` exported to; `request` is the one made here, if any."""
    if request is not None and request.bucket:
        return ExportLocation(task.oss_bucket or request.bucket, request.prefix)
    prefixes = {prefix_from_object_name(key, task.resource_id) for key in task.oss_objects}
    prefix = prefixes.pop() if len(prefixes) == 1 else None   # names that disagree: ask
    return ExportLocation(task.oss_bucket, prefix)
