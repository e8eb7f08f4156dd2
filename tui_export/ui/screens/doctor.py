""""Check my setup": the pre-flight check (cloud/doctor) in the app.

Opened from the command palette, from a permission error's dialog and after a sign-in whose
keys may not list the regions. The check runs in a thread worker (read-only calls and a
DryRun: nothing is changed) and its report comes back as one message; the missing permissions'
policy can be copied to the clipboard (OSC 52) to paste into the RAM console.
"""

from __future__ import annotations

import logging

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from tui_export.core.i18n import t
from tui_export.ui.app_contract import contract
from tui_export.ui.errors import report_worker_failure
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.localize import localize

log = logging.getLogger("tui_export.ui")


class DoctorDone(Message):
    def __init__(self, report) -> None:
        super().__init__()
        self.report = report


def open_doctor(app, session=None) -> None:
    """Show the check (once: a second request while it is open does nothing). `session`: the one
    just signed in with, before the app has switched to it."""
    if not any(isinstance(s, DoctorScreen) for s in app.screen_stack):
        app.push_screen(DoctorScreen(session))


def _region_in_view(app) -> str:
    """The region the user is looking at (the images screen's), else the one asked at launch."""
    for screen in reversed(app.screen_stack):
        region = getattr(screen, "region_id", "")
        if isinstance(region, str) and region:
            return region
    return getattr(getattr(app, "options", None), "region", None) or ""


class DoctorScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Close the check.", id="doctor.close"),
        Binding("r", "rerun", "Check again", tooltip="Run every check again.", id="doctor.rerun"),
        Binding("c", "copy_policy", "Copy policy", tooltip="Copy the policy that grants what is missing.",
                id="doctor.copy_policy"),
    ]

    def __init__(self, session=None) -> None:
        super().__init__()
        self.session = session
        self.report = None
        localize(self)

    @property
    def lang(self) -> str:
        return contract(self.app).lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("doctor.title", self.lang), id="doctor-title", markup=False)
            with VerticalScroll(id="doctor-scroll"):
                yield Static(t("doctor.running", self.lang), id="doctor-body", markup=False)
            with Horizontal(id="doctor-buttons"):
                yield Button(t("doctor.rerun", self.lang), id="doctor-rerun")
                yield Button(t("doctor.copy", self.lang), id="doctor-copy", disabled=True)
                yield Button(t("doctor.close", self.lang), id="doctor-close", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#doctor-close", Button).focus()
        self.action_rerun()

    def action_rerun(self) -> None:
        session = self.session or contract(self.app).session
        if session is None:
            return
        self.query_one("#doctor-body", Static).update(t("doctor.running", self.lang))
        self.query_one("#doctor-rerun", Button).disabled = True
        self._run(session, _region_in_view(self.app))

    @work(thread=True, exclusive=True, exit_on_error=False, group="doctor", name="doctor")
    def _run(self, session, region: str) -> None:
        from tui_export.cloud.credentials import mask_key_id
        from tui_export.cloud.doctor import DoctorOptions, run_doctor

        try:
            key_hint = mask_key_id(session.credentials().access_key_id)
        except Exception as exc:   # noqa: BLE001 - the account check says what is wrong with the keys
            log.info("no key hint for the doctor: %s", getattr(exc, "code", "") or type(exc).__name__)
            key_hint = ""
        options = DoctorOptions(region=region, lang=self.lang, download_dir=contract(self.app).download_dir or "",
                                source=contract(self.app).source_label, key_hint=key_hint)
        self.post_message(DoctorDone(run_doctor(session, options)))

    def on_doctor_done(self, message: DoctorDone) -> None:
        self.report = message.report
        self.query_one("#doctor-body", Static).update("\n".join(self.report.lines()))
        self.query_one("#doctor-copy", Button).disabled = not self.report.policy
        self.query_one("#doctor-rerun", Button).disabled = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "doctor" and event.state == WorkerState.ERROR:
            self.query_one("#doctor-rerun", Button).disabled = False
            self.query_one("#doctor-body", Static).update("")
            report_worker_failure(self, event)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"doctor-rerun": self.action_rerun, "doctor-copy": self.action_copy_policy,
         "doctor-close": self.action_close}[event.button.id or "doctor-close"]()

    def action_copy_policy(self) -> None:
        if self.report is not None and self.report.policy:
            from tui_export.ui.clipboard import copy_text

            copy_text(self.app, self.report.policy_text())
            self.app.notify(t("doctor.copied", self.lang), timeout=4)

    def action_close(self) -> None:
        self.dismiss(None)
