"""ConfirmDialog: a yes/no question before anything that changes the cloud or the disk.

`push_screen(ConfirmDialog(...), callback)` or `await push_screen_wait(...)`; the
dialog dismisses with True (`y`, or the confirm button) or False (Esc, `n`, cancel).
The safe choice ("keep it running", "not now") has the focus when it opens: a
stray Enter typed a moment too late never cancels, deletes or changes anything.
Tab reaches the confirm button.
Title and body are plain text: callers pass cloud text freely, it is never parsed
as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui_export.core.i18n import t
from tui_export.ui.app_contract import contract
from tui_export.ui.widgets.localize import localize


class ConfirmDialog(ModalScreen[bool]):

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False, id="confirm.yes"),
        Binding("n", "answer(False)", "No", show=False, id="confirm.no"),
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
    ]

    def __init__(self, title: str, body: str, confirm_label: str, *,
                 cancel_label: str | None = None, danger: bool = False,
                 lang: str | None = None) -> None:
        super().__init__(classes="-danger" if danger else None)
        self._title = title
        self._body = body
        self._confirm_label = confirm_label
        self._cancel_label = cancel_label
        self._lang = lang
        localize(self)

    @property
    def lang(self) -> str:
        return self._lang or contract(self.app).lang

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            # Content(...) is literal text: a role name or a path with "[" stays as typed.
            yield Static(Content(self._title), id="confirm-title")
            with VerticalScroll(id="confirm-body-scroll", can_focus=False):
                yield Static(Content(self._body), id="confirm-body")
            with Horizontal(id="confirm-buttons"):
                yield Button(self._cancel_label or t("confirm_dialog.cancel", self.lang), id="confirm-no")
                yield Button(Content(self._confirm_label), id="confirm-yes",
                             variant="error" if self.has_class("-danger") else "primary")

    def on_mount(self) -> None:
        # Enter right after the dialog opens answers "no": the safe choice has the focus.
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
