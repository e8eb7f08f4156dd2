"""How TuiExportApp starts and connects (a mixin of the app, ui/app.py).

The first screen is drawn before any SDK is imported; after the first frame the SDKs are
imported in a background thread (cloud/warm_up.py) while the session (demo cloud, or
credentials) is built in a thread worker, which posts SessionReady or SignInNeeded. A
--demo launch runs the embedded cloud in its own locked folder (cloud/demo_state.py); the
log goes to a 0600 file in the state dir, never to the terminal Textual draws on.
"""

from __future__ import annotations

import logging
import threading

from textual import work

from tui_export.core.i18n import t, t_item
from tui_export.ui.accounts import account_of, profile_spec
from tui_export.ui.messages import SessionReady, SignInNeeded
from tui_export.ui.widgets.status_bar import StatusBar

log = logging.getLogger("tui_export.ui")


class AppStartup:
    """Mixin for TuiExportApp: logging, the demo cloud's life, connecting and switching sessions."""

    state_dir_problem: OSError | None = None   # why no state folder could be made, if none could

    # --- logging and the demo cloud ------------------------------------------------

    def on_load(self) -> None:
        self._setup_logging()

    def _setup_logging(self) -> None:
        """Log to <state dir>/logs/tui-export.log (0600, scrubbed); never to stderr (Textual draws there)."""
        try:
            from tui_export.cloud import paths
            from tui_export.cloud.log_file import open_log_handler

            if self.state_dir is None:
                self.state_dir = paths.state_dir(create=True)
            handler = open_log_handler(self.state_dir)
        except OSError as exc:
            handler = logging.NullHandler()
            if self.state_dir is None:   # no state folder: the demo's store in memory says why
                self.state_dir_problem = exc
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

    def _start_demo_run(self):
        """(This launch's demo folder or None, why not): without one the demo has no task store.
        Called from the connect worker: it returns, the UI thread keeps (_demo_up)."""
        if self.state_dir is None:      # no state dir could be made (see _setup_logging)
            return None, self.state_dir_problem
        try:
            from tui_export.cloud.demo_state import DemoRun

            return DemoRun.start(self.state_dir / "demo"), None
        except OSError as exc:
            log.exception("creating the demo folder")
            return None, exc

    def _demo_up(self, sim, run, problem: BaseException | None) -> None:
        """UI thread: the demo cloud the connect worker started, and its folder, are the app's now."""
        self._own_sim = self.sim = sim
        self._demo_run = run
        if problem is not None:
            self.store_problem = problem

    def _end_demo_run(self) -> None:
        run, self._demo_run = self._demo_run, None
        if run is None:
            return
        store, self.task_store = self.task_store, None
        if store is not None:
            store.close()
        run.close()

    def _stop_own_sim(self) -> None:
        sim, self._own_sim = self._own_sim, None
        if sim is not None:
            try:
                sim.stop()
            except Exception:
                log.exception("stopping the demo cloud")

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
            from tui_export.sim.demo_pace import demo_export_seconds

            # Its files live in this launch's folder, so a launch killed with -9 leaves them
            # where the next one sweeps them up (a temp dir would keep them for good).
            run, problem = self._start_demo_run()
            sim = EmbeddedCloud(scenario="demo", data_dir=run.path / "cloud" if run else None, lang=self.lang,
                                export_seconds=demo_export_seconds())
            sim.start()
            try:   # handed over on the UI thread (a worker never writes the app's state)
                self.call_from_thread(self._demo_up, sim, run, problem)
            except RuntimeError:   # the app is gone already: nobody else will stop them
                sim.stop()
                if run is not None:
                    run.close()
                raise
        if self.sim is not None:
            session = CloudSession.for_sim(self.sim)
            self.post_message(SessionReady(session, t("source.demo", self.lang)))
            return
        from tui_export.cloud.credentials import resolve

        found = resolve(self.profile, passphrase_provider=self.ask_passphrase)
        if not found:
            self.post_message(SignInNeeded(tuple(getattr(found, "checked", ()))))
            return
        self.post_message(SessionReady(CloudSession(found), t_item(found.source, self.lang), profile_spec(found),
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
        if not self.demo and session.identity is None:
            self._learn_uid(session)   # the status line names the account by its UID once STS says it

    @work(thread=True, exit_on_error=False, group="identity")
    def _learn_uid(self, session) -> None:
        # Beside the first screen's loads, never before them: one STS call, no permission needed.
        from tui_export.ui.screens.profiles import learn_identity

        learn_identity(session)
        if session.identity:
            self.call_from_thread(self._uid_learned, session)

    def _uid_learned(self, session) -> None:
        if session is self.session:   # not an account switched away from meanwhile
            self.refresh_status()

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


def account_label(session, demo: bool) -> str:
    """Who the tasks belong to, safe to store: "demo" or the masked AccessKey id."""
    if demo:
        return "demo"
    for name in ("account_label", "masked_key_id", "key_hint"):
        value = getattr(session, name, None)
        if isinstance(value, str) and value:
            return value
    return ""
