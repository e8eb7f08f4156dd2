"""The engine's journal: every change of a job written to the task store (`jobs`,
`job_journal`) before observers hear of it, and a job read back from its row."""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import replace
from pathlib import Path

from tui_export.jobs.api import Job, JobError, JobEvent, JobObject, JobStage

log = logging.getLogger("tui_export.jobs")


class JobJournal:
    """Mixed into JobEngine (its store, lock, jobs and observers)."""

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
                cleanup=int(job.cleanup), error=error_json(job.error),
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
        objs = tuple(JobObject(key=r.key, size=r.size, path=r.dest if r.state == "done" else None,
                               verified=r.state == "done", bytes_done=r.bytes_done)
                     for r in self.store.downloads(job.task_id)
                     if (not job.download_dir or str(Path(r.dest).parent) == job.download_dir)
                     and (not job.download_keys or r.key in job.download_keys))
        return replace(job, objects=objs, bytes_done=sum(o.bytes_done for o in objs),
                       bytes_total=sum(o.size for o in objs))


def folder_path(folder: str | Path | None) -> str:
    return os.path.abspath(os.path.expanduser(str(folder))) if folder else ""


def error_json(error: JobError | None) -> str:
    if error is None:
        return ""
    return json.dumps({"code": error.code, "message": error.message, "request_id": error.request_id,
                       "operation": error.operation, "local": error.local})


def job_of_row(row: dict) -> Job:
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
