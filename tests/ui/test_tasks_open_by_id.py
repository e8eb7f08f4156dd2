"""Any export task opens by its id from the tasks screen, also one started in the console
(another client of the same account) in a region the app never looked at; a typo is
refused as typed, an unknown id is said plainly (the demo cloud, real SDKs)."""

from __future__ import annotations

from textual.widgets import Button

from tests.ui.conftest import notifications, screen_text, wait_for
from tui_export.ui.screens.tasks import TasksScreen
from tests.waiting import wait_until
from tui_export.cloud.session import CloudSession
from tui_export.core.models import ExportRequest
from tui_export.ui.screens.open_task import OpenTaskDialog
from tui_export.ui.screens.result import ResultScreen

SG = "ap-southeast-1"
IMAGE_SG = "m-t4ndemosingapore001"
BUCKET_SG = "demo-export-singapore"


async def _open_dialog(app, pilot):
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="tasks")
    await pilot.press("o")
    await wait_for(pilot, lambda: isinstance(app.screen, OpenTaskDialog), what="the id dialog")


async def test_a_console_task_opens_by_id(make_app, export_role, sim):
    console = CloudSession.for_sim(sim)          # "the console": the same account, another client
    task_id = console.export(ExportRequest(region_id=SG, image_id=IMAGE_SG, bucket=BUCKET_SG, prefix="console"))
    # done in the console before the app opens
    wait_until(lambda: console.task(SG, task_id).status == "Finished", timeout=30, step=0.2,
               what="the console's export to finish")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        await _open_dialog(app, pilot)
        await pilot.press(*"m-bp1")
        await pilot.pause()
        assert "not a task id" in screen_text(app)
        assert app.screen.query_one("#ot-open", Button).disabled
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press(*task_id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: task_id in app.tasks, timeout=20, what="the task found")
        assert app.tasks[task_id].region_id == SG
        await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects,
                       timeout=20, what="its result with the objects")
        assert all(key.startswith(f"console_{IMAGE_SG}_") for key in app.screen.objects)


async def test_an_unknown_id_is_said_plainly(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        await _open_dialog(app, pilot)
        await pilot.press(*"t-nosuchtask000000000")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("t-nosuchtask000000000" in n and "没有导出任务" in n
                                          for n in notifications(app)), timeout=20, what="not found")
