"""The last folder chosen for a download is the one offered first next time, for another task
and after a relaunch (cloud/ui_settings.py `download_dir`, 0600): issue #10, remembered choices."""

from __future__ import annotations

import stat

from textual.widgets import Input

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, wait_for
from tui_export.ui.screens.tasks import TasksScreen
from tui_export.cloud.ui_settings import FILE_NAME
from tui_export.core.models import ExportRequest
from tui_export.ui.screens.download_dest import DownloadDestinationDialog
from tui_export.ui.screens.result import ResultScreen

IMAGE_DATA = "m-bp1demodata000000002"


async def _finished_export(app, pilot, image_id) -> str:
    app.start_export(ExportRequest(region_id=HZ, image_id=image_id, bucket=BUCKET_HZ))
    await wait_for(pilot, lambda: any(r.image_id == image_id for r in app.requests.values()), timeout=20,
                   what="export started")
    task_id = next(k for k, r in app.requests.items() if r.image_id == image_id)
    await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", timeout=30, what="task finished")
    return task_id


async def _folder_dialog(app, pilot, task_id) -> DownloadDestinationDialog:
    """From the tasks screen: open the task's result and press `a` (download all)."""
    await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="tasks screen")
    app.screen.focus_task(task_id)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects, timeout=20,
                   what="objects listed")
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="folder dialog")
    return app.screen


async def test_the_last_download_folder_is_offered_next_time(make_app, export_role, state_dir, tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: first.engine is not None, timeout=30, what="engine")
        task_id = await _finished_export(first, pilot, IMAGE_WEB)
        dialog = await _folder_dialog(first, pilot, task_id)
        assert dialog.query_one("#dd-dir", Input).value != str(folder)
        dialog.query_one("#dd-dir", Input).value = str(folder)
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: first.engine.job(task_id) is not None
                       and first.engine.job(task_id).stage.value == "done", timeout=60, what="downloaded")
    assert stat.S_IMODE((state_dir / FILE_NAME).stat().st_mode) == 0o600

    second = make_app()                                   # a relaunch on the same state dir
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: second.engine is not None, timeout=30, what="engine")
        other = await _finished_export(second, pilot, IMAGE_DATA)   # another task: no folder of its own
        dialog = await _folder_dialog(second, pilot, other)
        assert dialog.query_one("#dd-dir", Input).value == str(folder)
