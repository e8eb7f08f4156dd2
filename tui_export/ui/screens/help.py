"""`?`: the keys of the screen you were on, and a short how-to.

Built from the screen's bindings (the ones its footer shows, with the same
labels, then those it leaves out for room), then the global keys (tasks, jobs,
account, quit, commands), so it can't drift from what the keys really do.
Each key is a row of two columns: a long text wraps under its own start, not
under the key (a hanging indent), at 80 columns too.
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui_export.core.i18n import t
from tui_export.ui.app_contract import contract
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.localize import localize_bindings, localized

# Screen class name -> the how-to text for it.
HOWTO = {
    "RegionsScreen": "help.regions",
    "ImagesScreen": "help.images",
    "TasksScreen": "help.tasks",
    "SignInScreen": "help.signin",
    "ProfilesScreen": "help.profiles",
    "ExportForm": "help.export_form",
}


def own_bindings(target: Screen) -> list[Binding]:
    """The screen's own bindings as its classes declare them (base classes first, as Textual merges them)."""
    found: list[Binding] = []
    for cls in reversed(type(target).__mro__):
        found += Binding.make_bindings(cls.__dict__.get("BINDINGS", ()))
    return found


def help_rows(app, target: Screen) -> list[tuple[str, str, str]]:
    """(key as shown, label, tooltip) for every key the help lists, footer order first."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def add(binding: Binding, tip: str) -> None:
        if not binding.description or binding.action in seen:
            return
        seen.add(binding.action)
        rows.append((app.get_key_display(binding), binding.description, tip or binding.tooltip or ""))

    active = list(target.active_bindings.values())
    live = {binding.action: (binding, tip) for _, binding, _enabled, tip in active}
    # The screen's own keys, as the footer shows them, then the ones the footer leaves out
    # for room (a focused table may shadow the screen's own Enter in active_bindings).
    # (hidden ones only when ours, with an id: Textual's own, such as Tab, are not listed;
    # nor those its check_action turns off, e.g. what --read-only refuses)
    own = [localized(b, app.lang) for b in own_bindings(target)
           if (b.show or b.id) and target.check_action(b.action.split("(", 1)[0], ()) is not False]
    for binding in own:
        if binding.show:   # with the footer's label when it changes at run time (e.g. the mark count)
            add(*live.get(binding.action, (binding, binding.tooltip)))
    for node, binding, _enabled, tip in active:     # in the footer's order
        if binding.show:
            add(binding, tip)
    for binding in own:
        add(binding, binding.tooltip)
    # then the global keys, shown or not (the footer keeps only `?` and ^p for room)
    for node, binding, _enabled, tip in active:
        if node is app and not binding.system:
            add(binding, tip)
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", tooltip="Close the help.", id="help.close"),
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
                with Vertical(id="help-keys"):
                    for key, label, tip in help_rows(self.app, self.target):
                        with Horizontal(classes="help-row"):
                            yield Static(f"[b $accent]{escape(key)}[/]", classes="help-key")
                            text = escape(label) + (f"[dim] — {escape(tip)}[/dim]" if tip else "")
                            yield Static(text, classes="help-text")
                howto = HOWTO.get(type(self.target).__name__)
                if howto:
                    yield Static(escape(t(howto, lang)), id="help-howto")
                if contract(self.app).read_only:   # the how-to's "press e" is off
                    yield Static(escape(t("help.read_only", lang)), id="help-read-only")
                yield Static(escape(t("help.general", lang)), id="help-general")
            yield Static(escape(t("help.close", lang)), id="help-footer")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
