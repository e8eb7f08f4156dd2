"""OpenTaskDialog: type an export task id ("t-…") to open it, wherever it was started
(here, a script, the console). The id is checked as typed (core/task_ids.py); the
tasks screen then asks the cloud which region knows it. Dismisses with the id or None.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui_export.core.task_ids import clean_task_id, validate_task_id
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.widgets.localize import localize
from tui_export.ui.widgets.validators import RuleValidator


class OpenTaskDialog(AppAccess, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="open-task.cancel")]
    AUTO_FOCUS = "#ot-id"

    def __init__(self) -> None:
        super().__init__()
        localize(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="ot-box"):
            yield Static(Content(self._t("open_task.title")), id="ot-title")
            yield Static(Content(self._t("open_task.body")), id="ot-body")
            yield Input(placeholder="t-…", id="ot-id", validators=[RuleValidator(validate_task_id, self.lang)],
                        validate_on=["changed", "submitted"])
            yield Static("", id="ot-error")
            with Horizontal(id="ot-buttons"):
                yield Button(self._t("open_task.cancel"), id="ot-cancel")
                yield Button(self._t("open_task.open"), id="ot-open", variant="primary", disabled=True)

    @on(Input.Changed, "#ot-id")
    def _changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        ok = result is not None and result.is_valid
        # no scolding while the field is still empty
        errors = result.failure_descriptions if result and not ok and event.value.strip() else []
        self.query_one("#ot-error", Static).update(Content("\n".join(errors)))
        self.query_one("#ot-open", Button).disabled = not ok

    @on(Input.Submitted, "#ot-id")
    @on(Button.Pressed, "#ot-open")
    def action_open(self) -> None:
        value = self.query_one("#ot-id", Input).value
        problem = validate_task_id(value)
        if problem is not None:
            self.app.bell()
            return
        self.dismiss(clean_task_id(value))

    @on(Button.Pressed, "#ot-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
