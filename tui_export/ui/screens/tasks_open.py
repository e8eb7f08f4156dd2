"""Enter on the tasks screen: a Finished task opens its result (objects, download, link).
A task started elsewhere is known only from DescribeTasks: Enter first asks
DescribeTaskAttribute where it exported to, and the user when the cloud doesn't say
(core/task_location.py)."""

from __future__ import annotations

from textual import work
from textual.message import Message
from textual.widgets import DataTable

from tui_export.core.i18n import t, task_status
from tui_export.core.models import ExportRequest, Task
from tui_export.core.task_location import ExportLocation, export_location


class TaskDetailed(Message):
    """DescribeTaskAttribute of a finished task the user wants to open (None: the call failed)."""

    def __init__(self, task: Task, detail: Task | None) -> None:
        super().__init__()
        self.task = task
        self.detail = detail


class TaskOpening:
    """Mixin for TasksScreen (needs `current_task`, `answers`, `task_changed`, `_show_detail`)."""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        task = self.current_task()
        if task is None:
            return
        if task.status != "Finished":
            key = "tasks.open_running" if task.running else "tasks.open_not_finished"
            self.notify(t(key, self.lang, status=task_status(task.status, self.lang), progress=task.progress or 0),
                        markup=False, timeout=4)
            return
        request = self.app.requests.get(task.task_id)
        if export_location(task, request).complete:
            self._open_result(task, request)
        else:   # started elsewhere: ask the cloud where it went (one lookup at a time)
            self._look_up(task)

    @work(thread=True, exclusive=True, exit_on_error=False, group="task-detail", name="task-detail")
    def _look_up(self, task: Task) -> None:
        try:
            detail = self.app.session.task(task.region_id, task.task_id)
        except Exception as exc:
            # The cloud won't say (task aged out, no permission): the error is shown, and the
            # user may still say where it went. A flaky link: only the error; Enter tries again.
            if not getattr(exc, "retryable", True):
                self.post_message(TaskDetailed(task, None))
            raise
        self.post_message(TaskDetailed(task, detail))

    def on_task_detailed(self, message: TaskDetailed) -> None:
        from tui_export.ui.task_rows import merge_task as _merge_task

        task = message.task
        if message.detail is not None:
            task = _merge_task(self.app.tasks.get(task.task_id, task), message.detail)
            self.app.tasks[task.task_id] = task
            self.task_changed(task)
        request = self.app.requests.get(task.task_id)
        known = export_location(task, request)
        if known.complete:
            self._open_result(task, request)
            return
        # the cloud can't say: ask, pre-filled with what is known (or what the user said last time)
        said = self.answers.get(task.task_id)
        if said is not None:
            known = ExportLocation(known.bucket or said.bucket, said.prefix if known.prefix is None else known.prefix)
        from tui_export.ui.screens.export_location import ExportLocationDialog

        self.app.push_screen(ExportLocationDialog(task, known), lambda where: self._location_given(task, where))

    def _location_given(self, task: Task, where: ExportLocation | None) -> None:
        if where is None:
            return   # Esc: back to the list, nothing said
        from dataclasses import replace

        self.answers[task.task_id] = where
        self._show_detail()
        # the user's bucket is the one listed, even over a bucket the cloud named
        self._open_result(replace(task, oss_bucket=where.bucket), self._answered_request(task), asked=True)

    def _answered_request(self, task: Task) -> ExportRequest | None:
        where = self.answers.get(task.task_id)
        if where is None:
            return None
        return ExportRequest(region_id=task.region_id, image_id=task.resource_id, bucket=where.bucket,
                             prefix=where.prefix or "", image_format=task.image_format or "raw")

    def _open_result(self, task: Task, request: ExportRequest | None, *, asked: bool = False) -> None:
        from tui_export.ui.screens.result import ResultScreen

        if request is None:   # the cloud named bucket and prefix: the request it stands for
            where = export_location(task, None)
            request = ExportRequest(region_id=task.region_id, image_id=task.resource_id, bucket=where.bucket,
                                    prefix=where.prefix or "", image_format=task.image_format or "raw")
        self.app.push_screen(ResultScreen(task, request, download_dir=self.app.download_dir, asked=asked))
