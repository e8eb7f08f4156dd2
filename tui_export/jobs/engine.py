"""JobEngine: the one owner of exports, task polling, downloads and cleanup (issue #9 §1).

Threads (started on first use, daemons, stopped by `shutdown`):
- the exporter: sends ExportImage for queued jobs in order (through CloudSession.export,
  which reconciles ambiguous retries). ConcurrentQuotaExceed -> the job waits for a slot
  (a watched task ending, or `quota_retry_seconds`) and is sent again; WeeklyQuotaExceed
  and any other refusal end that job with the reason;
- the poller (poller.py): one DescribeTasks per region per round for every watched task;
- `downloads_at_once` downloaders (downloads.py), sharing one connection budget.

Every change is journaled (task store `jobs`, `job_journal`, `downloads`) before observers hear
of it. Types and the threading contract: jobs/api.py. This module holds the public calls; the
journal is journal.py, the exporter thread exporter.py, the poller's and downloaders' news
task_events.py.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Sequence

from tui_export.core.models import ExportRequest, Task
from tui_export.jobs.api import EngineOptions, Job, JobEvent, JobStage
from tui_export.jobs.cleanup import clean
from tui_export.jobs.downloads import DownloadQueue
from tui_export.jobs.exporter import Exporter
from tui_export.jobs.journal import JobJournal, folder_path, job_of_row
from tui_export.jobs.poller import Poller
from tui_export.jobs.task_events import TaskEvents

log = logging.getLogger("tui_export.jobs")


class ReadOnlyRefused(Exception):
    """An export, cancel or cleanup asked of an engine started read-only (`--read-only`)."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__(f"{action} refused: read-only")


Observer = Callable[[JobEvent], None]


class JobEngine(Exporter, TaskEvents, JobJournal):
    def __init__(self, session, store, *, account: str = "", read_only: bool = False,
                 state_dir: Path | str | None = None, options: EngineOptions | None = None) -> None:
        """`session`: a CloudSession; `store`: a TaskStore (the journal); `account`: the
        store's account label (never a secret). `state_dir` holds download checkpoints
        (default: the store's folder). Threads start lazily, on the first job."""
        self.session = session
        self.store = store
        self.account = account
        self.read_only = read_only
        self.options = options or EngineOptions()
        if not state_dir and store.path is None:   # a store in memory has no folder to borrow
            raise ValueError("an engine on a task store in memory needs a state_dir for its checkpoints")
        self.state_dir = Path(state_dir) if state_dir else Path(store.path).parent
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._jobs: dict[str, Job] = {}
        self._observers: list[Observer] = []
        self._export_queue: deque[str] = deque()
        self._export_wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._objects_hint: dict[str, tuple[str, ...]] = {}   # job id -> object names the task named
        self._poller = Poller(self)
        self._downloads = DownloadQueue(self)

    def subscribe(self, observer: Observer) -> None:
        """Call `observer(JobEvent)` on every change of any job, from engine threads."""
        with self._lock:
            if observer not in self._observers:
                self._observers.append(observer)

    def unsubscribe(self, observer: Observer) -> None:
        with self._lock:
            if observer in self._observers:
                self._observers.remove(observer)

    def start_export(self, requests: Sequence[ExportRequest], *, download_dir: str | Path | None = None,
                     cleanup: bool = False) -> list[Job]:
        """One job per request, journaled before anything is sent; ExportImage is called in
        order by the exporter thread (through CloudSession.export). A request whose job is
        already unfinished in the journal (same account, region, image, bucket, prefix,
        format) is attached to instead: never a second export. Raises ReadOnlyRefused."""
        if self.read_only:
            raise ReadOnlyRefused("export")
        folder = folder_path(download_dir)
        out: list[Job] = []
        for req in requests:
            existing = self._unfinished_for(req)
            if existing is not None:
                job = self._reuse(existing, folder, cleanup)
            else:
                job = Job(job_id="j-" + uuid.uuid4().hex[:12], region_id=req.region_id, image_id=req.image_id,
                          bucket=req.bucket, prefix=req.prefix, image_format=req.image_format or "raw",
                          account=self.account, download_dir=folder, cleanup=cleanup, created_at=time.time())
                self._put(job, journal="queued")
                self._resume(job)
            out.append(job)
        return [self._jobs[j.job_id] for j in out]

    def attach(self, region_id: str, task_ids: Iterable[str], *, download_dir: str | Path | None = None,
               cleanup: bool = False) -> list[Job]:
        """Follow existing export tasks (started here, by an earlier run, or in the console):
        one job per task id, reusing the journaled job of that task when there is one."""
        folder = folder_path(download_dir)
        out: list[Job] = []
        for task_id in dict.fromkeys(task_ids):
            job = self._job_of_task(task_id)
            if job is not None:
                job = self._reuse(job, folder, cleanup)
            else:
                rec = self.store.task(task_id)
                job = Job(job_id="j-" + uuid.uuid4().hex[:12], region_id=region_id, task_id=task_id,
                          image_id=rec.image_id if rec else "", bucket=rec.bucket if rec else "",
                          prefix=rec.prefix if rec else "", image_format=(rec.image_format if rec else "") or "raw",
                          account=self.account, stage=JobStage.EXPORTING, download_dir=folder, cleanup=cleanup,
                          created_at=time.time())
                self._put(job, journal=f"attached to {task_id}")
                self._resume(job)
            out.append(job)
        return [self._jobs[j.job_id] for j in out]

    def download(self, job_or_task_id: str, folder: str | Path, convert=None,
                 keys: Iterable[str] | None = None, located: ExportRequest | None = None) -> Job:
        """Download (or resume) the job's objects into `folder` (created if missing) and verify
        them; queued behind other downloads. The folder is journaled with the job. `convert`
        (jobs.convert_step.ConvertPlan) turns each archive into a disk while it downloads.
        `keys`: only these objects of the task (journaled too, so a relaunch resumes just them);
        None = every object. `located`: a Finished task whose files are where this request
        says, though the cloud doesn't (a task started elsewhere, its bucket and prefix typed
        by the user): see `_locate`."""
        wanted = tuple(dict.fromkeys(keys)) if keys else ()
        if located is not None:
            job = self._locate(job_or_task_id, located, folder_path(folder), wanted)
        else:
            job = self._find(job_or_task_id)
        if convert is not None:
            self.set_convert(job.job_id, convert)
        what = f"{len(wanted)} of the objects " if wanted else ""
        job = self._update(job.job_id, journal=f"download {what}to {folder}", download_dir=folder_path(folder),
                           download_keys=wanted,
                           error=None, **({"stage": JobStage.EXPORTED} if job.stage in (
                               JobStage.DONE, JobStage.FAILED, JobStage.CANCELLED)   # a stopped download resumes
                               and job.status == "Finished" else {}))
        if job.stage == JobStage.EXPORTED:
            self._downloads.put(job.job_id)
        return job

    def _locate(self, task_id: str, where: ExportRequest, folder: str, keys: tuple[str, ...]) -> Job:
        """The job of a Finished task whose files the caller located (`where`: image, bucket,
        prefix, format). The location is journaled as the job's own, so a relaunch lists and
        resumes from the same place (the cloud's attribute can't say it). No poll: the task is
        known finished, and one aged out of DescribeTasks still downloads. A job whose download
        runs keeps the place it is fetching from."""
        place = dict(image_id=where.image_id, bucket=where.bucket, prefix=where.prefix or "",
                     image_format=where.image_format or "raw", status="Finished", progress=100)
        said = f"located by the user: bucket {where.bucket}, prefix {where.prefix or ''!r}"
        job = self._job_of_task(task_id)
        if job is None:   # made with its folder, so a crash right after still downloads on relaunch
            job = Job(job_id="j-" + uuid.uuid4().hex[:12], region_id=where.region_id, task_id=task_id,
                      account=self.account, stage=JobStage.EXPORTED, download_dir=folder, download_keys=keys,
                      created_at=time.time(), **place)
            return self._put(job, journal=said)
        if job.stage in (JobStage.DOWNLOADING, JobStage.CLEANING):
            return job
        self._poller.unwatch(task_id)
        return self._update(job.job_id, stage=JobStage.EXPORTED, error=None, journal=said, **place)

    def set_convert(self, job_id: str, plan) -> None:
        """What each archive of this job's downloads becomes (a jobs.convert_step.ConvertPlan);
        journaled with the job so a download resumed after a relaunch converts too."""
        self._downloads.convert_plans[job_id] = plan
        self.store.save_job(job_id, convert_format=plan.format if plan else "",
                            keep_archive=int(bool(plan and plan.keep_archive)))

    def cleanup(self, job_or_task_id: str) -> Job:
        """Delete the exported objects of a job whose download is verified (or, for a
        cancelled export, abort the unfinished multipart uploads under its prefix).
        Raises ReadOnlyRefused."""
        if self.read_only:
            raise ReadOnlyRefused("cleanup")
        job = self._find(job_or_task_id)
        return clean(self, job)

    def cancel(self, job_or_task_id: str) -> Job:
        """Cancel the export task (CancelTask) or the queued/downloading job. Raises ReadOnlyRefused
        for a running export task."""
        job = self._find(job_or_task_id)
        if job.finished:
            return job
        if job.task_id and job.stage == JobStage.EXPORTING:
            if self.read_only:
                raise ReadOnlyRefused("cancel")
            self.session.cancel(job.region_id, job.task_id)
        with self._lock:
            if job.job_id in self._export_queue:
                self._export_queue.remove(job.job_id)
        self._downloads.cancel(job.job_id)
        self._poller.unwatch(job.task_id)
        exporting = job.stage == JobStage.EXPORTING
        job = self._update(job.job_id, stage=JobStage.CANCELLED, journal="cancelled")
        if exporting:   # the cut export's unfinished uploads go too (task_events.py)
            self._abort_leftovers(job)
        return job

    def resume_unfinished(self) -> list[Job]:
        """Every unfinished job of this account in the journal, picked up where it stopped:
        the task watched again, a download resumed from its checkpoint into the same folder."""
        out = []
        for row in self.store.job_rows(self.account):
            job = self._hydrate(job_of_row(row))
            if job.finished:
                continue
            with self._lock:
                if job.job_id in self._jobs:
                    out.append(self._jobs[job.job_id])
                    continue
                self._jobs[job.job_id] = job
            if row.get("convert_format"):
                from tui_export.jobs.convert_step import ConvertPlan
                self._downloads.convert_plans[job.job_id] = ConvertPlan(row["convert_format"],
                                                                         bool(row.get("keep_archive")))
            self._journal(job.job_id, f"resumed at {job.stage.value}")
            self._resume(job)
            out.append(job)
        return out

    @property
    def poll_delay(self) -> float:
        """Seconds between two poll rounds now (longer while the poller backs off)."""
        return self._poller.delay

    def jobs(self) -> list[Job]:
        """Snapshots of the jobs this engine knows, oldest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: (j.created_at, j.job_id))

    def job(self, job_or_task_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_or_task_id)
            if job is None:
                job = next((j for j in self._jobs.values() if j.task_id == job_or_task_id), None)
            return job

    def wait(self, job_ids: Iterable[str] | None = None, timeout: float | None = None) -> bool:
        """Block until the jobs (all known when None) are final; False on timeout."""
        ids = None if job_ids is None else list(job_ids)
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while True:
                jobs = [self._jobs[i] for i in ids if i in self._jobs] if ids is not None else list(self._jobs.values())
                if all(j.finished for j in jobs):
                    return True
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._changed.wait(0.5 if left is None else min(left, 0.5))

    def shutdown(self, wait: bool = True) -> None:
        """Stop the threads; running downloads stop at their checkpoint, journaled as paused,
        so resume_unfinished() on a new engine carries on. Export tasks go on in the cloud."""
        self._stopping.set()
        self._export_wake.set()
        self._poller.stop()
        self._downloads.stop()
        if wait:
            for t in list(self._threads):
                t.join(timeout=15)

    def _find(self, job_or_task_id: str) -> Job:
        job = self.job(job_or_task_id)
        if job is None:
            raise KeyError(job_or_task_id)
        return job

    def _job_of_task(self, task_id: str) -> Job | None:
        job = self.job(task_id)
        if job is not None:
            return job
        for row in self.store.job_rows(self.account):
            if row["task_id"] == task_id:
                job = self._hydrate(job_of_row(row))
                with self._lock:
                    self._jobs.setdefault(job.job_id, job)
                return self._jobs[job.job_id]
        return None

    def _unfinished_for(self, req: ExportRequest) -> Job | None:
        fmt = req.image_format or "raw"
        same = lambda j: (j.region_id, j.image_id, j.bucket, j.prefix, j.image_format) == (  # noqa: E731
            req.region_id, req.image_id, req.bucket, req.prefix, fmt)
        with self._lock:
            for job in self._jobs.values():
                if same(job) and not job.finished:
                    return job
        for row in self.store.job_rows(self.account):
            job = self._hydrate(job_of_row(row))
            if same(job) and not job.finished:
                with self._lock:
                    self._jobs.setdefault(job.job_id, job)
                return self._jobs[job.job_id]
        return None

    def _reuse(self, job: Job, folder: str, cleanup: bool) -> Job:
        """An unfinished job asked for again: keep it, add the download/cleanup now asked for."""
        changes = {}
        if folder and not job.download_dir:
            changes["download_dir"] = folder
        if cleanup and not job.cleanup:
            changes["cleanup"] = True
        job = self._update(job.job_id, journal="attached again", **changes)
        self._resume(job)
        return job

    def _resume(self, job: Job) -> None:
        """Hand a job to the thread that carries its current stage on."""
        self._start_threads()
        stage = job.stage
        if stage in (JobStage.QUEUED, JobStage.WAITING_SLOT) and not job.task_id:
            with self._lock:
                if job.job_id not in self._export_queue:
                    self._export_queue.append(job.job_id)
            self._export_wake.set()
        elif stage in (JobStage.QUEUED, JobStage.WAITING_SLOT, JobStage.EXPORTING):
            self._poller.watch(job.region_id, job.task_id)
        elif stage == JobStage.EXPORTED:
            self._after_export(job)
        elif stage == JobStage.DOWNLOADING:
            self._downloads.put(job.job_id)
        elif stage == JobStage.CLEANING:
            threading.Thread(target=self._clean_quietly, args=(job.job_id,), daemon=True).start()

    def _start_threads(self) -> None:
        with self._lock:
            if self._threads or self._stopping.is_set():
                return
            self._threads.append(threading.Thread(target=self._export_loop, name="jobs-export", daemon=True))
            self._threads.append(self._poller.thread())
            self._threads.extend(self._downloads.threads())
            for t in self._threads:
                t.start()

    def task_of(self, job: Job) -> Task:
        """The cloud task of a job as the download step needs it (bucket, objects known so far)."""
        return Task(task_id=job.task_id, region_id=job.region_id, status=job.status, resource_id=job.image_id,
                    oss_bucket=job.bucket, oss_objects=self._objects_hint.get(job.job_id, ()),
                    image_format=job.image_format)

    def request_of(self, job: Job) -> ExportRequest:
        return ExportRequest(region_id=job.region_id, image_id=job.image_id, bucket=job.bucket, prefix=job.prefix,
                             image_format=job.image_format or "raw")
