"""Textual's own palette entries (theme, quit, keys, maximize, screenshot) and the
palette's placeholder in the user's language: Textual words them in English only."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand

from tui_export.core.i18n import t, t_or

# Textual's title -> our catalogue name (core/messages_ui.py: palette.<name>, palette.<name>.help)
_NAMES = {"Theme": "theme", "Quit": "quit", "Keys": "keys", "Maximize": "maximize", "Minimize": "minimize",
          "Screenshot": "screenshot"}


def localize_system_commands(commands: Iterable[SystemCommand], lang: str) -> Iterable[SystemCommand]:
    for command in commands:
        name = _NAMES.get(command.title)
        if name is None:   # an entry a newer Textual added: as Textual words it
            yield command
            continue
        if name == "keys" and command.help.startswith("Hide"):
            name = "keys_hide"
        yield command._replace(title=t(f"palette.{name}", lang),
                               help=t_or(f"palette.{name}.help", command.help, lang))


def palette_placeholder(lang: str) -> str:
    return t("palette.placeholder", lang)
