"""TuiExportApp: the Textual app, and `run_app(options)` for the command line.

The app owns what outlives a screen: the CloudSession, the task store, the
job engine (tui_export/jobs: its one poller follows every task, whatever screen
is shown; its news arrives as JobChanged, ui/app_jobs.py), the embedded demo
cloud, and the log file. Screens reach them as
`self.app.session`, `self.app.task_store`, `self.app.watch_task(...)`.

Its parts: starting and connecting (ui/app_startup.py), the task store and watching
tasks (ui/app_tasks.py), the job engine's side (ui/app_jobs.py), the toasts kept
(ui/app_notices.py); here the bindings, the screens' contract (ui/app_contract.py:
read-only refusal, errors), exports and navigation.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from tui_export.core.eta import STALL_SECONDS
from tui_export.core.i18n import norm_lang, t
from tui_export.core.models import ExportRequest, Task
from tui_export.ui import errors, job_signals
from tui_export.ui.app_jobs import AppJobs
from tui_export.ui.app_startup import AppStartup
from tui_export.ui.app_tasks import AppTasks
from tui_export.ui.app_notices import KeepsNotices
from tui_export.ui.commands import MainCommands
from tui_export.ui.terminal import with_terminal_out
from tui_export.ui.widgets.key_footer import WIDE_FROM
from tui_export.ui.widgets.localize import localize_bindings

log = logging.getLogger("tui_export.ui")

# Task polling: first delay, the ceiling the back-off grows to (seconds).
POLL_SECONDS = 2.0


class TuiExportApp(AppStartup, AppTasks, AppJobs, KeepsNotices, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "tui-export"
    # Designed for 80 columns first; only very wide terminals get side panes
    # (at 120 the tables need the full width more than the pane needs a column).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]
    COMMANDS = App.COMMANDS | {MainCommands}
    # Only `?` of the global keys is in the footer (at 80 columns the screen's own keys need the
    # room); help lists them all and the palette offers them by name.
    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Keys of this screen and a short how-to.", id="help"),
        Binding("t", "tasks", "Tasks", tooltip="Export tasks and their progress.", id="tasks", show=False),
        Binding("j", "jobs", "Jobs", id="jobs", show=False,
                tooltip="Every job: export, download, verification, clean-up — with progress, rate and ETA."),
        Binding("p", "profiles", "Account", tooltip="Switch account or sign in.", id="profiles", show=False),
        Binding("ctrl+q", "quit", "Quit", tooltip="Leave tui-export (running exports go on in the cloud).",
                id="quit", priority=True, show=False),
        # declared here (Textual would add its own) so it has an id and its label a translation
        Binding("ctrl+p", "command_palette", "Commands", tooltip="Find any action by name.", id="command_palette",
                show=False, priority=True),
    ]

    def __init__(self, options=None, *, sim=None, session=None, state_dir: str | Path | None = None,
                 poll_seconds: float = POLL_SECONDS) -> None:
        # aliyunsdkcore prints every request, secrets included, with DEBUG=sdk
        # (docs/sdk.md, "Logging: DEBUG=sdk and the oss2 logger").
        if "sdk" in os.environ.get("DEBUG", "").lower():
            os.environ.pop("DEBUG", None)
        super().__init__()
        self.options = options
        self.lang = norm_lang(getattr(options, "lang", None) or "en")
        self.demo = bool(getattr(options, "demo", False)) or sim is not None
        self.read_only = bool(getattr(options, "read_only", False))
        self._start_blur_undone = False        # see on_app_blur
        self.profile = getattr(options, "profile", None)
        self.start_region = getattr(options, "region", None)
        self.session = session
        self.sim = sim
        self._own_sim = None            # started here (--demo): stopped on exit
        self._demo_run = None           # --demo: this launch's own locked folder (cloud/demo_state.py)
        self.state_dir = Path(state_dir) if state_dir else None
        self.task_store = None
        self.poll_seconds = poll_seconds
        self.connection_state = "connecting"   # connecting | ready | signed_out
        self.source_label = ""
        self.account_label = ""                # masked key id or "demo": scopes the task store
        self.profile_in_use: str | None = None  # "cli:name" / "saved:name" when from a profile
        self.tasks: dict[str, Task] = {}        # latest view of every task we know
        self.requests: dict[str, ExportRequest] = {}   # task id -> what was asked
        self.download_dir: str | None = None       # the download prompt's default (None: cwd)
        self.images_cache: dict[str, list] = {}   # region id -> images, filled by the regions screen
        self.region_list: list = []                # RegionInfo, in the UI language
        self._log_handler: logging.Handler | None = None
        self.stall_seconds = STALL_SECONDS        # no progress this long: the tasks screen warns
        self.store_problem: BaseException | None = None   # why the task store is in memory only
        localize_bindings(self, self.lang)

    # Bytes Textual doesn't write itself (the job-end alert) go here; None when headless.
    terminal_out = None

    def get_driver_class(self):
        return with_terminal_out(super().get_driver_class())

    # --- lifecycle -------------------------------------------------------------

    def get_system_commands(self, screen):
        from tui_export.ui.system_commands import localize_system_commands

        return localize_system_commands(super().get_system_commands(screen), self.lang)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from tui_export.ui.system_commands import palette_placeholder

        # Textual's own, but with the placeholder in the user's language
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=palette_placeholder(self.lang), id="--command-palette"))

    def get_default_screen(self):
        """The regions screen is the base of the stack itself: no empty screen is composed,
        shown and covered first (that cost the first frame a good part of its time)."""
        from tui_export.ui.screens.regions import RegionsScreen

        return RegionsScreen()

    def on_mount(self) -> None:
        # the download prompt's default: the folder set in the settings, if any
        self.download_dir = self.download_dir or job_signals.settings(self).download_dir
        if self.start_region:
            from tui_export.ui.screens.images import ImagesScreen

            self.push_screen(ImagesScreen(self.start_region))
        # Connect after the first frame: the screen shows "connecting…" meanwhile.
        self.call_after_refresh(self._begin_connect)

    def on_app_focus(self) -> None:
        # In a browser tab (`tui-export serve`) Textual starts the app blurred, so no screen
        # took its auto focus; give it once the app has its focus back (after this handler),
        # or the arrow keys do nothing until Tab or a click.
        self.call_later(self._take_auto_focus)

    def on_app_blur(self) -> None:
        # Textual's web driver blurs the app once at start-up, after the page may already have
        # said it has the focus (or before the page can say so at all): undo that one blur.
        if self.is_web and not self._start_blur_undone:
            self._start_blur_undone = True
            self.post_message(events.AppFocus())

    def _take_auto_focus(self) -> None:
        """What Textual does when a screen is shown (its AUTO_FOCUS), through public calls."""
        screen = self.screen
        auto_focus = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if not (self.app_focus and auto_focus and screen.focused is None):
            return
        for widget in screen.query(auto_focus):
            if widget.focusable:
                screen.set_focus(widget)
                break

    def on_unmount(self) -> None:
        self.stop_engine()   # downloads stop at their checkpoint, journaled: the next launch resumes
        self._drop_checkpoint_dir()   # (only with a store in memory: nothing resumes from them)
        self._stop_own_sim()
        self._end_demo_run()
        self._close_logging()

    # --- read-only mode and errors ----------------------------------------------

    def refuse_if_read_only(self, action_key: str) -> bool:
        """True (and the user is told why) when `--read-only` forbids the action."""
        if not self.read_only:
            return False
        self.notify(
            t("readonly.refused", self.lang, action=t(f"action.{action_key}", self.lang)),
            title=t("badge.read_only", self.lang), severity="warning", markup=False, timeout=8,
        )
        return True

    def show_error(self, exc: BaseException, *, context: str = "") -> None:
        errors.show_error(self, exc, context=context)

    # --- exports and task watching ---------------------------------------------

    def start_export(self, request: ExportRequest) -> None:
        """Called with the export form's result: start ExportImage, then watch it."""
        if self.refuse_if_read_only("export"):
            return
        if self._no_engine():
            return
        self.notify(t("export.starting", self.lang, image=request.image_id), markup=False, timeout=4)
        self.export_through_engine([request])

    def start_exports(self, requests: list[ExportRequest]) -> None:
        """The batch form's result: one export per marked image (same bucket, prefix, format)."""
        if self.refuse_if_read_only("export"):
            return
        if self._no_engine():
            return
        self.notify(t("export.batch_started", self.lang, count=len(requests)), markup=False, timeout=4)
        self.export_through_engine(list(requests))

    def _no_engine(self) -> bool:
        """Exports run through the job engine, there from the first session on (with its task
        store in memory when the folder refused it, app_tasks.py); before that, say why."""
        if self.engine is not None:
            return False
        self.show_error(self.store_problem or RuntimeError("no task store"), context=t("job.export", self.lang))
        return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "connect" and event.state == WorkerState.ERROR:
            self.connection_state = "signed_out"
            self.refresh_status()
            if getattr(worker.error, "code", "") == "secret_store.passphrase_cancelled":
                # Esc on the passphrase prompt: no error, just the way to sign in (or, p, another account)
                from tui_export.ui.screens.signin import SignInScreen

                self.push_screen(SignInScreen(), self._signed_in)
                return
            errors.show_error(self, worker.error, context=t("job.connect", self.lang), dialog=True)
            return
        errors.report_worker_failure(self, event)

    # --- navigation ------------------------------------------------------------

    def show_tasks(self, focus: str | None = None) -> None:
        from tui_export.ui.screens.tasks import TasksScreen

        for screen in self.screen_stack:
            if isinstance(screen, TasksScreen):
                while self.screen is not screen:
                    self.pop_screen()
                if focus:
                    screen.focus_task(focus)
                return
        self.push_screen(TasksScreen(focus=focus))

    async def action_quit(self) -> None:
        """Quit; while a download runs, ask first (it can resume later, but say so)."""
        from tui_export.ui.screens.confirm import ConfirmDialog

        downloading = self.engine_downloading()
        if downloading and not isinstance(self.screen, ConfirmDialog):
            self.push_screen(ConfirmDialog(t("quit.title", self.lang), t("quit.body", self.lang),
                                           t("quit.confirm", self.lang), cancel_label=t("quit.stay", self.lang),
                                           lang=self.lang),
                             lambda yes: self.exit() if yes else None)
            return
        self.exit()

    def action_tasks(self) -> None:
        self.show_tasks()

    def action_help(self) -> None:
        from tui_export.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_profiles(self) -> None:
        from tui_export.ui.screens.profiles import ProfilesScreen

        if self.demo and not len(getattr(self.sim, "users", None) or ()):   # a demo without RAM users
            self.notify(t("profiles.demo", self.lang), markup=False, timeout=6)
            return
        if not isinstance(self.screen, ProfilesScreen):
            self.push_screen(ProfilesScreen(), self._profile_chosen)

    def _profile_chosen(self, result) -> None:
        if result is not None:
            self.use_session(*result)


def run_app(options) -> int:
    """Entry point for `tui-export` (cli.py parses argv into `options`)."""
    if "sdk" in os.environ.get("DEBUG", "").lower():
        os.environ.pop("DEBUG", None)
    app = TuiExportApp(options)
    result = app.run()
    # Back on the plain terminal: say what goes on without us (never for the demo,
    # whose cloud stopped with the app).
    running = [task for task in app.tasks.values() if task.running]
    if running and not app.demo:
        print(t("exit.running", app.lang, count=len(running)))
    return int(result or 0)
