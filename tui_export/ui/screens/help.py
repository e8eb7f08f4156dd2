"""`?`: the keys of the screen you were on, and a short how-to.

Built from the screen's active bindings (the same ones the footer shows), so
it can't drift from what the keys really do.
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui_export.core.i18n import t
from tui_export.ui.widgets.localize import localize_bindings

# Screen class name -> the how-to text for it.
HOWTO = {
    "RegionsScreen": "help.regions",
    "ImagesScreen": "help.images",
    "TasksScreen": "help.tasks",
    "SignInScreen": "help.signin",
    "ProfilesScreen": "help.profiles",
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", tooltip="Close the help.", id="close"),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target
        localize_bindings(self, self.app.lang)

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="help-box"):
            yield Static(t("help.title", lang), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self._keys_markup(), id="help-keys")
                howto = HOWTO.get(type(self.target).__name__)
                if howto:
                    yield Static(escape(t(howto, lang)), id="help-howto")
                yield Static(escape(t("help.general", lang)), id="help-general")
            yield Static(escape(t("help.close", lang)), id="help-footer")

    def _keys_markup(self) -> str:
        lang = self.app.lang
        rows = []
        seen = set()
        for key, active in self.target.active_bindings.items():
            binding = active.binding
            # What the footer shows (show=True); widgets' cursor keys are standard.
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = self.app.get_key_display(binding)
            tip = active.tooltip or binding.tooltip or ""
            line = f"[b $accent]{escape(shown):>8}[/]  {escape(binding.description)}"
            if tip:
                line += f"[dim] — {escape(tip)}[/dim]"
            rows.append(line)
        rows.append(f"[b $accent]{'ctrl+p':>8}[/]  {escape(t('help.palette', lang))}")
        return "\n".join(rows)

    def action_close(self) -> None:
        self.dismiss(None)
