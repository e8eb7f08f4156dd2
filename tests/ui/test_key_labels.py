"""Key labels from one source: every key a user can read about has an id; its English label
and tooltip are the code's, its Chinese ones the catalogue's key.<id> / tip.<id>, and the
catalogue's English halves say the same as the code (issue #10: 17 keys said one thing in
the code and another on screen, e.g. Enter on the tasks was "Result" in code, "Open" shown)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
from tui_export.ui.screens.tasks import TasksScreen
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from tests.ui.conftest import regions_done, wait_for
from tui_export.core.i18n import messages

UI = Path(__file__).resolve().parents[2] / "tui_export" / "ui"


def ui_bindings() -> list[tuple[str, Binding]]:
    """(class name, binding) of every BINDINGS declared in tui_export/ui."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        module = importlib.import_module(".".join(path.relative_to(UI.parents[1]).with_suffix("").parts))
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                found += [(name, b) for b in cls.__dict__["BINDINGS"] if isinstance(b, Binding)]
    return found


BINDINGS = ui_bindings()


def test_bindings_are_found():
    names = {name for name, _ in BINDINGS}
    assert {"TuiExportApp", "RegionsScreen", "ImagesScreen", "TasksScreen", "ResultScreen", "ExportForm",
            "HelpScreen", "DoctorScreen", "ConfirmDialog"} <= names


@pytest.mark.parametrize("owner,binding", [b for b in BINDINGS if b[1].description],
                         ids=lambda v: v if isinstance(v, str) else v.key)
def test_code_and_catalogue_say_the_same(owner, binding):
    catalogue = messages()
    assert binding.id, f"{owner}: the {binding.key!r} key has a label but no id"
    entry = catalogue.get(f"key.{binding.id}")
    assert entry is not None, f"no key.{binding.id} in the catalogue"
    assert entry["en"] == binding.description, f"{owner} {binding.id}: code {binding.description!r}, catalogue {entry['en']!r}"
    if binding.tooltip:
        tip = catalogue.get(f"tip.{binding.id}")
        assert tip is not None, f"no tip.{binding.id} in the catalogue"
        assert tip["en"] == binding.tooltip, f"{owner} {binding.id}: tooltip differs from the catalogue"


def test_ids_are_unique():
    ids = [b.id for _, b in BINDINGS if b.id]
    assert sorted(ids) == sorted(set(ids))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_tasks_footer_shows_what_the_code_says(make_app, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), what="regions")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen) and app.screen.query(FooterKey),
                       what="tasks footer")
        await pilot.pause()
        shown = {k.key: k.description for k in app.screen.query(FooterKey)}
        # Enter: "Result" in the code, and on screen (it said "Open" before)
        assert shown["enter"] == {"en": "Result", "zh": "结果"}[lang]
        assert shown["c"] == {"en": "Cancel task", "zh": "取消任务"}[lang]
        tooltip = {k.key: k.tooltip for k in app.screen.query(FooterKey)}["enter"]
        assert tooltip == messages()["tip.tasks.open"][lang]


def test_no_key_label_without_its_binding():
    """A label left behind when a binding goes (or changes its id) would be a second, stale source."""
    ids = {b.id for _, b in BINDINGS if b.id}
    # texts the palette shows for an action that has no key of its own, and the mark count
    others = {"key.mark_count", "tip.doctor", "tip.alerts", "tip.default_folder"}
    stray = [k for k in messages() if k.startswith(("key.", "tip.")) and k not in others
             and k.split(".", 1)[1] not in ids]
    assert stray == []
