"""Every export task: the ones started here (task store) and the cloud's (DescribeTasks).

Progress comes from the app's task watchers (DescribeTaskAttribute's
TaskProcess); this screen only draws what they report, so leaving it never
stops a watch. `c` cancels a running task after a confirmation, Enter on a
Finished task opens its result (objects, download, link). A task started elsewhere
is known only from DescribeTasks: Enter first asks DescribeTaskAttribute where it
exported to, and the user when the cloud doesn't say (core/task_location.py).

The detail pane, opening a result, cancelling and opening by id live in
tasks_detail.py, tasks_open.py, tasks_cancel.py and tasks_open_by_id.py.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, ProgressBar, Static
from textual.worker import Worker, WorkerState

from tui_export.core.i18n import t
from tui_export.core.models import Task
from tui_export.core.task_location import ExportLocation
from tui_export.ui.commands import PaletteCommand
from tui_export.ui.errors import report_worker_failure
from tui_export.ui.messages import TasksListed
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.screens.tasks_cancel import TaskCancel
from tui_export.ui.screens.tasks_cells import COLUMNS, progress_cell, status_cell
from tui_export.ui.screens.tasks_detail import TaskDetailPane
from tui_export.ui.screens.tasks_open import TaskOpening
from tui_export.ui.screens.tasks_open_by_id import OpenTaskById, safe_call
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.localize import localize_bindings
from tui_export.ui.widgets.read_only_keys import ReadOnlyKeys, refusal
from tui_export.ui.widgets.row_table import RowTable
from tui_export.ui.widgets.status_bar import StatusBar

__all__ = ["COLUMNS", "TasksScreen"]   # COLUMNS: the table's columns, read by the catalogue's test


class TasksScreen(ReadOnlyKeys, TaskDetailPane, TaskOpening, TaskCancel, OpenTaskById, AppAccess, Screen):
    AUTO_FOCUS = "#tasks"
    BINDINGS = [
        # priority: the footer shows it whether or not the table has focus (its own Enter is hidden)
        Binding("enter", "open", "Result", tooltip="Show the exported files of a finished task.", id="tasks.open",
                priority=True),
        Binding("c", "cancel_task", "Cancel task", tooltip="Cancel the highlighted running export.",
                id="tasks.cancel_task"),
        refusal("c", "cancel"),   # --read-only: `c` says why instead (widgets/read_only_keys.py)
        Binding("r", "refresh", "Refresh", tooltip="List the tasks again.", id="tasks.refresh"),
        Binding("o", "open_by_id", "Open id", id="tasks.open_by_id",
                tooltip="Open any export task by its id (t-…), also one started in the console."),
        Binding("escape", "back", "Back", tooltip="Go back.", id="tasks.back"),
    ]
    READ_ONLY_ACTIONS = frozenset({"cancel_task"})

    def __init__(self, focus: str | None = None) -> None:
        super().__init__()
        self.focus_id = focus
        self.listed = False
        self.answers: dict[str, ExportLocation] = {}   # task id -> where the user said it exported to
        localize_bindings(self, self.app.lang)

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
            for region_id, result in zip(regions, pool.map(lambda r: safe_call(session.tasks, r), regions)):
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
        # pushed but not composed yet (on_mount shows what is known), or taken apart as the app
        # exits while a download still reports (its widgets go one by one)
        if not self.query("#tasks") or not self.query("#task-detail-text"):
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

    def current_task(self) -> Task | None:
        table = self.query_one("#tasks", DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.app.tasks.get(row_key.value)

    def action_back(self) -> None:
        self.app.pop_screen()

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


def _prefer(known: Task, listed: Task) -> Task:
    """Keep the watcher's progress; take a final status from the listing."""
    from dataclasses import replace

    if listed.finished and not known.finished:
        return replace(known, status=listed.status, finished_time=listed.finished_time or known.finished_time)
    return known
