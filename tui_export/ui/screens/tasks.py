"""Every export task: the ones started here (task store) and the cloud's (DescribeTasks).

Progress comes from the app's task watchers (DescribeTaskAttribute's
TaskProcess); this screen only draws what they report, so leaving it never
stops a watch. `c` cancels a running task after a confirmation, Enter on a
Finished task opens its result (objects, download, link). A task started elsewhere
is known only from DescribeTasks: Enter first asks DescribeTaskAttribute where it
exported to, and the user when the cloud doesn't say (core/task_location.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, ProgressBar, Static
from textual.worker import Worker, WorkerState

from tui_export.core.i18n import t, task_status
from tui_export.core.models import ExportRequest, Task
from tui_export.core.task_location import ExportLocation, export_location
from tui_export.ui import job_signals
from tui_export.ui.commands import PaletteCommand
from tui_export.ui.errors import report_worker_failure
from tui_export.ui.messages import TasksListed
from tui_export.ui.widgets.localize import localize_bindings
from tui_export.ui.widgets.status_bar import StatusBar
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.read_only_keys import hide_when_read_only
from tui_export.ui.widgets.row_table import RowTable

# Region before Image: at 80 columns the region is on screen whole (the image id may be cut).
COLUMNS = ("task", "state", "progress", "region", "image", "started")
BAR_WIDTH = 10
class TaskFound(Message):
    """Where a task typed by id lives (None: no region knows it)."""

    def __init__(self, task_id: str, task: Task | None) -> None:
        super().__init__()
        self.task_id = task_id
        self.task = task


class TaskDetailed(Message):
    """DescribeTaskAttribute of a finished task the user wants to open (None: the call failed)."""

    def __init__(self, task: Task, detail: Task | None) -> None:
        super().__init__()
        self.task = task
        self.detail = detail


STATUS_STYLE = {"Finished": "green", "Failed": "red", "Deleted": "dim", "Processing": "cyan", "Waiting": "yellow"}


def progress_cell(task: Task) -> Text:
    """A text bar for the table ("█████░░░░░  52%"); the pane has a real ProgressBar."""
    if task.status == "Finished":
        return Text("█" * BAR_WIDTH + " 100%", style="green")
    if task.finished:
        return Text("—", style="dim")
    pct = task.progress
    if pct is None:
        return Text("░" * BAR_WIDTH + "   …", style="dim")
    filled = round(BAR_WIDTH * max(0, min(pct, 100)) / 100)
    bar = Text("█" * filled, style="cyan")
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    bar.append(f" {pct:>3}%")
    return bar


def status_cell(task: Task, lang: str) -> Text:
    label = task_status(task.status, lang)   # an unknown status shows as the API said
    return Text(label, style=STATUS_STYLE.get(task.status, ""))


class TasksScreen(AppAccess, Screen):
    AUTO_FOCUS = "#tasks"
    BINDINGS = [
        # priority: the footer shows it whether or not the table has focus (its own Enter is hidden)
        Binding("enter", "open", "Result", tooltip="Show the exported files of a finished task.", id="tasks.open",
                priority=True),
        Binding("c", "cancel_task", "Cancel task", tooltip="Cancel the highlighted running export.",
                id="tasks.cancel_task"),
        Binding("r", "refresh", "Refresh", tooltip="List the tasks again.", id="tasks.refresh"),
        Binding("o", "open_by_id", "Open id", id="tasks.open_by_id",
                tooltip="Open any export task by its id (t-…), also one started in the console."),
        Binding("escape", "back", "Back", tooltip="Go back.", id="tasks.back"),
    ]

    def __init__(self, focus: str | None = None) -> None:
        super().__init__()
        self.focus_id = focus
        self.listed = False
        self.answers: dict[str, ExportLocation] = {}   # task id -> where the user said it exported to
        localize_bindings(self, self.app.lang)
        hide_when_read_only(self, "tasks.cancel_task")

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with Container(id="tasks-body", classes="master-detail"):
            yield RowTable(id="tasks", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="task-detail", classes="detail"):
                yield Static("", id="task-detail-text")
                yield ProgressBar(total=100, show_eta=False, id="task-progress")
                yield Static("", id="task-detail-more")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("tasks.title", self.lang)
        table = self.query_one("#tasks", DataTable)
        for key in COLUMNS:
            table.add_column(t(f"col.{key}", self.lang), key=key)
        # What the app already knows shows at once; the listing fills in behind.
        for task in self._known():
            self._put(task)
        self._select_focus()
        self._show_detail()
        # the ETA and the stall warning move with the clock, not only with the engine's news
        self.set_interval(2.0, self._clock_tick)
        if self.app.session is not None:
            table.loading = not self.app.tasks
            self.load()

    def session_ready(self) -> None:
        self.query_one("#tasks", DataTable).clear()
        self.load()

    def _known(self) -> list[Task]:
        return sorted(self.app.tasks.values(), key=lambda t_: t_.creation_time, reverse=True)

    # --- loading -----------------------------------------------------------------

    def _regions(self, session) -> list[str]:
        """Regions to list tasks in: where we know of tasks, plus every region with images.
        Until the regions screen has counted them all, every region is asked."""
        regions = {task.region_id for task in self.app.tasks.values()}
        regions |= {r.region_id for r in self.app.stored_records()}
        if self.app.start_region:
            regions.add(self.app.start_region)
        all_regions = [r.region_id for r in self.app.region_list] or [
            r.region_id for r in session.regions(self.lang)]
        if all(rid in self.app.images_cache for rid in all_regions):
            regions |= {rid for rid in all_regions if self.app.images_cache[rid]}
        else:
            regions |= set(all_regions)
        return sorted(r for r in regions if r)

    def action_refresh(self) -> None:
        if self.app.session is not None:
            self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="tasks")
    def load(self) -> None:
        from tui_export.cloud.task_store import merge
        from tui_export.ui.task_rows import record_to_task

        session = self.app.session
        regions = self._regions(session)
        remote: list[Task] = []
        failures: list[BaseException] = []
        with ThreadPoolExecutor(6, thread_name_prefix="tasks") as pool:
            for region_id, result in zip(regions, pool.map(lambda r: _safe(session.tasks, r), regions)):
                if isinstance(result, BaseException):
                    failures.append(result)
                else:
                    remote.extend(result)
        records = merge(self.app.stored_records(), remote)
        by_id = {task.task_id: task for task in remote}
        tasks = []
        for record in records:
            task = record_to_task(record)
            api = by_id.get(task.task_id)
            if api is not None:   # the API's own view, with what only we know filled in
                from tui_export.ui.task_rows import merge_task as _merge_task

                task = _merge_task(task, api)
            tasks.append(task)
        self.post_message(TasksListed(tasks))
        if failures:
            raise failures[0]

    def on_tasks_listed(self, message: TasksListed) -> None:
        self.listed = True
        for task in message.tasks:
            known = self.app.tasks.get(task.task_id)
            # A watcher's view (with TaskProcess) is fresher than DescribeTasks'.
            self.app.tasks[task.task_id] = task if known is None else _prefer(known, task)
            task = self.app.tasks[task.task_id]
            self._put(task)
            if not task.finished:
                self.app.watch_task(task.region_id, task.task_id)
        self.query_one("#tasks", DataTable).loading = False
        self._select_focus()
        self._show_detail()

    def task_changed(self, task: Task) -> None:
        if not self.query("#tasks"):   # pushed but not composed yet: on_mount shows what is known
            return
        self._put(task)
        current = self.current_task()
        if current is not None and current.task_id == task.task_id:
            self._show_detail()

    # --- the table -----------------------------------------------------------------

    def _put(self, task: Task) -> None:
        table = self.query_one("#tasks", DataTable)
        cells = {
            "task": task.task_id,
            "image": task.resource_id or "—",
            "region": task.region_id,
            "state": self._state_cell(task),
            "progress": progress_cell(task),
            "started": (task.creation_time or "").replace("T", " ").rstrip("Z")[:16],
        }
        if task.task_id in table.rows:
            for key in ("image", "state", "progress", "started"):
                table.update_cell(task.task_id, key, cells[key])
        else:
            current = self.current_task()
            table.add_row(*(cells[k] for k in COLUMNS), key=task.task_id)
            table.loading = False
            # newest first, whatever order the tasks arrived in; the cursor stays on its task
            table.sort("started", reverse=True)
            if current is not None and current.task_id in table.rows:
                table.move_cursor(row=table.get_row_index(current.task_id))

    def _state_cell(self, task: Task) -> Text:
        cell = status_cell(task, self.lang)
        if not task.finished and self.app.poll_trouble(task.task_id):
            cell.append(" " + t("tasks.retrying", self.lang), style="yellow")
        return cell

    def focus_task(self, task_id: str) -> None:
        self.focus_id = task_id
        self._select_focus()

    def _select_focus(self) -> None:
        table = self.query_one("#tasks", DataTable)
        if self.focus_id and self.focus_id in table.rows:
            table.move_cursor(row=table.get_row_index(self.focus_id))
            self.focus_id = None

    def _clock_tick(self) -> None:
        task = self.current_task()
        if task is not None and not task.finished:
            self._show_detail()

    def current_task(self) -> Task | None:
        table = self.query_one("#tasks", DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.app.tasks.get(row_key.value)

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

    # --- actions -------------------------------------------------------------------

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

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- open by id --------------------------------------------------------------------

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
            for result in pool.map(lambda r: _safe(session.task, r, task_id), regions):
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

    def palette_commands(self) -> list[PaletteCommand]:
        lang = self.lang
        out = [PaletteCommand(t("cmd.refresh_tasks", lang), self.action_refresh, t("tip.tasks.refresh", lang)),
               PaletteCommand(t("cmd.open_by_id", lang), self.action_open_by_id, t("tip.tasks.open_by_id", lang))]
        task = self.current_task()
        if task is not None and task.running and task.support_cancel and not self.app.read_only:
            out.insert(0, PaletteCommand(t("cmd.cancel_task", lang, task=task.task_id), self.action_cancel_task,
                                         t("tip.tasks.cancel_task", lang)))
        if task is not None and task.status == "Finished":
            out.insert(0, PaletteCommand(t("cmd.open_result", lang, task=task.task_id), self.action_open,
                                         t("tip.tasks.open", lang)))
        return out

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "cancel" and event.state == WorkerState.SUCCESS:
            region_id, task_id = event.worker.result
            self.app.notify(t("tasks.cancel_sent", self.lang, task=task_id), markup=False, timeout=5)
            self.app.watch_task(region_id, task_id)
            return
        if report_worker_failure(self, event):
            self.query_one("#tasks", DataTable).loading = False


def _safe(fn, *args):
    try:
        return fn(*args)
    except BaseException as exc:   # collected; the first one is shown after the listing
        return exc


def _prefer(known: Task, listed: Task) -> Task:
    """Keep the watcher's progress; take a final status from the listing."""
    from dataclasses import replace

    if listed.finished and not known.finished:
        return replace(known, status=listed.status, finished_time=listed.finished_time or known.finished_time)
    return known
