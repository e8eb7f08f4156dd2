"""The command palette (ctrl+p): the main actions, offered where they make sense.

One registry: each screen lists its own commands in `palette_commands()`
(the same methods its key bindings call), the app adds the global ones. So
"Export this image" only appears on the images screen, "Cancel this task"
only for a task that can be cancelled, and a region can be opened by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui_export.core.i18n import t


class PaletteCommand(NamedTuple):
    label: str
    callback: Callable[[], object]
    help: str = ""
    discover: bool = True   # listed when the palette opens with an empty query


def commands_for(app, screen) -> list[PaletteCommand]:
    """The palette of TuiExportApp (its COMMANDS): the app's own actions, then the screen's."""
    from tui_export.ui import job_signals

    lang = app.lang
    out: list[PaletteCommand] = []
    extra = getattr(screen, "palette_commands", None)
    if callable(extra):
        out.extend(extra())
    out.append(PaletteCommand(t("cmd.tasks", lang), app.action_tasks, t("tip.tasks", lang)))
    out.append(PaletteCommand(t("cmd.jobs", lang), app.action_jobs, t("tip.jobs", lang)))
    if app.session is not None:
        from tui_export.ui.screens.doctor import open_doctor

        out.append(PaletteCommand(t("cmd.doctor", lang), lambda: open_doctor(app), t("tip.doctor", lang)))
    # the demo's switcher offers its limited RAM user (a permission problem and its fix)
    out.append(PaletteCommand(t("cmd.profiles", lang), app.action_profiles, t("tip.profiles", lang)))
    out.append(PaletteCommand(t("cmd.help", lang), app.action_help, t("tip.help", lang)))
    on = job_signals.settings(app).alerts
    out.append(PaletteCommand(t("cmd.alerts_off" if on else "cmd.alerts_on", lang),
                              lambda: job_signals.toggle_alerts(app), t("tip.alerts", lang)))
    out.append(PaletteCommand(t("cmd.default_folder", lang), lambda: job_signals.ask_default_folder(app),
                              t("tip.default_folder", lang)))
    return out


class MainCommands(Provider):
    async def discover(self) -> Hits:
        for cmd in commands_for(self.app, self.screen):
            if cmd.discover:
                yield DiscoveryHit(cmd.label, cmd.callback, help=cmd.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cmd in commands_for(self.app, self.screen):
            score = matcher.match(cmd.label)
            if score > 0:
                yield Hit(score, matcher.highlight(cmd.label), cmd.callback, help=cmd.help)
