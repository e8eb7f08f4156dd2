"""Typed messages that thread workers post back to the UI thread.

Workers never touch widgets: they `post_message(...)` one of these (thread-safe)
and the screen or the app applies it on the UI thread.
"""

from __future__ import annotations

from textual.message import Message

from tui_export.core.models import Image, RegionInfo, Task


class SessionReady(Message):
    """A CloudSession exists (demo cloud up, credentials resolved, or signed in)."""

    def __init__(self, session, source: str, spec: str | None = None, account: str | None = None) -> None:
        super().__init__()
        self.account = account   # masked key id or profile: scopes the task store
        self.session = session
        self.source = source   # what the status bar says: "demo cloud", "env", "profile x", ...
        self.spec = spec       # "cli:name" / "saved:name" when the keys came from a profile


class SignInNeeded(Message):
    """No credentials were found: the app shows the sign-in screen."""

    def __init__(self, checked: tuple[tuple[str, dict], ...] = ()) -> None:
        super().__init__()
        self.checked = checked   # where we looked, safe to show


class RegionsLoaded(Message):
    def __init__(self, regions: list[RegionInfo]) -> None:
        super().__init__()
        self.regions = regions


class RegionCount(Message):
    """One region's count of custom images (or None when it failed), and the images listed."""

    def __init__(self, region_id: str, images: int | None, failed: bool = False,
                 listed: list[Image] | None = None) -> None:
        super().__init__()
        self.region_id = region_id
        self.images = images
        self.failed = failed
        self.listed = listed


class BucketsCounted(Message):
    """ListBuckets answered: bucket counts per region id."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__()
        self.counts = counts


class ImagesLoaded(Message):
    def __init__(self, region_id: str, images: list[Image], exporting: set[str]) -> None:
        super().__init__()
        self.region_id = region_id
        self.images = images
        self.exporting = exporting


class TaskUpdated(Message):
    """A fresh view of one task; a burst for the same task collapses into the latest."""

    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, TaskUpdated) and message.task.task_id == self.task.task_id


class TasksListed(Message):
    """DescribeTasks answered for some regions (merged with the task store)."""

    def __init__(self, tasks: list[Task]) -> None:
        super().__init__()
        self.tasks = tasks


class JobChanged(Message):
    """A job of the engine changed (posted from the engine's observer, on its threads).
    Progress events for the same job collapse into the latest; stage changes never do."""

    def __init__(self, job, kind: str = "stage", previous_stage=None) -> None:
        super().__init__()
        self.job = job
        self.kind = kind
        self.previous_stage = previous_stage

    def can_replace(self, message: Message) -> bool:
        return (isinstance(message, JobChanged) and self.kind == "progress" and message.kind == "progress"
                and message.job.job_id == self.job.job_id)
