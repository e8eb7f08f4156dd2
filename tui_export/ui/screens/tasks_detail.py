"""The tasks screen's detail pane: the highlighted task, its progress bar, and what to do
next (open, cancel, why it failed, the ETA or a stall, moving with the clock)."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import DataTable, ProgressBar, Static

from tui_export.core.i18n import t
from tui_export.core.models import Task
from tui_export.ui import job_signals
from tui_export.ui.screens.tasks_cells import status_cell


class TaskDetailPane:
    """Mixin for TasksScreen (needs `current_task`, `listed`, `_answered_request`, `lang`)."""

    def _clock_tick(self) -> None:
        task = self.current_task()
        if task is not None and not task.finished:
            self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        text = self.query_one("#task-detail-text", Static)
        more = self.query_one("#task-detail-more", Static)
        bar = self.query_one("#task-progress", ProgressBar)
        task = self.current_task()
        lang = self.lang
        if task is None:
            bar.display = False
            more.update("")
            none = "tasks.none_read_only" if self.app.read_only else "tasks.none"
            text.update(t(none if self.listed else "tasks.loading", lang))
            return
        req = self.app.requests.get(task.task_id) or self._answered_request(task)
        lines = [f"[b]{escape(task.task_id)}[/b]  {status_cell(task, lang).markup}"]
        lines.append(f"{escape(t('col.image', lang)) + t('sep.colon', lang)}{escape(task.resource_id or '—')}   "
                     f"{escape(t('col.region', lang)) + t('sep.colon', lang)}{escape(task.region_id)}")
        bucket = task.oss_bucket or (req.bucket if req else "")
        if bucket:
            prefix = req.prefix if req else ""
            lines.append(f"OSS: {escape(bucket)}" + (f"  {escape(t('tasks.prefix', lang)) + t('sep.colon', lang)}{escape(prefix)}" if prefix else ""))
        text.update("\n".join(lines))
        bar.display = not task.finished or task.status == "Finished"
        bar.update(total=100, progress=100 if task.status == "Finished" else (task.progress or 0))
        hints = []
        if task.status == "Failed":
            hints.append(self._failure_markup(task))
        elif task.status == "Finished":
            hints.append(f"[green]{escape(t('tasks.hint_finished', lang))}[/green]")
        elif task.running:
            key = "tasks.hint_running_cancel" if task.support_cancel else "tasks.hint_running"
            if task.support_cancel and self.app.read_only:
                key = "tasks.hint_running_read_only"
            hints.append(f"[dim]{escape(t(key, lang))}[/dim]")
            if self.app.poll_trouble(task.task_id):
                delay = round(self.app.poll_delay())
                hints.append(f"[yellow]{escape(t('tasks.hint_retrying', lang, seconds=delay))}[/yellow]")
            eta, stalled = job_signals.eta_line(self.app, task)   # a range; or "no progress for …"
            if eta:
                hints.append(f"[yellow]⚠ {escape(eta)}[/yellow]" if stalled else escape(eta))
        times = []
        if task.creation_time:
            times.append(f"{t('col.started', lang)}{t('sep.colon', lang)}{task.creation_time}")
        if task.finished_time:
            times.append(f"{t('tasks.finished_at', lang)}{t('sep.colon', lang)}{task.finished_time}")
        if times:
            hints.append(f"[dim]{escape('   '.join(times))}[/dim]")
        more.update("\n".join(hints))

    def _failure_markup(self, task: Task) -> str:
        from tui_export.core.explain import explain

        code = task.error_code or "ExportImageFailed"
        # a failed task has no RequestId to quote (support needs the task id shown above)
        what, next_step = explain(code, self.lang, task.error_msg, request_id="")
        lines = [f"[red]{escape(what)}[/red]"]
        if next_step:
            lines.append(escape(next_step))
        lines.append(f"[dim]{escape(t('error.code', self.lang, code=code))}[/dim]")
        return "\n".join(lines)
