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
        # The screen's own keys first (a focused table may shadow some in the footer,
        # e.g. Enter), then the rest of what is active; only what the footer would show.
        own = [(b, b.tooltip) for _, bs in self.target._bindings.key_to_bindings.items() for b in bs]
        active = [(a.binding, a.tooltip) for a in self.target.active_bindings.values()]
        for binding, tip in own + active:
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = self.app.get_key_display(binding)
            line = f"[b $accent]{escape(shown):>8}[/]  {escape(binding.description)}"
            if tip or binding.tooltip:
                line += f"[dim] — {escape(tip or binding.tooltip)}[/dim]"
            rows.append(line)
        rows.append(f"[b $accent]{'ctrl+p':>8}[/]  {escape(t('help.palette', lang))}")
        return "\n".join(rows)

    def action_close(self) -> None:
        self.dismiss(None)
