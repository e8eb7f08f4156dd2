"""`c` on the tasks screen: cancel the highlighted running export, after a confirmation
(refused in --read-only, and for a task the cloud can't cancel)."""

from __future__ import annotations

from textual import work

from tui_export.core.i18n import t, task_status
from tui_export.core.models import Task


class TaskCancel:
    """Mixin for TasksScreen (needs `current_task`, `lang`); the sent cancel is watched
    by TasksScreen.on_worker_state_changed (group "cancel")."""

    def action_cancel_task(self) -> None:
        task = self.current_task()
        if task is None:
            return
        if not task.running:
            status = task_status(task.status, self.lang)
            self.notify(t("tasks.cancel_not_running", self.lang, status=status), markup=False,
                        severity="warning", timeout=5)
            return
        if not task.support_cancel:
            self.notify(t("tasks.cancel_unsupported", self.lang), markup=False, severity="warning", timeout=5)
            return
        if self.app.refuse_if_read_only("cancel"):
            return
        from tui_export.ui.screens.confirm import ConfirmDialog

        dialog = ConfirmDialog(
            t("tasks.cancel_title", self.lang, task=task.task_id),
            t("tasks.cancel_body", self.lang, image=task.resource_id or "?", region=task.region_id),
            t("tasks.cancel_confirm", self.lang), cancel_label=t("tasks.cancel_keep", self.lang),
            danger=True, lang=self.lang,
        )
        self.app.push_screen(dialog, lambda ok: self._cancel_confirmed(task, ok))

    def _cancel_confirmed(self, task: Task, ok: bool | None) -> None:
        if ok:
            self.notify(t("tasks.cancelling", self.lang, task=task.task_id), markup=False, timeout=4)
            self._cancel(task.region_id, task.task_id)

    @work(thread=True, exit_on_error=False, group="cancel")
    def _cancel(self, region_id: str, task_id: str) -> None:
        self.app.session.cancel(region_id, task_id)
        return (region_id, task_id)
