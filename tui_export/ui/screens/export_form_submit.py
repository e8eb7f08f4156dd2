"""The export form's submit: what still stands in the way, the DryRun, the refusal shown
next to the fields, and the ExportRequest(s) the form dismisses with.

A section of ExportForm (ui/screens/export_form.py), not a screen of its own: it is a
ModalScreen subclass only so that Textual collects its `@on` handlers.
"""

from __future__ import annotations

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui_export.core import rules
from tui_export.core.models import ExportRequest, Image, RoleState
from tui_export.ui.errors import inline_lines, is_cloud_error


class DryRunPassed(Message):
    def __init__(self, request: ExportRequest | list[ExportRequest],
                 refused: dict[str, list[str]] | None = None) -> None:
        super().__init__()
        self.request = request
        self.refused = refused or {}   # batch: image id -> the cloud's refusal, as lines


class SubmitSection(ModalScreen):
    """Needs the form's bucket and role sections, `batch`, `busy`, `sendable`, `_format`."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="xf-dryrun", name="dryrun")
    def dry_run(self, request: ExportRequest | list[ExportRequest]) -> None:
        if not isinstance(request, list):
            self.session.export(request, dry_run=True)
            self.post_message(DryRunPassed(request))
            return
        # Batch: each image asks the cloud; a refusal keeps that image back, a failure
        # of the link (not the cloud's answer) stops the check like the single form's.
        passed, refused = [], {}
        for one in request:
            try:
                self.session.export(one, dry_run=True)
            except Exception as exc:
                if not is_cloud_error(exc):
                    raise
                refused[one.image_id] = inline_lines(exc, self.lang)
            else:
                passed.append(one)
        self.post_message(DryRunPassed(passed, refused))

    def on_dry_run_passed(self, message: DryRunPassed) -> None:
        self.busy = False
        if message.refused:   # batch: say which can't go; the next Ctrl+S sends the others
            self.refused.update(message.refused)
            self._update_preview(self.query_one("#xf-prefix", Input).value)
            self._update_submit()
            return
        self.remember_choice(message.request)
        self.dismiss(message.request)

    def _problems(self) -> list[str]:
        """What still stands between the user and the export, as short phrases."""
        problems = []
        if not self.buckets_ready and not self.manual_bucket:
            problems.append(self._t("export_form.wait_buckets"))
        elif self.chosen_bucket() is None:
            problems.append(self._t("export_form.need_bucket"))
        if rules.validate_prefix(self.query_one("#xf-prefix", Input).value) is not None:
            problems.append(self._t("export_form.need_prefix"))
        if self.batch and not self.sendable():
            problems.append(self._t("export_form.batch_none"))
        if self.role_state is not RoleState.PRESENT and not (self.role_state is None and self.role_check_failed):
            problems.append(self._t("export_form.need_role") if self.role_state or not self._role_loading()
                            else self._t("export_form.wait_role"))
        return problems

    def _ready(self) -> bool:
        return not self.busy and not self._problems()

    def _update_submit(self) -> None:
        problems = self._problems()
        status = self.query_one("#xf-status", Static)
        if self.busy:
            key = "export_form.role_creating" if self._role_loading() else "export_form.checking"
            status.update(Content(self._t(key, role=rules.EXPORT_ROLE_NAME)))
        elif problems:
            status.update(Content(self._t("export_form.blocked", what=self._t("export_form.list_sep").join(problems))))
        elif self.batch:
            status.update(Content(self._t("export_form.batch_ready", count=len(self.sendable()))))
        else:
            status.update(Content(self._t("export_form.ready")))
        self.query_one("#xf-submit", Button).disabled = self.busy or bool(problems)

    def _set_refusal(self, lines: list[str], *, doctor: bool = False) -> None:
        refusal = self.query_one("#xf-refusal", Static)
        refusal.update(Content("\n".join(lines)))
        refusal.display = bool(lines)
        self.query_one("#xf-doctor", Button).set_class(not (lines and doctor), "-hidden")

    @on(Button.Pressed, "#xf-doctor")
    def _doctor_pressed(self) -> None:
        from tui_export.ui.screens.doctor import open_doctor

        open_doctor(self.app)   # over the form: Esc comes back to it

    def request(self, image: Image | None = None) -> ExportRequest | None:
        chosen = self.chosen_bucket()
        if chosen is None:
            return None
        return ExportRequest(
            region_id=self.region_id, image_id=(image or self.image).image_id, bucket=chosen,
            prefix=self.query_one("#xf-prefix", Input).value, image_format=self._format(),
            role_name=rules.EXPORT_ROLE_NAME,
        )

    def requests(self) -> list[ExportRequest]:
        """Batch: one request per image that can go, the same bucket, prefix and format."""
        return [r for r in (self.request(im) for im in self.sendable()) if r is not None]

    @on(Button.Pressed, "#xf-submit")
    def action_check_export(self) -> None:
        if not self._ready():
            self.app.bell()
            return
        if self._read_only_refused("export"):
            return
        request = self.requests() if self.batch else self.request()
        if not request:
            return
        self.busy = True
        self._set_refusal([])
        self._update_submit()
        self.dry_run(request)
