"""What the engine does with the poller's and the downloaders' news: a task's progress and
end (the attribute names its objects, bucket and error), the download step after an export,
the cleanup after a verified download."""

from __future__ import annotations

import logging
from typing import Iterable

from tui_export.core.models import Task
from tui_export.jobs.api import Job, JobError, JobStage, error_of
from tui_export.jobs.cleanup import clean

log = logging.getLogger("tui_export.jobs")


class TaskEvents:
    """Mixed into JobEngine; called from the poller's and the downloaders' threads."""

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
            job = self._update(job.job_id, stage=JobStage.CANCELLED, journal="task cancelled", **fill)
            self._abort_leftovers(job)   # in the poller's thread: shutdown() waits for it
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
        try:
            clean(self, self._jobs[job_id])
        except Exception as err:   # noqa: BLE001 - the job says why
            self._update(job_id, stage=JobStage.FAILED, error=error_of(err), journal="cleanup failed")

    def _abort_leftovers(self, job: Job) -> None:
        """A cancelled export of ours: abort its unfinished multipart uploads under its name
        prefix (issue #9 §2), whoever cancelled it (the tasks screen sends CancelTask itself).
        Only for an export recorded on this machine: its prefix is known, while a console task's
        guessed empty prefix could name another export's uploads. Never read-only. A failure is
        journaled; `cleanup` on the task tries again (jobs/cleanup.py)."""
        if self.read_only or not job.task_id or not job.bucket or self.store.task(job.task_id) is None:
            return
        from tui_export.cloud.oss_cleanup import abort_uploads
        try:
            n = abort_uploads(self.session, job.bucket, job.region_id, job.image_id, job.prefix)
        except Exception as err:   # noqa: BLE001 - the cancel stands; the leftovers wait for `cleanup`
            log.info("aborting the uploads of cancelled task %s failed: %s", job.task_id,
                     getattr(err, "code", "") or type(err).__name__)
            self._journal(job.job_id, f"aborting unfinished uploads failed: {error_of(err).code}")
            return
        self._journal(job.job_id, f"aborted {n} unfinished uploads")

    def _remember_task(self, job: Job, task: Task) -> None:
        try:
            if self.store.task(task.task_id) is not None:
                self.store.update_status(task.task_id, task.status, task.progress, task.oss_objects or None)
        except Exception:   # the tasks table is the app's list; the job row is what matters here
            log.exception("updating task %s", task.task_id)
