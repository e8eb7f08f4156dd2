"""DownloadDestinationDialog: where a download goes (a directory that exists).

Prefilled with the current directory (where an ops engineer on a jump host
usually wants the file); refuses a directory that does not exist or can't be
written, as typed. Dismisses with the directory (str) or None.
"""

from __future__ import annotations

import os

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from tui_export.core.i18n import t
from tui_export.ui.app_contract import contract
from tui_export.ui.widgets.localize import localize
from tui_export.ui.widgets.validators import DirectoryToMake, ExistingDirectory


class Destination(str):
    """The chosen folder; `convert` is the format the archives become (issue #11; "archive" = as exported)."""

    convert: str = "archive"


class DownloadDestinationDialog(ModalScreen[str | None]):

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="download-dest.cancel")]

    def __init__(self, file_name: str, default_dir: str | None = None, *, many: bool = False,
                 allow_missing: bool = False, formats: bool = False) -> None:
        super().__init__()
        self.formats = formats   # offer "Save as" archive/raw/qcow2/vmdk/vhd (downloads through the engine)
        # allow_missing: a folder that doesn't exist yet is accepted when it can be made
        # (its nearest existing parent is writable); the caller confirms before making it.
        self.allow_missing = allow_missing
        self.file_name = file_name   # or, with many=True, a phrase like "2 exported files"
        self.many = many
        self.default_dir = default_dir or os.getcwd()
        localize(self)

    @property
    def lang(self) -> str:
        return contract(self.app).lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="dd-box"):
            yield Static(Content(t("download_dest.title", lang, name=self.file_name)), id="dd-title")
            yield Label(t("download_dest.label", lang))
            yield Input(self.default_dir, id="dd-dir", validators=[self._validator()],
                        validate_on=["changed", "submitted"])
            yield Static("", id="dd-error")
            yield Static("", id="dd-target")
            if self.formats:
                from tui_export.convert.formats import FORMATS
                yield Label(t("download_dest.format", lang))
                yield Select([(t(f"convert.format.{f}", lang), f) for f in FORMATS], value="archive",
                             allow_blank=False, id="dd-format")
            with Horizontal(id="dd-buttons"):
                yield Button(t("download_dest.cancel", lang), id="dd-cancel")
                yield Button(t("download_dest.start", lang), id="dd-ok", variant="primary")

    def _validator(self):
        return (DirectoryToMake if self.allow_missing else ExistingDirectory)(self.lang)

    def on_mount(self) -> None:
        field = self.query_one("#dd-dir", Input)
        field.focus()
        self._show(field.value)

    def _show(self, value: str) -> None:
        result = self._validator().validate(value)
        self.query_one("#dd-error", Static).update(Content("\n".join(result.failure_descriptions)))
        target = "" if not result.is_valid else (
            os.path.expanduser(value.strip()) if self.many
            else os.path.join(os.path.expanduser(value.strip()), self.file_name))
        self.query_one("#dd-target", Static).update(
            Content(t("download_dest.target_many" if self.many else "download_dest.target", self.lang, path=target)
                    if target else ""))
        self.query_one("#dd-ok", Button).disabled = not result.is_valid

    @on(Input.Changed, "#dd-dir")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#dd-dir")
    @on(Button.Pressed, "#dd-ok")
    def action_ok(self) -> None:
        value = self.query_one("#dd-dir", Input).value
        if not self._validator().validate(value).is_valid:
            self._show(value)
            self.app.bell()
            return
        chosen = Destination(os.path.abspath(os.path.expanduser(value.strip())))
        if self.formats:
            chosen.convert = str(self.query_one("#dd-format", Select).value)
        self.dismiss(chosen)

    @on(Button.Pressed, "#dd-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
