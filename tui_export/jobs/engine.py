"""JobEngine: the one owner of exports, task polling, downloads and cleanup (issue #9 §1).

Threads (started on first use, daemons, stopped by `shutdown`):
- the exporter: sends ExportImage for queued jobs in order (through CloudSession.export,
  which reconciles ambiguous retries). ConcurrentQuotaExceed -> the job waits for a slot
  (a watched task ending, or `quota_retry_seconds`) and is sent again; WeeklyQuotaExceed
  and any other refusal end that job with the reason;
- the poller (poller.py): one DescribeTasks per region per round for every watched task;
- `downloads_at_once` downloaders (downloads.py), sharing one connection budget.

Every change is journaled (task store `jobs`, `job_journal`, `downloads`) before observers hear
of it. Types and the threading contract: jobs/api.py.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from tui_export.core.models import ExportRequest, Task
from tui_export.jobs.api import EngineOptions, Job, JobError, JobEvent, JobStage

log = logging.getLogger("tui_export.jobs")

CONCURRENT_QUOTA = "ConcurrentQuotaExceed.ExportImage"


class ReadOnlyRefused(Exception):
    """An export, cancel or cleanup asked of an engine started read-only (`--read-only`)."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__(f"{action} refused: read-only")


Observer = Callable[[JobEvent], None]


def error_of(exc: BaseException) -> JobError:
    """A JobError from a CloudError (or anything else, scrubbed to its type)."""
    code = getattr(exc, "code", "") or type(exc).__name__
    return JobError(code=code, message=getattr(exc, "message", "") or "", request_id=getattr(exc, "request_id", "") or "",
                    operation=getattr(exc, "operation", "") or "", local=bool(getattr(exc, "local", False)))


class JobEngine:
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
        from tui_export.jobs.downloads import DownloadQueue
        from tui_export.jobs.poller import Poller
        self._poller = Poller(self)
        self._downloads = DownloadQueue(self)

    # --- observers -------------------------------------------------------------------------
    def subscribe(self, observer: Observer) -> None:
        """Call `observer(JobEvent)` on every change of any job, from engine threads."""
        with self._lock:
            if observer not in self._observers:
                self._observers.append(observer)

    def unsubscribe(self, observer: Observer) -> None:
        with self._lock:
            if observer in self._observers:
                self._observers.remove(observer)

    # --- starting and following ------------------------------------------------------------
    def start_export(self, requests: Sequence[ExportRequest], *, download_dir: str | Path | None = None,
                     cleanup: bool = False) -> list[Job]:
        """One job per request, journaled before anything is sent; ExportImage is called in
        order by the exporter thread (through CloudSession.export). A request whose job is
        already unfinished in the journal (same account, region, image, bucket, prefix,
        format) is attached to instead: never a second export. Raises ReadOnlyRefused."""
        if self.read_only:
            raise ReadOnlyRefused("export")
        folder = _folder(download_dir)
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
        folder = _folder(download_dir)
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
                 keys: Iterable[str] | None = None) -> Job:
        """Download (or resume) the job's objects into `folder` (created if missing) and verify
        them; queued behind other downloads. The folder is journaled with the job. `convert`
        (jobs.convert_step.ConvertPlan) turns each archive into a disk while it downloads.
        `keys`: only these objects of the task (journaled too, so a relaunch resumes just them);
        None = every object."""
        job = self._find(job_or_task_id)
        if convert is not None:
            self.set_convert(job.job_id, convert)
        wanted = tuple(dict.fromkeys(keys)) if keys else ()
        what = f"{len(wanted)} of the objects " if wanted else ""
        job = self._update(job.job_id, journal=f"download {what}to {folder}", download_dir=_folder(folder),
                           download_keys=wanted,
                           error=None, **({"stage": JobStage.EXPORTED} if job.stage in (
                               JobStage.DONE, JobStage.FAILED) and job.status == "Finished" else {}))
        if job.stage == JobStage.EXPORTED:
            self._downloads.put(job.job_id)
        return job

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
        from tui_export.jobs.cleanup import clean
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
        return self._update(job.job_id, stage=JobStage.CANCELLED, journal="cancelled")

    def resume_unfinished(self) -> list[Job]:
        """Every unfinished job of this account in the journal, picked up where it stopped:
        the task watched again, a download resumed from its checkpoint into the same folder."""
        out = []
        for row in self.store.job_rows(self.account):
            job = self._hydrate(_job_of_row(row))
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

    # --- reading ---------------------------------------------------------------------------
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

    # --- internals: the journal and events -------------------------------------------------------
    def _put(self, job: Job, *, journal: str | None = None, kind: str = "stage", previous=None) -> Job:
        """Journal `job` (its row; a journal line when `journal`), then tell observers."""
        with self._changed:
            job = self._commit(job, journal, kind)
        return self._notify(job, kind, previous)

    def _commit(self, job: Job, journal: str | None, kind: str) -> Job:
        """Under the lock: the row first, then the snapshot (a stage change is never seen before it is journaled)."""
        job = replace(job, updated_at=time.time())
        if kind == "stage":
            self.store.save_job(
                job.job_id, journal=journal, account=job.account, region_id=job.region_id, image_id=job.image_id,
                bucket=job.bucket, prefix=job.prefix, image_format=job.image_format, task_id=job.task_id,
                stage=job.stage.value, status=job.status, progress=job.progress, download_dir=job.download_dir,
                cleanup=int(job.cleanup), error=_error_json(job.error),
                download_keys=json.dumps(list(job.download_keys)) if job.download_keys else "")
        self._jobs[job.job_id] = job
        self._changed.notify_all()
        return job

    def _notify(self, job: Job, kind: str, previous) -> Job:
        with self._lock:
            observers = list(self._observers)
            # observers run outside the lock, so two threads' events may cross: always hand out the
            # newest snapshot, never an older one after a newer
            job = self._jobs.get(job.job_id, job)
        event = JobEvent(job, kind, previous)
        for fn in observers:
            try:
                fn(event)
            except Exception:   # an observer's bug must not stop the engine
                log.exception("job observer failed")
        return job

    def _update(self, job_id: str, *, journal: str | None = None, kind: str = "stage", **changes) -> Job:
        """Change a job atomically (two threads never lose each other's change), then tell observers."""
        with self._changed:
            old = self._jobs[job_id]
            job = self._commit(replace(old, **changes), journal, kind)
        return self._notify(job, kind, old.stage)

    def _journal(self, job_id: str, detail: str) -> None:
        self.store.save_job(job_id, journal=detail)

    def _hydrate(self, job: Job) -> Job:
        """A journaled job's objects, from the downloads table (a verified copy is state "done")."""
        if not job.task_id:
            return job
        from tui_export.jobs.api import JobObject
        objs = tuple(JobObject(key=r.key, size=r.size, path=r.dest if r.state == "done" else None,
                               verified=r.state == "done", bytes_done=r.bytes_done)
                     for r in self.store.downloads(job.task_id)
                     if (not job.download_dir or str(Path(r.dest).parent) == job.download_dir)
                     and (not job.download_keys or r.key in job.download_keys))
        return replace(job, objects=objs, bytes_done=sum(o.bytes_done for o in objs),
                       bytes_total=sum(o.size for o in objs))

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
                job = self._hydrate(_job_of_row(row))
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
            job = self._hydrate(_job_of_row(row))
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

    # --- called by the poller and the downloaders ------------------------------------------------
    def _task_seen(self, task: Task) -> None:
        """The poller's news about one watched task."""
        job = self.job(task.task_id)
        if job is None or job.finished:
            self._poller.unwatch(task.task_id)
            return
        if not task.finished:
            progress = task.progress if task.progress is not None else job.progress   # a listing without progress
            if (task.status, progress) != (job.status, job.progress) or job.poll_trouble:
                stage = JobStage.EXPORTING if job.stage in (JobStage.QUEUED, JobStage.WAITING_SLOT) else job.stage
                changed_stage = stage != job.stage
                fill = dict(bucket=job.bucket or task.oss_bucket or "",   # a console task: its attribute names them
                            image_id=job.image_id or task.resource_id or "")
                self._update(job.job_id, status=task.status, progress=progress, stage=stage, poll_trouble=False,
                             **fill, kind="stage" if changed_stage or task.status != job.status else "progress",
                             journal=f"task {task.status}" if task.status != job.status else None)
            return
        self._poller.unwatch(task.task_id)
        self._export_wake.set()   # a slot may have freed for a job waiting on the concurrent quota
        detail = task
        try:   # the attribute names the objects, the bucket and the error of a failed task
            detail = self.session.task(job.region_id, task.task_id)
        except Exception as err:   # noqa: BLE001 - the listing's status is enough to go on
            log.info("DescribeTaskAttribute %s failed: %s", task.task_id, getattr(err, "code", err))
        progress = task.progress if task.progress is not None else 100 if task.status == "Finished" else job.progress
        fill = dict(status=task.status, progress=progress,
                    image_id=job.image_id or detail.resource_id or task.resource_id,
                    bucket=job.bucket or detail.oss_bucket, image_format=job.image_format or detail.image_format,
                    poll_trouble=False)
        self._remember_task(job, task)
        if task.status == "Finished":
            job = self._update(job.job_id, stage=JobStage.EXPORTED, journal="task Finished", **fill)
            self._objects_hint[job.job_id] = tuple(detail.oss_objects)
            self._after_export(job)
        elif task.status == "Deleted":
            self._update(job.job_id, stage=JobStage.CANCELLED, journal="task cancelled", **fill)
        else:
            err = JobError(detail.error_code or "ExportImageFailed", detail.error_msg or task.status,
                           operation="ExportImage")
            self._update(job.job_id, stage=JobStage.FAILED, error=err, journal=f"task {task.status}", **fill)

    def _task_gone(self, task_id: str, err: BaseException) -> None:
        job = self.job(task_id)
        self._poller.unwatch(task_id)
        if job is not None and not job.finished:
            self._update(job.job_id, stage=JobStage.FAILED, error=error_of(err), journal="task not found")

    def _poll_trouble(self, task_ids: Iterable[str], trouble: bool) -> None:
        for task_id in task_ids:
            job = self.job(task_id)
            if job is not None and job.poll_trouble != trouble and not job.finished:
                self._update(job.job_id, poll_trouble=trouble, kind="progress")

    def _after_export(self, job: Job) -> None:
        if job.download_dir:
            self._downloads.put(job.job_id)
        else:
            self._update(job.job_id, stage=JobStage.DONE, journal="exported (no download asked)")

    def _after_download(self, job: Job) -> None:
        if job.cleanup and not self.read_only:
            job = self._update(job.job_id, stage=JobStage.CLEANING, journal="cleaning up")
            self._clean_quietly(job.job_id)
        else:
            self._update(job.job_id, stage=JobStage.DONE, journal="downloaded and verified")

    def _clean_quietly(self, job_id: str) -> None:
        from tui_export.jobs.cleanup import clean
        try:
            clean(self, self._jobs[job_id])
        except Exception as err:   # noqa: BLE001 - the job says why
            self._update(job_id, stage=JobStage.FAILED, error=error_of(err), journal="cleanup failed")

    def _remember_task(self, job: Job, task: Task) -> None:
        try:
            if self.store.task(task.task_id) is not None:
                self.store.update_status(task.task_id, task.status, task.progress, task.oss_objects or None)
        except Exception:   # the tasks table is the app's list; the job row is what matters here
            log.exception("updating task %s", task.task_id)

    def task_of(self, job: Job) -> Task:
        """The cloud task of a job as the download step needs it (bucket, objects known so far)."""
        return Task(task_id=job.task_id, region_id=job.region_id, status=job.status, resource_id=job.image_id,
                    oss_bucket=job.bucket, oss_objects=self._objects_hint.get(job.job_id, ()),
                    image_format=job.image_format)

    def request_of(self, job: Job) -> ExportRequest:
        return ExportRequest(region_id=job.region_id, image_id=job.image_id, bucket=job.bucket, prefix=job.prefix,
                             image_format=job.image_format or "raw")

    # --- the exporter ---------------------------------------------------------------------------
    def _export_loop(self) -> None:
        slot_wait = self.options.quota_retry_seconds
        while not self._stopping.is_set():
            with self._lock:
                job_id = self._export_queue[0] if self._export_queue else None
            if job_id is None:
                self._export_wake.wait(1.0)
                self._export_wake.clear()
                continue
            job = self._jobs.get(job_id)
            if job is None or job.finished or job.task_id:
                self._pop(job_id)
                continue
            outcome = self._send(job)
            if outcome == "slot":
                # in order: the jobs behind would meet the same quota. Wait for a task of ours
                # to end (the poller wakes us) or a while (a task from elsewhere may end).
                self._export_wake.clear()
                self._export_wake.wait(slot_wait)
                continue
            self._pop(job_id)

    def _pop(self, job_id: str) -> None:
        with self._lock:
            if self._export_queue and self._export_queue[0] == job_id:
                self._export_queue.popleft()
            elif job_id in self._export_queue:
                self._export_queue.remove(job_id)

    def _send(self, job: Job) -> str:
        from tui_export.cloud.errors import CloudError

        req = self.request_of(job)
        self._journal(job.job_id, "ExportImage sent")
        try:
            task_id = self.session.export(req)
        except CloudError as err:
            if err.code == CONCURRENT_QUOTA:
                if job.stage != JobStage.WAITING_SLOT:
                    self._update(job.job_id, stage=JobStage.WAITING_SLOT, error=error_of(err),
                                 journal="waiting for an export slot")
                return "slot"
            if err.code == "ImageIsExporting":
                adopted = self._adopt_running(req, job)
                if adopted:
                    task_id = adopted
                else:
                    self._update(job.job_id, stage=JobStage.FAILED, error=error_of(err), journal=f"refused: {err.code}")
                    return "failed"
            else:
                self._update(job.job_id, stage=JobStage.FAILED, error=error_of(err), journal=f"refused: {err.code}")
                return "failed"
        except Exception as err:   # noqa: BLE001 - anything else still ends as the job's error
            self._update(job.job_id, stage=JobStage.FAILED, error=error_of(err), journal="ExportImage failed")
            return "failed"
        self._record_task(job, req, task_id)
        job = self._update(job.job_id, task_id=task_id, stage=JobStage.EXPORTING, status="Waiting", error=None,
                           journal=f"task {task_id}")
        self._poller.watch(job.region_id, task_id)
        return "sent"

    def _adopt_running(self, req: ExportRequest, job: Job) -> str | None:
        """After a relaunch, a job journaled as sent without its answer: the image's running
        export that is not ruled out as another request's (ImageIsExporting proves one runs)."""
        if not any(detail == "ExportImage sent" for _, _, detail in self.store.job_journal(job.job_id)[:-1]):
            return None
        from tui_export.cloud.export_match import ruled_out
        try:
            for t in self.session.ecs.tasks(req.region_id, resource_ids=(req.image_id,)):
                if t.running and self._job_of_task(t.task_id) is None:
                    if not ruled_out(t, self.session.task(req.region_id, t.task_id), req):
                        return t.task_id
        except Exception:   # noqa: BLE001 - then the refusal stands
            return None
        return None

    def _record_task(self, job: Job, req: ExportRequest, task_id: str) -> None:
        from tui_export.cloud.task_store import TaskRecordConflict
        try:
            self.store.record_export(task_id, account=self.account, region_id=req.region_id, image_id=req.image_id,
                                     bucket=req.bucket, prefix=req.prefix, image_format=req.image_format)
        except TaskRecordConflict:
            log.warning("task %s already recorded for another request; kept", task_id)


def _folder(folder: str | Path | None) -> str:
    import os
    return os.path.abspath(os.path.expanduser(str(folder))) if folder else ""


def _error_json(error: JobError | None) -> str:
    import json
    if error is None:
        return ""
    return json.dumps({"code": error.code, "message": error.message, "request_id": error.request_id,
                       "operation": error.operation, "local": error.local})


def _job_of_row(row: dict) -> Job:
    import json
    error = None
    if row.get("error"):
        try:
            e = json.loads(row["error"])
            error = JobError(e.get("code", ""), e.get("message", ""), e.get("request_id", ""), e.get("operation", ""),
                             bool(e.get("local")))
        except ValueError:
            error = JobError("Unknown")
    try:
        stage = JobStage(row["stage"])
    except ValueError:
        stage = JobStage.QUEUED
    try:
        keys = tuple(json.loads(row.get("download_keys") or "[]"))
    except ValueError:
        keys = ()
    return Job(job_id=row["job_id"], region_id=row["region_id"], image_id=row["image_id"], bucket=row["bucket"],
               prefix=row["prefix"], image_format=row["image_format"] or "raw", account=row["account"],
               task_id=row["task_id"], stage=stage, status=row["status"], progress=row["progress"],
               download_dir=row["download_dir"], cleanup=bool(row["cleanup"]), error=error,
               download_keys=keys, created_at=row["created_at"], updated_at=row["updated_at"])
