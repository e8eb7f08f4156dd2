"""Tasks: a started export is recorded and watched; one still running when the
app closes is watched again by the next launch on the same state dir, and
progresses to Finished; cancel asks first, then the task ends Deleted."""

from tui_export.cloud.task_store import TaskStore
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.tasks import TasksScreen
from tui_export.core.models import ExportRequest

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_EXPORTING, IMAGE_WEB, wait_for


def _session_ready(app):
    return app.session is not None and app.connection_state == "ready"


async def test_relaunch_watches_a_task_still_running(sim, export_role, make_app, state_dir):
    sim.world.export_seconds = 4.0          # long enough to close the app half way
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _session_ready(first), what="session")
        first.start_export(ExportRequest(HZ, IMAGE_WEB, BUCKET_HZ, prefix="relaunch"))
        await wait_for(pilot, lambda: isinstance(first.screen, TasksScreen)
                       and any(t.resource_id == IMAGE_WEB for t in first.tasks.values()), what="tasks screen")
        task_id = next(t.task_id for t in first.tasks.values() if t.resource_id == IMAGE_WEB)
        table = first.screen.query_one("#tasks")
        assert task_id in table.rows
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == task_id

    stored = TaskStore(state_dir)
    record = stored.task(task_id)
    assert record is not None and not record.finished and record.prefix == "relaunch"
    stored.close()

    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: task_id in second.tasks, what="task resumed")
        await wait_for(pilot, lambda: second.engine is not None
                       and task_id in second.engine._poller._watched, what="watched again")   # no screen opened
        await wait_for(pilot, lambda: second.tasks[task_id].status == "Finished", timeout=15,
                       what="task finished")
        assert second.tasks[task_id].progress == 100 or second.tasks[task_id].status == "Finished"
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(second.screen, TasksScreen), what="tasks screen")
        cell = second.screen.query_one("#tasks").get_cell(task_id, "progress")
        assert "100%" in cell.plain
    stored = TaskStore(state_dir)
    assert stored.task(task_id).status == "Finished"
    stored.close()


async def test_cancel_asks_then_cancels(sim, make_app):
    running = next(t for t in sim.world.tasks.values() if t.image_id == IMAGE_EXPORTING)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _session_ready(app), what="session")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen)
                       and running.task_id in app.screen.query_one("#tasks").rows, what="tasks listed")
        table = app.screen.query_one("#tasks")
        table.move_cursor(row=table.get_row_index(running.task_id))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirmation")
        await pilot.press("n")                     # changed my mind: nothing happens
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="dialog closed")
        assert sim.world.tasks[running.task_id].status == "Processing"
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirmation")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.tasks[running.task_id].status == "Deleted", what="task cancelled")
        assert sim.world.tasks[running.task_id].status == "Deleted"
        assert table.get_cell(running.task_id, "state").plain == "Cancelled"
