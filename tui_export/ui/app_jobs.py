"""The app's side of the job engine (tui_export/jobs): one engine per session and task store.

- the engine's observer runs on engine threads and only posts a JobChanged message;
- on the UI thread a job's news becomes the app's view of its task (`app.tasks`, the
  tasks screen's `task_changed`) and goes to every screen's `job_changed(job)` hook
  (the Jobs view, the result screen), so screens never import the App or the engine;
- exports (one image or a batch), watching a task and downloads go through the engine,
  so they keep running whatever screen is shown, and a relaunch picks them up
  (`resume_jobs`, after asking when a download's folder is gone);
- when a job ends: the bell and a desktop notification (ui/job_signals.py).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import replace

from tui_export.core.i18n import t, task_status
from tui_export.core.models import ExportRequest, Task
from tui_export.ui import job_signals
from tui_export.ui.messages import JobChanged

log = logging.getLogger(__name__)

DOWNLOAD_STAGES = ("exported", "downloading")


def job_task(job) -> Task:
    """A job's cloud task as the task list shows it."""
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(job.created_at)) if job.created_at else ""
    status = job.status or "Waiting"
    return Task(task_id=job.task_id, region_id=job.region_id, status=status, progress=job.progress,
                creation_time=created, support_cancel=status in ("Waiting", "Processing"),
                resource_id=job.image_id, oss_bucket=job.bucket, image_format=job.image_format)


class AppJobs:
    """Mixin for TuiExportApp (needs session, task_store, account_label, read_only, state_dir)."""

    engine = None
    _job_starts: set
    _jobs_asked_folder = False

    # --- the engine's life -------------------------------------------------------------

    def start_engine(self) -> None:
        """After a session and a task store exist: a fresh engine (the old account's stops)."""
        self.stop_engine()
        self._job_starts = set()
        if self.task_store is None or self.session is None:
            return
        from tui_export.jobs import EngineOptions, JobEngine

        options = EngineOptions(poll_seconds=self.poll_seconds)
        # (a store in memory: its checkpoints go to a temporary folder, app_tasks.py)
        engine = JobEngine(self.session, self.task_store, account=self.account_label, read_only=self.read_only,
                           state_dir=self.checkpoint_dir or self.state_dir or tempfile.gettempdir(), options=options)
        engine.subscribe(self._job_event)
        self.engine = engine
        self.resume_jobs()

    def stop_engine(self) -> None:
        engine, self.engine = self.engine, None
        if engine is not None:
            engine.unsubscribe(self._job_event)
            engine.shutdown(wait=False)

    def _job_event(self, event) -> None:
        """Engine thread: hand over to the UI thread, never touch widgets here."""
        self.post_message(JobChanged(event.job, event.kind, event.previous_stage))

    # --- relaunch ----------------------------------------------------------------------

    def resume_jobs(self) -> None:
        """Unfinished jobs carry on; if a download's folder is gone, ask before making it again."""
        try:
            rows = self.task_store.job_rows(self.account_label)
        except Exception:
            log.exception("reading the jobs")
            return
        for r in rows:   # where each journaled task's files are (a place the user typed too): never asked again
            if r.get("task_id") and r.get("bucket") and r.get("image_id"):
                self.requests.setdefault(r["task_id"], ExportRequest(
                    region_id=r["region_id"], image_id=r["image_id"], bucket=r["bucket"], prefix=r["prefix"] or "",
                    image_format=r["image_format"] or "raw"))
        gone = sorted({r["download_dir"] for r in rows
                       if r.get("stage") in DOWNLOAD_STAGES and r.get("download_dir")
                       and not os.path.isdir(r["download_dir"])})
        if not gone:
            self._resume_now()
            return
        from tui_export.ui.screens.confirm import ConfirmDialog

        self.push_screen(ConfirmDialog(t("jobs.folder_gone_title", self.lang),
                                       t("jobs.folder_gone_body", self.lang, folders="\n".join(gone)),
                                       t("jobs.folder_gone_create", self.lang),
                                       cancel_label=t("jobs.folder_gone_later", self.lang), lang=self.lang),
                         lambda yes: self._folders_answered(gone, yes))

    def _folders_answered(self, folders: list[str], yes: bool | None) -> None:
        if not yes:   # they stay journaled: the next launch asks again
            self.notify(t("jobs.left_for_later", self.lang), markup=False, timeout=8)
            return
        for folder in folders:
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError as exc:
                self.show_error(exc)
                return
        self._resume_now()

    def _resume_now(self) -> None:
        engine = self.engine
        if engine is not None:
            self.run_worker(engine.resume_unfinished, thread=True, exit_on_error=False, group="jobs")

    # --- asking the engine -------------------------------------------------------------

    def engine_call(self, fn, *args, **kwargs) -> None:
        """Run an engine call off the UI thread (journal writes, maybe a cloud call)."""
        self.run_worker(lambda: fn(*args, **kwargs), thread=True, exit_on_error=False, group="jobs")

    def export_through_engine(self, requests: list[ExportRequest]) -> None:
        def start() -> None:
            for job in self.engine.start_export(requests):
                self._job_starts.add(job.job_id)
        self.run_worker(start, thread=True, exit_on_error=False, group="jobs")

    def download_through_engine(self, task: Task, folder: str, convert: str = "archive",
                                keys: list[str] | None = None, located: ExportRequest | None = None) -> None:
        """Download every object of `task`'s export (or only `keys`) into `folder` (the engine's
        queue); `convert`: the format each archive becomes while it downloads (issue #11);
        `located`: where the files are when the cloud can't say (the user typed it), journaled
        with the job so a relaunch resumes from there."""
        from tui_export.jobs.convert_step import ConvertPlan

        engine = self.engine
        # always a plan, "archive" too: the format chosen now replaces the job's last one
        plan = ConvertPlan(convert)
        folder = str(folder)

        def go() -> None:
            # (a task the user placed is Finished: the engine makes its job there, nothing to poll)
            if located is None and engine.job(task.task_id) is None:
                # a task this engine doesn't hold: its journaled job (maybe done, without a
                # download), or a new one that downloads once the task is seen Finished
                # (only some keys: attached without a folder, so it never starts on every object)
                job = engine.attach(task.region_id, [task.task_id], download_dir=None if keys else folder)[0]
                engine.set_convert(job.job_id, plan)
                if not keys and not job.finished and job.download_dir == str(folder):
                    return
            engine.download(task.task_id, folder, convert=plan, keys=keys, located=located)
        self.run_worker(go, thread=True, exit_on_error=False, group="jobs")

    def engine_downloading(self) -> bool:
        engine = self.engine
        return engine is not None and any(j.stage.value == "downloading" for j in engine.jobs())

    def job_folder(self, task_id: str) -> str | None:
        """The folder this task's files went to last time (remembered per task)."""
        job = self.engine.job(task_id) if self.engine is not None else None
        if job is not None and job.download_dir:
            return job.download_dir
        try:
            rows = self.task_store.job_rows(self.account_label) if self.task_store is not None else []
        except Exception:   # noqa: BLE001 - only a default folder: the prompt offers another
            log.exception("reading the jobs for %s's folder", task_id)
            return None
        return next((r["download_dir"] for r in reversed(rows) if r.get("task_id") == task_id
                     and r.get("download_dir")), None)

    def action_jobs(self) -> None:
        from tui_export.ui.screens.jobs import JobsScreen

        if not isinstance(self.screen, JobsScreen):
            self.push_screen(JobsScreen())

    # --- news from the engine ----------------------------------------------------------

    def on_job_changed(self, message: JobChanged) -> None:
        from tui_export.ui.task_rows import merge_task as _merge_task

        job = message.job
        if job.task_id:
            new = job_task(job)
            before = self.tasks.get(job.task_id)
            if job.error is not None and job.status == "Failed":
                new = replace(new, error_code=job.error.code, error_msg=job.error.message)
            if before is not None and before.creation_time:
                new = replace(new, creation_time=before.creation_time)   # the task's start, not when its job began
            task = _merge_task(before, new) if before is not None else new
            if before is not None and before.finished:
                task = before   # its end was already seen (the task detail, a cancel): keep it
            if before is not None and before.oss_objects and not task.oss_objects:
                task = replace(task, oss_objects=before.oss_objects)
            if before is not None and task.progress is None and not task.finished:
                task = replace(task, progress=before.progress)   # no percent asked yet: keep the last one
            self.tasks[job.task_id] = task
            if task.finished:
                if before is not None and not before.finished:   # the engine saw the task end first
                    key = "task.done.finished" if task.status == "Finished" else "task.done.other"
                    status = task_status(task.status, self.lang)   # the tasks table's word (Deleted reads Cancelled)
                    self.notify(t(key, self.lang, task=task.task_id, status=status), markup=False,
                                severity="information" if task.status == "Finished" else "warning", timeout=8)
            if job.bucket and job.image_id:
                self.requests.setdefault(job.task_id, ExportRequest(
                    region_id=job.region_id, image_id=job.image_id, bucket=job.bucket, prefix=job.prefix,
                    image_format=job.image_format or "raw"))
            job_signals.record_progress(self, task)
            if job.job_id in self._job_starts and before is None:   # ExportImage answered
                self._job_starts.discard(job.job_id)
                self.notify(t("export.started", self.lang, task=job.task_id), markup=False, timeout=6)
                self.show_tasks(focus=job.task_id)
            for screen in list(self.screen_stack):
                hook = getattr(screen, "task_changed", None)
                if hook:
                    hook(task)
        for screen in list(self.screen_stack):
            hook = getattr(screen, "job_changed", None)
            if hook:
                hook(job)
        previous = message.previous_stage
        if job.finished and previous is not None and not previous.final:
            self._job_ended(job)

    def _job_ended(self, job) -> None:
        if job.stage.value == "done":
            text = (t("alert.download_done", self.lang, task=job.task_id) if job.download_dir
                    else t("alert.export_finished", self.lang, task=job.task_id))
        else:
            reason = job.error.code if job.error else t(f"jobs.stage.{job.stage.value}", self.lang)
            text = t("alert.job_failed", self.lang, task=job.task_id or job.image_id, reason=reason)
            if job.status not in ("Failed", "Deleted"):   # the task's own end was already said
                self.notify(text, severity="warning", markup=False, timeout=10)
        job_signals.job_ended(self, text)
