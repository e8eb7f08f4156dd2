"""TuiExportApp's tasks (a mixin of the app, ui/app.py): this account's task store, the tasks
still running when the app was last closed, and watching a task through the job engine."""

from __future__ import annotations

import logging
import shutil
import tempfile

from tui_export.core.models import ExportRequest, Task
from tui_export.ui.task_rows import record_to_request, record_to_task

log = logging.getLogger("tui_export.ui")


class AppTasks:
    """Mixin for TuiExportApp (needs task_store, account_label, tasks, requests, engine)."""

    checkpoint_dir: str | None = None   # the engine's checkpoints while the store is in memory

    def _open_task_store(self) -> None:
        if self.task_store is not None:
            return
        from tui_export.cloud.task_store import TaskStore

        try:
            where = self.state_dir
            if self._own_sim is not None:
                # A fresh demo cloud each launch: its tasks can't outlive it, so the demo
                # keeps them in this launch's own folder (never mixed with real ones, never
                # touching another demo launch's).
                if self._demo_run is None:   # that folder couldn't be made (_demo_up kept why)
                    raise self.store_problem or OSError("no folder for this demo launch")
                where = self._demo_run.path
            self.task_store = TaskStore(where)
        except Exception as exc:   # noqa: BLE001 - any reason: the app goes on with a store in memory
            log.exception("opening the task store")
            self.store_problem = exc
            self._store_in_memory(TaskStore)

    def _store_in_memory(self, store_class) -> None:
        """The task store's folder refused it: the same store in memory, so the job engine (and
        with it exports, downloads with a format, the manifest) works for this launch; nothing
        is picked up after a relaunch, which the user is told once, with the reason."""
        from tui_export.core.i18n import t
        from tui_export.ui import errors

        self.task_store = store_class(memory=True)
        try:   # download checkpoints (a file per object) can't go to the refused folder either
            self.checkpoint_dir = tempfile.mkdtemp(prefix="tui-export-")
        except OSError:
            log.exception("making a temporary folder for download checkpoints")
        reason = errors.describe(self.store_problem, self.lang).what
        self.notify(t("store.memory", self.lang, reason=reason), title=t("store.memory_title", self.lang),
                    severity="warning", markup=False, timeout=20)

    def _drop_checkpoint_dir(self) -> None:
        folder, self.checkpoint_dir = self.checkpoint_dir, None
        if folder:
            shutil.rmtree(folder, ignore_errors=True)

    def _resume_unfinished(self) -> None:
        """Tasks still running when the app was last closed are listed again; the engine
        resumes their jobs (a task stored without a job is attached to one)."""
        records = self.stored_records(unfinished=True)
        try:
            journaled = {r.get("task_id") for r in self.task_store.job_rows(self.account_label)} if records else set()
        except Exception:
            log.exception("reading the jobs")
            journaled = set()
        for record in records:
            task = record_to_task(record)
            self.tasks.setdefault(task.task_id, task)
            if task.task_id not in journaled:
                self.watch_task(task.region_id, task.task_id)

    def stored_records(self, *, unfinished: bool = False) -> list:
        """This account's tasks from the store (TaskRecord), newest first; [] without a store."""
        if self.task_store is None:
            return []
        try:
            if unfinished:
                records = self.task_store.unfinished(self.account_label)
            else:
                records = self.task_store.tasks(self.account_label)
        except Exception:
            log.exception("reading the task store")
            return []
        for record in records:
            if record.bucket and record.image_id:
                self.requests.setdefault(record.task_id, record_to_request(record))
        return records

    def _store_task(self, task: Task, request: ExportRequest | None = None) -> None:
        if self.task_store is None:
            return
        try:
            if request is not None:
                self.task_store.record_export(
                    task.task_id, account=self.account_label, region_id=request.region_id,
                    image_id=request.image_id, bucket=request.bucket, prefix=request.prefix,
                    image_format=request.image_format, status=task.status or "Waiting",
                    progress=task.progress)
            else:
                self.task_store.update_status(task.task_id, task.status, task.progress,
                                              task.oss_objects or None)
        except Exception:
            log.exception("writing task %s to the store", task.task_id)

    def watch_task(self, region_id: str, task_id: str) -> None:
        """Follow `task_id` until it is final: the engine's one poller does it (a task it
        doesn't hold yet gets a job); its news comes back as JobChanged messages."""
        known = self.tasks.get(task_id)
        engine = self.engine
        if engine is None or (known is not None and known.finished) or engine.job(task_id) is not None:
            return
        self.run_worker(lambda: engine.attach(region_id, [task_id]), thread=True, exit_on_error=False,
                        group="jobs")

    def poll_trouble(self, task_id: str) -> bool:
        """True while the engine's last polls of `task_id` failed (the link or the API is struggling)."""
        job = self.engine.job(task_id) if self.engine is not None else None
        return job is not None and job.poll_trouble and not job.finished

    def poll_delay(self) -> float:
        """Seconds until the engine's next poll round (longer while it backs off)."""
        return self.engine.poll_delay if self.engine is not None else self.poll_seconds
