"""ErrorDialog: a blocking error (ui/errors.py decides which errors get one): read it, then
Enter/Esc closes it; a permission denial also offers the doctor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui_export.core.i18n import t
from tui_export.ui.widgets.localize import localize_bindings

if TYPE_CHECKING:
    from tui_export.ui.errors import ErrorView


class ErrorDialog(ModalScreen[None]):
    """A blocking error: read it, then Enter/Esc closes it."""

    BINDINGS = [Binding("escape", "dismiss_dialog", "Close", tooltip="Close this message.", id="error.close")]

    def __init__(self, view: ErrorView, lang: str, *, title: str = "", hint: str = "", doctor: bool = False) -> None:
        super().__init__()
        self.doctor = doctor   # a permission denial: offer "Check my setup"
        self.view = view
        self.hint = hint
        self.lang = lang
        self.title_text = title or view.title
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="error-title", markup=False)
            yield Static("\n".join(self.view.lines(self.lang)), id="error-body", markup=False)
            if self.hint:
                yield Static(self.hint, id="error-hint", markup=False)
            if self.doctor:
                with Horizontal(id="error-buttons"):
                    yield Button(t("cmd.doctor", self.lang), id="error-doctor", variant="primary")
                    yield Button(t("button.close", self.lang), id="error-close", variant="error")
            else:
                yield Button(t("button.close", self.lang), id="error-close", variant="error")

    def on_mount(self) -> None:
        # The first button (never "query_one"): an app quitting while this dialog mounts has
        # composed nothing, and a lookup error then would replace the real exit reason.
        for button in self.query(Button).results(Button):
            button.focus()
            break

    def on_button_pressed(self, event: Button.Pressed) -> None:
        app = self.app
        self.dismiss(None)
        if event.button.id == "error-doctor":
            from tui_export.ui.screens.doctor import open_doctor

            open_doctor(app)

    def action_dismiss_dialog(self) -> None:
        self.dismiss(None)
