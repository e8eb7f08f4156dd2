"""ExportLocationDialog: ask where a finished export wrote its files, when the cloud
doesn't say (a task started in the console or on another machine; docs/api.md
"Tasks started elsewhere").

Bucket and prefix are checked as they are typed with the export form's rules
(core.rules through ui/widgets/validators.py); a line shows the object names
that will be looked for. Enter lists, Esc cancels quietly. Dismisses with
ExportLocation(bucket, prefix) or None.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui_export.core import rules
from tui_export.core.models import Task
from tui_export.core.task_location import ExportLocation
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.widgets.localize import localize
from tui_export.ui.widgets.validators import bucket_name_validator, prefix_validator


class ExportLocationDialog(AppAccess, ModalScreen[ExportLocation | None]):

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export-location.cancel")]

    def __init__(self, task: Task, known: ExportLocation) -> None:
        super().__init__()
        self.export_task = task
        self.known = known
        localize(self)

    def compose(self) -> ComposeResult:
        task = self.export_task
        with Vertical(id="el-box"):
            yield Static(Content(self._t("export_location.title", task=task.task_id)), id="el-title")
            yield Static(Content(self._t("export_location.body", image=task.resource_id or "?",
                                         region=task.region_id)), id="el-body")
            yield Label(self._t("export_location.bucket"))
            yield Input(self.known.bucket, placeholder=self._t("export_form.bucket_manual_placeholder"),
                        id="el-bucket", validators=[bucket_name_validator(self.lang)],
                        validate_on=["changed", "submitted"])
            yield Static("", id="el-bucket-error", classes="el-error")
            yield Label(self._t("export_location.prefix"))
            yield Input(self.known.prefix or "", placeholder=self._t("export_location.prefix_placeholder"),
                        id="el-prefix", validators=[prefix_validator(self.lang)],
                        validate_on=["changed", "submitted"])
            yield Static("", id="el-prefix-error", classes="el-error")
            yield Static("", id="el-preview")
            with Horizontal(id="el-buttons"):
                yield Button(self._t("export_location.cancel"), id="el-cancel")
                yield Button(self._t("export_location.list"), id="el-list", variant="primary")

    def on_mount(self) -> None:
        # the first field still to fill: the bucket, or (bucket known) the prefix
        self.query_one("#el-prefix" if self.known.bucket else "#el-bucket", Input).focus()
        self._say("#el-bucket-error", "")
        self._say("#el-prefix-error", "")
        self._preview()

    def _say(self, selector: str, text: str) -> None:
        """An error or preview line, taking no room while empty (the dialog fits 80x24)."""
        line = self.query_one(selector, Static)
        line.update(Content(text))
        line.display = bool(text)

    def _values(self) -> tuple[str, str]:
        return (self.query_one("#el-bucket", Input).value.strip(),
                self.query_one("#el-prefix", Input).value.strip())

    def _preview(self) -> None:
        bucket, prefix = self._values()
        ok = rules.validate_bucket_name(bucket) is None and rules.validate_prefix(prefix) is None
        head = rules.export_object_prefix(self.export_task.resource_id or "?", prefix)
        text = self._t("export_location.preview", bucket=bucket, head=head) if ok else ""
        self._say("#el-preview", text)
        self.query_one("#el-list", Button).disabled = not ok

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        # no complaint about an empty bucket while typing; Enter says it
        errors = result.failure_descriptions if result and not result.is_valid and event.value else []
        target = "#el-bucket-error" if event.input.id == "el-bucket" else "#el-prefix-error"
        self._say(target, "\n".join(errors))
        self._preview()

    @on(Input.Submitted)
    @on(Button.Pressed, "#el-list")
    def action_submit(self) -> None:
        bucket, prefix = self._values()
        problems = (("#el-bucket-error", "#el-bucket", rules.validate_bucket_name(bucket)),
                    ("#el-prefix-error", "#el-prefix", rules.validate_prefix(prefix)))
        first = None
        for error_id, input_id, problem in problems:
            if problem is not None:
                self._say(error_id, self._t(problem.key, **problem.detail))
                first = first or input_id
        if first:
            self.query_one(first, Input).focus()
            return
        self.dismiss(ExportLocation(bucket, prefix))

    @on(Button.Pressed, "#el-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
