"""Task polling: one poll at a time, re-armed after it finished; throttling backs
off quietly and recovers; a failed export is explained in the task pane; the
export form's request starts an export and shows it on the tasks screen."""

from tui_export.cloud.retry import RetryPolicy
from tui_export.ui.screens.tasks import TasksScreen
from tui_export.cloud.session import CloudSession
from tui_export.core.models import ExportRequest

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, images_done, notifications, wait_for


async def test_throttled_polls_back_off_quietly_then_recover(sim, export_role, make_app):
    session = CloudSession.for_sim(sim, retry=RetryPolicy(max_attempts=1))
    app = make_app(session=session, region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        sim.faults.update(throttle=1.0, only={"DescribeTaskAttribute"})
        app.screen._form_done(ExportRequest(HZ, IMAGE_WEB, BUCKET_HZ, prefix="poll"))
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen)
                       and any(t.resource_id == IMAGE_WEB for t in app.tasks.values()), what="export started")
        task_id = next(t.task_id for t in app.tasks.values() if t.resource_id == IMAGE_WEB)
        await wait_for(pilot, lambda: app.poll_trouble(task_id) and app.engine.poll_delay > app.poll_seconds,
                       what="throttled polls backing off")
        await wait_for(pilot, lambda: "⟳" in app.screen.query_one("#tasks").get_cell(task_id, "state").plain,
                       what="retrying mark")
        assert not any("Throttling" in n for n in notifications(app))  # throttling is not the user's problem
        sim.faults.clear()
        await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", timeout=20, what="finished")
        await wait_for(pilot, lambda: app.engine.poll_delay == app.poll_seconds, what="back to the normal gap")
        assert not app.poll_trouble(task_id)
        assert "⟳" not in app.screen.query_one("#tasks").get_cell(task_id, "state").plain
        assert task_id not in app.engine._poller._watched            # no polling for a finished task


async def test_failed_export_is_explained(sim, export_role, make_app):
    sim.faults.update(task_fail=1.0)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        app.start_export(ExportRequest(HZ, IMAGE_WEB, BUCKET_HZ))
        await wait_for(pilot, lambda: any(t.resource_id == IMAGE_WEB and t.status == "Failed"
                                          for t in app.tasks.values()), timeout=20, what="failed task")
        task_id = next(t.task_id for t in app.tasks.values() if t.resource_id == IMAGE_WEB)
        table = app.screen.query_one("#tasks")
        table.move_cursor(row=table.get_row_index(task_id))
        await pilot.pause()
        pane = str(app.screen.query_one("#task-detail-more").render())
        assert "ExportImageFailed" in pane
        assert any("ended: Failed" in n for n in notifications(app))
