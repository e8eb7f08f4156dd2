"""The whole journey inside the real TuiExportApp (fixtures from tests/ui/conftest.py):
images -> `e` -> ExportForm -> DryRun -> export -> task Finished -> ResultScreen
-> download verified. Proves the screens fit the app (its session, state dir,
error handling and styles), not only the stand-in host."""

from __future__ import annotations

from textual.widgets import DataTable

from export_fixtures import text_of, wait_for
from tui_export.ui.screens.export_form import ExportForm
from tui_export.ui.screens.download_dest import DownloadDestinationDialog
from tui_export.ui.screens.images import ImagesScreen
from tui_export.ui.screens.tasks import TasksScreen
from tui_export.ui.screens.result import ResultScreen

HZ = "cn-hangzhou"
IMAGE_WEB = "m-bp1demoweb0000000001"


async def test_export_then_download_in_the_app(make_app, export_role, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                      # the download prompt defaults to the cwd
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ImagesScreen) and app.screen.loaded,
                       timeout=20, what="images")
        table = app.screen.query_one("#images", DataTable)
        await wait_for(pilot, lambda: not table.loading and table.row_count, what="image rows")
        table.move_cursor(row=table.get_row_index(IMAGE_WEB))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="export form")
        form = app.screen
        await wait_for(pilot, lambda: form.buckets_ready and form.role_state is not None, what="form loaded")
        await pilot.press("ctrl+s")

        await wait_for(pilot, lambda: any(r.image_id == IMAGE_WEB for r in app.requests.values()),
                       what="export started")
        task_id = next(k for k, r in app.requests.items() if r.image_id == IMAGE_WEB)
        await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", timeout=30, what="task finished")
        # the tasks screen opens with the new task highlighted
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen)
                       and getattr(app.screen.current_task(), "task_id", None) == task_id, what="the new task highlighted")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects,
                       what="objects listed")
        screen = app.screen
        obj = next(iter(screen.objects.values()))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="the download prompt")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "verified" in text_of(screen.query_one("#rs-dl-result")), what="verified")
    assert (tmp_path / obj.key).stat().st_size == obj.size
