"""JobEngine: the one owner of exports, task polling, downloads and cleanup (issue #9 §1).

See tui_export/jobs/api.py for the types and the threading contract.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from tui_export.core.models import ExportRequest
from tui_export.jobs.api import EngineOptions, Job, JobEvent


class ReadOnlyRefused(Exception):
    """An export or a cleanup asked of an engine started read-only (`--read-only`)."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__(f"{action} refused: read-only")


Observer = Callable[[JobEvent], None]


class JobEngine:
    def __init__(self, session, store, *, account: str = "", read_only: bool = False,
                 state_dir: Path | str | None = None, options: EngineOptions | None = None) -> None:
        """`session`: a CloudSession; `store`: a TaskStore (the journal); `account`: the
        store's account label (never a secret). `state_dir` holds download checkpoints
        (default: the store's folder). Threads start lazily, on the first job."""
        raise NotImplementedError

    # --- observers -------------------------------------------------------------------------
    def subscribe(self, observer: Observer) -> None:
        """Call `observer(JobEvent)` on every change of any job, from engine threads."""
        raise NotImplementedError

    def unsubscribe(self, observer: Observer) -> None:
        raise NotImplementedError

    # --- starting and following ------------------------------------------------------------
    def start_export(self, requests: Sequence[ExportRequest], *, download_dir: str | Path | None = None,
                     cleanup: bool = False) -> list[Job]:
        """One job per request, journaled before anything is sent; ExportImage is called in
        order by the exporter thread (through CloudSession.export). A request whose job is
        already unfinished in the journal (same account, region, image, bucket, prefix,
        format) is attached to instead: never a second export. Raises ReadOnlyRefused."""
        raise NotImplementedError

    def attach(self, region_id: str, task_ids: Iterable[str], *, download_dir: str | Path | None = None,
               cleanup: bool = False) -> list[Job]:
        """Follow existing export tasks (started here, by an earlier run, or in the console):
        one job per task id, reusing the journaled job of that task when there is one."""
        raise NotImplementedError

    def download(self, job_or_task_id: str, folder: str | Path) -> Job:
        """Download (or resume) the job's objects into `folder` (created if missing) and verify
        them; queued behind other downloads. The folder is journaled with the job."""
        raise NotImplementedError

    def cleanup(self, job_or_task_id: str) -> Job:
        """Delete the exported objects of a job whose download is verified (or, for a
        cancelled export, abort the unfinished multipart uploads under its prefix).
        Raises ReadOnlyRefused."""
        raise NotImplementedError

    def cancel(self, job_or_task_id: str) -> Job:
        """Cancel the export task (CancelTask) or the queued/downloading job. Raises ReadOnlyRefused
        for a running export task."""
        raise NotImplementedError

    def resume_unfinished(self) -> list[Job]:
        """Every unfinished job of this account in the journal, picked up where it stopped:
        the task watched again, a download resumed from its checkpoint into the same folder."""
        raise NotImplementedError

    # --- reading ---------------------------------------------------------------------------
    def jobs(self) -> list[Job]:
        """Snapshots of the jobs this engine knows, oldest first."""
        raise NotImplementedError

    def job(self, job_or_task_id: str) -> Job | None:
        raise NotImplementedError

    def wait(self, job_ids: Iterable[str] | None = None, timeout: float | None = None) -> bool:
        """Block until the jobs (all known when None) are final; False on timeout."""
        raise NotImplementedError

    def shutdown(self, wait: bool = True) -> None:
        """Stop the threads; running downloads stop at their checkpoint, journaled as paused,
        so resume_unfinished() on a new engine carries on. Export tasks go on in the cloud."""
        raise NotImplementedError
