"""Every confirmation opens on its safe choice: Enter pressed right after it appears (a key
typed a moment too late) keeps the export running, the download going, the file as it was
and the app open. The label under the focus is the one the user reads, in both languages."""

from __future__ import annotations

import pytest
from tui_export.ui.screens.tasks import TasksScreen
from textual.widgets import Button

from tests.ui.conftest import (IMAGE_EXPORTING, demo_finished_task, download_from_result, open_result,
                               result_screen_downloading, wait_for)
from tui_export.ui.screens.confirm import ConfirmDialog


def focused_label(app) -> str:
    focused = app.screen.focused
    assert isinstance(focused, Button)
    return str(focused.label)


@pytest.mark.parametrize("lang, keep", [("en", "Keep it running"), ("zh", "继续导出")])
async def test_enter_on_cancel_export_keeps_it_running(sim, make_app, lang, keep):
    running = next(t for t in sim.world.tasks.values() if t.image_id == IMAGE_EXPORTING)
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        app.show_tasks(focus=running.task_id)
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen) and app.screen.listed,
                       what="tasks listed")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="cancel question")
        assert focused_label(app) == keep
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="dialog closed")
        await pilot.pause(0.3)
        assert sim.world.tasks[running.task_id].status == "Processing"


@pytest.mark.parametrize("lang, stay", [("en", "Keep downloading"), ("zh", "继续下载")])
async def test_enter_on_quit_while_downloading_stays(sim, make_app, lang, stay, tmp_path):
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        screen = await result_screen_downloading(app, pilot, sim, tmp_path)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="quit question")
        assert focused_label(app) == stay
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen, what="stayed")
        assert app.is_running
        sim.faults.update(bandwidth=0)     # uncapped: the close is quick


async def test_enter_on_stop_download_keeps_downloading(sim, make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await result_screen_downloading(app, pilot, sim, tmp_path)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="stop question")
        assert focused_label(app) == "Keep downloading"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen, what="dialog closed")
        await pilot.pause(0.3)
        assert screen.engine_downloading()         # still downloading
        sim.faults.update(bandwidth=0)             # uncapped: the close is quick


async def test_enter_on_overwrite_keeps_the_file(sim, make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_result(app, pilot, demo_finished_task(sim).task_id)
        obj = list(screen.objects.values())[0]
        (tmp_path / obj.key).write_bytes(b"something else")
        await download_from_result(pilot, tmp_path)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=20, what="overwrite question")
        assert focused_label(app) == "Cancel"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen, what="dialog closed")
        await pilot.pause(0.3)
        assert (tmp_path / obj.key).read_bytes() == b"something else"
