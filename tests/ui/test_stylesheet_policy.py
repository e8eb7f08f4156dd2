"""One stylesheet policy: a screen's layout is a section of the app's stylesheet (ui/app.tcss),
scoped by the screen's type; DEFAULT_CSS only in reusable widgets; no screen brings a CSS_PATH
(a screen's own file applied app-wide once the screen opened)."""

from __future__ import annotations

import importlib
import pkgutil

from textual.screen import Screen

import tui_export.ui
import tui_export.ui.screens


def _screens() -> list[type[Screen]]:
    for package in (tui_export.ui, tui_export.ui.screens):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
    found, todo = [], [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("tui_export."):
                found.append(sub)
    return found


def test_screens_bring_no_stylesheet_of_their_own():
    screens = _screens()
    assert len(screens) >= 15                     # the import above found them
    own = [s.__name__ for s in screens if "DEFAULT_CSS" in vars(s) or "CSS_PATH" in vars(s)]
    assert own == []


def test_each_screen_section_is_scoped_by_its_type():
    from pathlib import Path

    css = (Path(tui_export.ui.__file__).parent / "app.tcss").read_text(encoding="utf-8")
    for name in ("ExportForm", "ResultScreen", "ConfirmDialog", "ErrorDialog", "DownloadDestinationDialog"):
        section = css.split(f"/* --- {name}:", 1)[1].split("/* ---", 1)[0]
        rules = [line for line in section.splitlines()[1:] if line.rstrip().endswith("{") or "{" in line]
        assert rules and all(rule.lstrip().startswith(name) for rule in rules), name
