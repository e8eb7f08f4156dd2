"""`o` on the tasks screen: open any export task by its id (t-…), also one started in the
console: DescribeTaskAttribute in every region, likely ones first."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from textual import work
from textual.message import Message

from tui_export.core.i18n import t
from tui_export.core.models import Task


class TaskFound(Message):
    """Where a task typed by id lives (None: no region knows it)."""

    def __init__(self, task_id: str, task: Task | None) -> None:
        super().__init__()
        self.task_id = task_id
        self.task = task


class OpenTaskById:
    """Mixin for TasksScreen (needs `_regions`, `_put`, `focus_task`, `_show_detail`, `action_open`)."""

    def action_open_by_id(self) -> None:
        from tui_export.ui.screens.open_task import OpenTaskDialog

        self.app.push_screen(OpenTaskDialog(), self._id_given)

    def _id_given(self, task_id: str | None) -> None:
        if not task_id or self.app.session is None:
            return
        known = self.app.tasks.get(task_id)
        if known is not None:
            self.post_message(TaskFound(task_id, known))
            return
        self.notify(t("open_task.looking", self.lang, task=task_id), markup=False, timeout=4)
        self._find(task_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="find-task", name="find-task")
    def _find(self, task_id: str) -> None:
        """DescribeTaskAttribute in every region, likely ones first; the first answer wins.
        "No such task here" is the expected answer of every other region; any other
        failure is shown when no region knew the task."""
        session = self.app.session
        regions = self._regions(session)
        failures: list[BaseException] = []
        with ThreadPoolExecutor(6, thread_name_prefix="find-task") as pool:
            for result in pool.map(lambda r: safe_call(session.task, r, task_id), regions):
                if isinstance(result, BaseException):
                    if not getattr(result, "code", "").startswith("InvalidTaskId"):
                        failures.append(result)
                    continue
                self.post_message(TaskFound(task_id, result))
                return
        if failures:
            raise failures[0]
        self.post_message(TaskFound(task_id, None))

    def on_task_found(self, message: TaskFound) -> None:
        task = message.task
        if task is None:
            self.notify(t("open_task.not_found", self.lang, task=message.task_id), severity="warning",
                        markup=False, timeout=8)
            return
        if task.action and task.action != "ExportImage":
            self.notify(t("open_task.not_export", self.lang, task=task.task_id, action=task.action),
                        severity="warning", markup=False, timeout=8)
            return
        from tui_export.ui.task_rows import merge_task as _merge_task

        known = self.app.tasks.get(task.task_id)
        task = _merge_task(known, task) if known is not None else task
        self.app.tasks[task.task_id] = task
        self._put(task)
        self.focus_task(task.task_id)
        self._show_detail()
        if not task.finished:
            self.app.watch_task(task.region_id, task.task_id)
        else:
            self.action_open()


def safe_call(fn, *args):
    try:
        return fn(*args)
    except BaseException as exc:   # collected; the first one is shown after the listing
        return exc
