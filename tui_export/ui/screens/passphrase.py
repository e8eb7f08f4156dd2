"""The encrypted secret file's passphrase, asked in a modal (never on the raw terminal).

`creating=True` (a new file): asked twice, at least MIN_LENGTH characters.
`wrong=True`: asked again after a passphrase that did not open the file; the
prompt's own line says so (the one message: no error dialog on top).
Dismisses with the passphrase, or None when the user cancels.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui_export.core.i18n import t
from tui_export.ui.widgets.localize import localize_bindings

MIN_LENGTH = 8


class PassphraseScreen(ModalScreen["str | None"]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Don't unlock; go back.", id="passphrase.cancel")]

    def __init__(self, confirm: bool = False, wrong: bool = False) -> None:
        super().__init__()
        self.creating = confirm
        self.wrong = wrong   # asked again: the last passphrase did not open the file
        localize_bindings(self, self.app.lang)

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="passphrase-box", classes="dialog"):
            yield Static(t("pass.title_new" if self.creating else "pass.title", lang), classes="dialog-title")
            yield Static(t("pass.explain_new" if self.creating else "pass.explain", lang), classes="dialog-text")
            yield Label(t("pass.label", lang))
            yield Input(password=True, id="pass1", compact=True)
            if self.creating:
                yield Label(t("pass.repeat", lang))
                yield Input(password=True, id="pass2", compact=True)
            yield Static(t("pass.wrong", lang) if self.wrong else "", id="pass-problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("pass.ok", lang), id="pass-ok", variant="primary", compact=True)
                yield Button(t("button.cancel", lang), id="pass-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#pass1", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "pass1" and self.creating:
            self.query_one("#pass2", Input).focus()
        else:
            self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pass-ok":
            self._submit()
        else:
            self.action_cancel()

    def _submit(self) -> None:
        lang = self.app.lang
        first = self.query_one("#pass1", Input).value
        problem = ""
        if not first:
            problem = t("pass.empty", lang)
        elif self.creating and len(first) < MIN_LENGTH:
            problem = t("pass.short", lang, min=MIN_LENGTH)
        elif self.creating and first != self.query_one("#pass2", Input).value:
            problem = t("pass.mismatch", lang)
        if problem:
            self.query_one("#pass-problem", Static).update(problem)
            return
        self.dismiss(first)

    def action_cancel(self) -> None:
        self.dismiss(None)
