"""A running export shows how long it has left as a range, from its progress over time,
and a warning once its percent stops moving (the demo cloud, real SDKs)."""

from __future__ import annotations

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, wait_for
from tui_export.ui.screens.tasks import TasksScreen
from tui_export.core.models import ExportRequest


def _detail(app) -> str:
    return str(app.screen.query_one("#task-detail-more").render())


async def test_running_export_shows_an_eta_range_then_a_stall_warning(make_app, export_role, sim):
    sim.world.export_seconds = 40          # long enough to watch it move
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        app.start_export(ExportRequest(region_id=HZ, image_id=IMAGE_WEB, bucket=BUCKET_HZ))
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen) and app.requests, what="tasks")
        task_id = next(iter(app.requests))
        await wait_for(pilot, lambda: app.screen.current_task() and app.screen.current_task().task_id == task_id,
                       what="the new task highlighted")
        await wait_for(pilot, lambda: "min left" in _detail(app) or "under a minute left" in _detail(app),
                       timeout=30, what="an ETA range")
        assert "–" in _detail(app) or "under a minute" in _detail(app)

        # the cloud stops moving (the sim's task stretched to forever): a warning, not a range
        app.stall_seconds = 1.0
        with sim.world.lock:
            task = sim.world.tasks[task_id]
            task.duration_s = 1e9
        await wait_for(pilot, lambda: "No progress for" in _detail(app), timeout=20, what="the stall warning")
        assert "left" not in _detail(app)
