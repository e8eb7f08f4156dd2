"""--read-only: export and cancel stay visible but are refused, with the reason."""

from tests.ui.conftest import HZ, IMAGE_EXPORTING, IMAGE_WEB, images_done, notifications, wait_for


async def test_read_only_refuses_export_and_cancel(sim, make_app):
    app = make_app(read_only=True, region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        assert "READ-ONLY" in str(app.screen.query_one("StatusBar").render())
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index(IMAGE_WEB))
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ImagesScreen"      # no form
        assert any("Read-only mode" in n and "exporting an image" in n for n in notifications(app))

        running = next(t for t in sim.world.tasks.values() if t.image_id == IMAGE_EXPORTING)
        await pilot.press("t")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "TasksScreen"
                       and running.task_id in app.screen.query_one("#tasks").rows, what="tasks")
        tasks = app.screen.query_one("#tasks")
        tasks.move_cursor(row=tasks.get_row_index(running.task_id))
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "TasksScreen"       # no confirmation either
        assert any("cancelling a task" in n for n in notifications(app))
        assert sim.world.tasks[running.task_id].status == "Processing"


async def test_read_only_refusal_in_chinese(make_app):
    app = make_app(read_only=True, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        assert app.refuse_if_read_only("export") is True
        await pilot.pause()
        assert any("只读模式" in n and "导出镜像" in n for n in notifications(app))
