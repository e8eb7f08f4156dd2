"""TuiExportApp: the Textual app, and `run_app(options)` for the command line.

The app owns what outlives a screen: the CloudSession, the task store, the
job engine (tui_export/jobs: its one poller follows every task, whatever screen
is shown; its news arrives as JobChanged, ui/app_jobs.py), the embedded demo
cloud, and the log file. Screens reach them as
`self.app.session`, `self.app.task_store`, `self.app.watch_task(...)`.

Startup: the first screen is drawn before any SDK is imported; after the first
frame the SDKs are imported in a background thread (cloud/warm_up.py) while the
session (demo cloud, or credentials) is built in a thread worker.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from tui_export.core.eta import STALL_SECONDS
from tui_export.core.i18n import norm_lang, t
from tui_export.core.models import ExportRequest, Task
from tui_export.ui import errors, job_signals
from tui_export.ui.accounts import account_of, profile_spec
from tui_export.ui.app_jobs import AppJobs
from tui_export.ui.app_notices import KeepsNotices
from tui_export.ui.commands import MainCommands
from tui_export.ui.messages import SessionReady, SignInNeeded
from tui_export.ui.task_rows import record_to_request, record_to_task
from tui_export.ui.terminal import with_terminal_out
from tui_export.ui.widgets.localize import localize_bindings
from tui_export.ui.widgets.status_bar import StatusBar

log = logging.getLogger("tui_export.ui")

# Task polling: first delay, the ceiling the back-off grows to (seconds).
POLL_SECONDS = 2.0


class TuiExportApp(AppJobs, KeepsNotices, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "tui-export"
    # Designed for 80 columns first; only very wide terminals get side panes
    # (at 120 the tables need the full width more than the pane needs a column).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    COMMANDS = App.COMMANDS | {MainCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Keys of this screen and a short how-to.", id="help"),
        Binding("t", "tasks", "Tasks", tooltip="Export tasks and their progress.", id="tasks"),
        Binding("j", "jobs", "Jobs", tooltip="Every job with its stage, progress, rate and ETA.", id="jobs"),
        Binding("p", "profiles", "Account", tooltip="Switch account or sign in.", id="profiles"),
        Binding("ctrl+q", "quit", "Quit", tooltip="Leave tui-export (running exports go on in the cloud).",
                id="quit", priority=True),
    ]

    def __init__(self, options=None, *, sim=None, session=None, state_dir: str | Path | None = None,
                 poll_seconds: float = POLL_SECONDS) -> None:
        # aliyunsdkcore prints every request, secrets included, with DEBUG=sdk (api-notes §7.7).
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
        self.store_problem: BaseException | None = None   # why there is no task store (and no engine)
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

    def on_load(self) -> None:
        self._setup_logging()

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
        if self.app_focus and self.screen.focused is None:
            self.screen._update_auto_focus()

    def on_unmount(self) -> None:
        self.stop_engine()   # downloads stop at their checkpoint, journaled: the next launch resumes
        self._stop_own_sim()
        self._end_demo_run()
        self._close_logging()

    def _stop_own_sim(self) -> None:
        sim, self._own_sim = self._own_sim, None
        if sim is not None:
            try:
                sim.stop()
            except Exception:
                log.exception("stopping the demo cloud")

    def _start_demo_run(self):
        """This launch's demo folder, or None (then the demo runs without a task store)."""
        if self.state_dir is None:      # no state dir could be made (see _setup_logging)
            return None
        try:
            from tui_export.cloud.demo_state import DemoRun

            self._demo_run = DemoRun.start(self.state_dir / "demo")
        except OSError as exc:
            log.exception("creating the demo folder")
            self._demo_run = None
            self.store_problem = exc
        return self._demo_run

    def _end_demo_run(self) -> None:
        run, self._demo_run = self._demo_run, None
        if run is None:
            return
        store, self.task_store = self.task_store, None
        if store is not None:
            store.close()
        run.close()

    def _setup_logging(self) -> None:
        """Log to <state dir>/logs/tui-export.log (0600, scrubbed); never to stderr (Textual draws there)."""
        try:
            from tui_export.cloud import paths
            from tui_export.cloud.log_file import open_log_handler

            if self.state_dir is None:
                self.state_dir = paths.state_dir(create=True)
            handler = open_log_handler(self.state_dir)
        except OSError:
            handler = logging.NullHandler()
        root = logging.getLogger()
        root.addHandler(handler)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
        logging.captureWarnings(True)   # warnings would otherwise print over the screen
        self._log_handler = handler
        log.info("tui-export starting (demo=%s, read_only=%s, lang=%s)", self.demo, self.read_only, self.lang)

    def _close_logging(self) -> None:
        handler, self._log_handler = self._log_handler, None
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()

    # --- connecting ------------------------------------------------------------

    def _begin_connect(self) -> None:
        from tui_export.cloud.warm_up import warm_sdks

        warm_sdks()
        if self.session is not None:
            self.post_message(SessionReady(self.session, t("source.given", self.lang)))
        else:
            self._connect()

    @work(thread=True, exclusive=True, exit_on_error=False, group="connect")
    def _connect(self) -> None:
        from tui_export.cloud.session import CloudSession

        if self.sim is None and getattr(self.options, "demo", False):
            from tui_export.sim import EmbeddedCloud

            # Its files live in this launch's folder, so a launch killed with -9 leaves them
            # where the next one sweeps them up (a temp dir would keep them for good).
            run = self._start_demo_run()
            sim = EmbeddedCloud(scenario="demo", data_dir=run.path / "cloud" if run else None, lang=self.lang)
            sim.start()
            self._own_sim = self.sim = sim
        if self.sim is not None:
            session = CloudSession.for_sim(self.sim)
            self.post_message(SessionReady(session, t("source.demo", self.lang)))
            return
        from tui_export.cloud.credentials import resolve

        found = resolve(self.profile, passphrase_provider=self.ask_passphrase)
        if not found:
            self.post_message(SignInNeeded(tuple(getattr(found, "checked", ()))))
            return
        self.post_message(SessionReady(CloudSession(found), found.source, profile_spec(found),
                                       account_of(found)))

    def ask_passphrase(self, confirm: bool = False, wrong: bool = False) -> str | None:
        """For worker threads: ask for the encrypted store's passphrase in a modal.

        Blocks the calling worker (never the UI thread) until the user answers."""
        from tui_export.ui.screens.passphrase import PassphraseScreen

        answer: list[str | None] = []
        done = threading.Event()

        def got(value: str | None) -> None:
            answer.append(value)
            done.set()

        # The screen is built on the UI thread (screens need the active app); called on the UI
        # thread itself, call_from_thread raises rather than wait forever.
        self.call_from_thread(lambda: self.push_screen(PassphraseScreen(confirm=confirm, wrong=wrong), got))
        while not done.wait(0.2):
            if not self.is_running:   # the app closed while asking: answer "cancelled"
                return None
        return answer[0] if answer else None

    # After a wrong passphrase the store calls it again (wrong=True): the prompt says so itself.
    ask_passphrase.asks_again = True

    def on_session_ready(self, message: SessionReady) -> None:
        self.use_session(message.session, message.source, message.spec, message.account)

    def use_session(self, session, source: str, spec: str | None = None, account: str | None = None) -> None:
        """Switch to `session` (startup, sign-in, profile switch) and tell the screens."""
        self.session = session
        self.source_label = source
        self.profile_in_use = spec
        self.account_label = "demo" if self.demo else (account or account_label(session, self.demo))
        self.connection_state = "ready"
        self.tasks.clear()
        self.images_cache.clear()
        self.region_list = []
        self._open_task_store()
        self.refresh_status()
        for screen in list(self.screen_stack):
            hook = getattr(screen, "session_ready", None)
            if hook:
                hook()
        self.start_engine()   # another account: the old account's engine and its watches end
        self._resume_unfinished()

    def on_sign_in_needed(self, message: SignInNeeded) -> None:
        from tui_export.ui.screens.signin import SignInScreen

        self.connection_state = "signed_out"
        self.refresh_status()
        self.push_screen(SignInScreen(checked=message.checked), self._signed_in)

    def _signed_in(self, result) -> None:
        if result is not None:
            self.use_session(*result)

    def refresh_status(self) -> None:
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.refresh_line()
            hook = getattr(screen, "status_changed", None)
            if hook:
                hook()

    # --- the task store --------------------------------------------------------

    def _open_task_store(self) -> None:
        if self.task_store is not None:
            return
        try:
            from tui_export.cloud.task_store import TaskStore

            where = self.state_dir
            if self._own_sim is not None:
                # A fresh demo cloud each launch: its tasks can't outlive it, so the demo
                # keeps them in this launch's own folder (never mixed with real ones, never
                # touching another demo launch's).
                if self._demo_run is None:
                    return
                where = self._demo_run.path
            self.task_store = TaskStore(where)
        except Exception as exc:   # no store: the app still browses; exports say why they can't start
            log.exception("opening the task store")
            self.task_store = None
            self.store_problem = exc

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

    # --- read-only mode --------------------------------------------------------

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
        """Exports run through the job engine, which keeps its journal in the task store:
        without the store (its folder refused), say why instead of starting nothing."""
        if self.engine is not None:
            return False
        self.show_error(self.store_problem or RuntimeError("no task store"), context=t("job.export", self.lang))
        return True

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

        from tui_export.ui.screens.result import ResultScreen

        downloading = any(isinstance(s, ResultScreen) and s.job is not None
                          for s in self.screen_stack) or self.engine_downloading()
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


def account_label(session, demo: bool) -> str:
    """Who the tasks belong to, safe to store: "demo" or the masked AccessKey id."""
    if demo:
        return "demo"
    for name in ("account_label", "masked_key_id", "key_hint"):
        value = getattr(session, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


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
