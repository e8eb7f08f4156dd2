"""The engine's exporter thread: ExportImage for queued jobs, in order (through
CloudSession.export, which reconciles ambiguous retries). ConcurrentQuotaExceed -> the job waits
for a slot and is sent again. After a relaunch, a job whose ExportImage went out unanswered gets
the task that send started, running or finished (CloudSession.export with the tasks noted before
it); any other refusal ends that job with the reason."""

from __future__ import annotations

import json
import logging

from tui_export.core.models import ExportRequest
from tui_export.jobs.api import Job, JobStage, error_of

log = logging.getLogger("tui_export.jobs")

CONCURRENT_QUOTA = "ConcurrentQuotaExceed.ExportImage"


class Exporter:
    """Mixed into JobEngine: the `jobs-export` thread's loop."""

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
        # An earlier run sent this job's ExportImage and never journaled the answer (killed,
        # or the link dropped for good): the export it started is looked for first, running
        # or finished, among the tasks that were not there before that send.
        before = self._tasks_before(job) if self._sent_before(job) else None
        try:
            task_id = self.session.export(req, before=before, noted=lambda ids: self._note_sent(job.job_id, ids))
        except CloudError as err:
            if err.code == CONCURRENT_QUOTA:
                if job.stage != JobStage.WAITING_SLOT:
                    self._update(job.job_id, stage=JobStage.WAITING_SLOT, error=error_of(err),
                                 journal="waiting for an export slot")
                return "slot"
            if err.code == "ImageIsExporting":
                adopted = self._adopt_running(req, job, before)
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

    def _note_sent(self, job_id: str, before: set[str]) -> None:
        """Right before the first attempt: the image's tasks then, and the step, in one write."""
        self.store.save_job(job_id, tasks_before=json.dumps(sorted(before)), journal="ExportImage sent")

    def _sent_before(self, job: Job) -> bool:
        return any(detail == "ExportImage sent" for _, _, detail in self.store.job_journal(job.job_id))

    def _tasks_before(self, job: Job) -> set[str] | None:
        """What _note_sent kept; None for a job journaled before it kept anything."""
        row = self.store.job_row(job.job_id) or {}
        try:
            noted = json.loads(row.get("tasks_before") or "null")
        except ValueError:
            return None
        return {str(t) for t in noted} if isinstance(noted, list) else None

    def _adopt_running(self, req: ExportRequest, job: Job, before: set[str] | None) -> str | None:
        """After a relaunch, a job journaled as sent without its answer: the image's running
        export that is not ruled out as another request's (ImageIsExporting proves one runs) and,
        where the tasks before the send were noted, was not one of them."""
        if not any(detail == "ExportImage sent" for _, _, detail in self.store.job_journal(job.job_id)[:-1]):
            return None
        from tui_export.cloud.export_match import ruled_out
        try:
            for t in self.session.ecs.tasks(req.region_id, resource_ids=(req.image_id,)):
                if t.running and self._job_of_task(t.task_id) is None and t.task_id not in (before or ()):
                    if not ruled_out(t, self.session.task(req.region_id, t.task_id), req):
                        return t.task_id
        except Exception as err:   # noqa: BLE001 - then the refusal stands
            log.info("looking for %s's running export failed: %s", req.image_id, getattr(err, "code", "") or type(err).__name__)
            return None
        return None

    def _record_task(self, job: Job, req: ExportRequest, task_id: str) -> None:
        from tui_export.cloud.task_store import TaskRecordConflict
        try:
            self.store.record_export(task_id, account=self.account, region_id=req.region_id, image_id=req.image_id,
                                     bucket=req.bucket, prefix=req.prefix, image_format=req.image_format)
        except TaskRecordConflict:
            log.warning("task %s already recorded for another request; kept", task_id)
