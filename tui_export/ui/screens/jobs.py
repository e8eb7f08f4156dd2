"""JobsScreen: every job of the engine (tui_export/jobs) — an image's way from ExportImage
to a verified local copy — with its stage, progress, rate and time left.

Rows change in place as the engine reports (the app forwards each JobChanged to
`job_changed`); leaving the screen stops nothing. Enter shows the job's task in the task
list (its result opens from there); the export's time left is a range (core/eta.py), a
download's comes from the download engine's rate.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from tui_export.core.eta import eta_parts, export_eta
from tui_export.core.i18n import t
from tui_export.core.units import human_bytes, human_eta, human_rate
from tui_export.ui import job_signals
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.widgets.localize import localize_bindings
from tui_export.ui.widgets.status_bar import StatusBar
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.row_table import RowTable

# 80 columns: the task id is in the pane below, rate and ETA share a column
COLUMNS = ("job_image", "job_stage", "job_progress", "job_eta")
STAGE_STYLE = {"done": "green", "failed": "red", "cancelled": "dim", "downloading": "cyan",
               "exporting": "cyan", "waiting_slot": "yellow", "queued": "yellow", "cleaning": "cyan"}


def stage_text(job, lang: str) -> Text:
    stage = job.stage.value
    cell = Text(t(f"jobs.stage.{stage}", lang), style=STAGE_STYLE.get(stage, ""))
    if job.poll_trouble and not job.finished:
        cell.append(" " + t("jobs.retrying", lang), style="yellow")
    return cell


def progress_text(job, lang: str, percent: int | None = None) -> str:
    """`percent`: the export's, when the job itself doesn't carry it (the app's watcher has it)."""
    stage = job.stage.value
    if job.progress is None and percent is not None:
        job = replace(job, progress=percent)
    if stage in ("downloading", "cleaning", "done") and job.bytes_total:
        if job.verified:
            return "✓ " + t("jobs.verified", lang)
        return f"{100 * job.bytes_done // max(job.bytes_total, 1)}%"
    if job.progress is not None and stage in ("exporting", "exported", "queued", "waiting_slot"):
        return f"{job.progress}%"
    return "—"


class JobsScreen(AppAccess, Screen):
    AUTO_FOCUS = "#jobs"
    BINDINGS = [
        Binding("enter", "show_task", "Task", tooltip="Show this job's task (its result opens from there).",
                id="jobs.show_task", priority=True),
        Binding("escape", "back", "Back", tooltip="Go back.", id="jobs.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self, self.app.lang)

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with Container(id="jobs-body", classes="master-detail"):
            yield RowTable(id="jobs", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="job-detail", classes="detail"):
                yield Static("", id="job-detail-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("jobs.title", self.lang)
        table = self.query_one("#jobs", DataTable)
        for key in COLUMNS:
            table.add_column(t(f"col.{key}", self.lang), key=key)
        engine = self.app.engine
        for job in (engine.jobs() if engine is not None else []):
            self._put(job)
        self._show_detail()

    def job_changed(self, job) -> None:
        if not self.query("#jobs"):   # pushed but not composed yet: on_mount lists them
            return
        self._put(job)
        current = self.current_job()
        if current is not None and current.job_id == job.job_id:
            self._show_detail()

    def _eta(self, job) -> str:
        stage = job.stage.value
        if stage == "downloading":
            return f"{human_rate(job.rate)} · {human_eta(job.eta)}" if job.rate else human_eta(job.eta)
        if stage == "exporting" and job.task_id:
            history = job_signals.progress_history(self.app, job.task_id)
            if history is not None:
                import time

                eta = export_eta(history.samples, time.monotonic())
                if eta is not None:
                    key, values = eta_parts(eta)
                    return t(key.replace("eta.", "eta.short_"), self.lang, **values)   # a narrow column
        return "—"

    def _percent(self, job) -> int | None:
        task = self.app.tasks.get(job.task_id) if job.task_id else None
        return task.progress if task is not None else None

    def task_changed(self, task) -> None:
        """The watcher's news of a task (its percent): that job's row follows."""
        engine = self.app.engine
        job = engine.job(task.task_id) if engine is not None and task.task_id else None
        if job is not None:
            self.job_changed(job)

    def _put(self, job) -> None:
        table = self.query_one("#jobs", DataTable)
        cells = {
            "job_image": job.image_id or "—",
            "job_stage": stage_text(job, self.lang),
            "job_progress": progress_text(job, self.lang, self._percent(job)),
            "job_eta": self._eta(job),
        }
        if job.job_id in table.rows:
            for key in COLUMNS[1:]:
                table.update_cell(job.job_id, key, cells[key], update_width=True)
        else:
            table.add_row(*(cells[k] for k in COLUMNS), key=job.job_id)

    def current_job(self):
        table = self.query_one("#jobs", DataTable)
        engine = self.app.engine
        if not table.row_count or engine is None:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return engine.job(row_key.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        pane = self.query_one("#job-detail-text", Static)
        job = self.current_job()
        if job is None:
            pane.update(t("jobs.none", self.lang))
            return
        lines = [f"{job.image_id}  {job.task_id}  {job.region_id}",
                 f"OSS: {job.bucket}" + (f"  {job.prefix}" if job.prefix else "")]
        if job.download_dir:
            lines.append(t("jobs.detail_folder", self.lang, folder=job.download_dir))
        for obj in job.objects:
            mark = "✓" if obj.verified else f"{human_bytes(obj.bytes_done)}/{human_bytes(obj.size)}"
            lines.append(f"  {obj.key}  {mark}")
        if job.error is not None:
            what, _next = job.error.explain(self.lang)
            lines.append(t("jobs.detail_error", self.lang, what=what, code=job.error.code))
        pane.update("\n".join(lines))

    def action_show_task(self) -> None:
        job = self.current_job()
        if job is not None and job.task_id:
            self.app.show_tasks(focus=job.task_id)

    def action_back(self) -> None:
        self.app.pop_screen()
