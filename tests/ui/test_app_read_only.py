"""--read-only: export and cancel are refused with the reason, and the screens don't offer them."""

from tests.ui.conftest import HZ, IMAGE_EXPORTING, IMAGE_WEB, images_done, notifications, screen_text, wait_for
from tui_export.ui.screens.help import HelpScreen
from tui_export.ui.screens.images import ImagesScreen
from tui_export.ui.screens.tasks import TasksScreen


async def test_read_only_refuses_export_and_cancel(sim, make_app):
    app = make_app(read_only=True, region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        assert "READ-ONLY" in str(app.screen.query_one("StatusBar").render())
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index(IMAGE_WEB))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ImagesScreen)      # no form
        assert any("Read-only mode" in n and "exporting an image" in n for n in notifications(app))

        running = next(t for t in sim.world.tasks.values() if t.image_id == IMAGE_EXPORTING)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen)
                       and running.task_id in app.screen.query_one("#tasks").rows, what="tasks")
        tasks = app.screen.query_one("#tasks")
        tasks.move_cursor(row=tasks.get_row_index(running.task_id))
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)       # no confirmation either
        assert any("cancelling a task" in n for n in notifications(app))
        assert sim.world.tasks[running.task_id].status == "Processing"


async def test_read_only_refusal_in_chinese(make_app):
    app = make_app(read_only=True, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        assert app.refuse_if_read_only("export") is True
        await pilot.pause()
        assert any("只读模式" in n and "导出镜像" in n for n in notifications(app))


async def test_read_only_screens_do_not_offer_what_they_refuse(sim, make_app):
    """The footer, the help and the hints say read-only instead of "e Export" / "c Cancel task"."""
    from textual.widgets._footer import FooterKey

    def footer_keys(app) -> dict[str, str]:
        return {k.key: k.description for k in app.screen.query(FooterKey)}

    app = make_app(read_only=True, region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index(IMAGE_WEB))
        await pilot.pause()
        keys = footer_keys(app)
        assert "e" not in keys and "space" not in keys and keys["slash"] == "Filter"
        detail = screen_text(app)
        assert "read-only mode: exporting is turned off" in detail and "press e" not in detail
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        help_keys = [str(s.render()) for s in app.screen.query(".help-key")]
        assert "/" in help_keys and "e" not in help_keys and "space" not in help_keys and "a" not in help_keys
        assert "Read-only mode" in str(app.screen.query_one("#help-read-only").render())
        await pilot.press("escape")

        running = next(t for t in sim.world.tasks.values() if t.image_id == IMAGE_EXPORTING)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen)
                       and running.task_id in app.screen.query_one("#tasks").rows, what="tasks")
        tasks = app.screen.query_one("#tasks")
        tasks.move_cursor(row=tasks.get_row_index(running.task_id))
        await pilot.pause()
        assert "c" not in footer_keys(app)
        assert "Cancel task" not in screen_text(app)
        assert "Read-only mode: it can't be cancelled" in str(app.screen.query_one("#task-detail-more").render())


async def test_read_only_empty_task_list_says_read_only(state_dir):
    """With no tasks yet, read-only does not tell the user to press e (which it would refuse)."""
    import copy

    from tests.ui.conftest import EXPORT_SECONDS, SMALL_BYTES_PER_GIB
    from tui_export.cli import LaunchOptions
    from tui_export.sim.embedded import EmbeddedCloud
    from tui_export.sim.scenario import load_scenario
    from tui_export.ui.app import TuiExportApp

    scenario = copy.deepcopy(load_scenario("demo"))
    scenario["tasks"] = []
    with EmbeddedCloud(scenario, export_seconds=EXPORT_SECONDS, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        app = TuiExportApp(LaunchOptions(demo=True, read_only=True), sim=cloud, state_dir=state_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.session is not None, what="session")
            await pilot.press("t")
            await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen) and app.screen.listed, what="tasks")
            await wait_for(pilot, lambda: "No export tasks yet" in screen_text(app), what="the empty list's line")
            text = screen_text(app)
            assert "read-only" in text and "press e" not in text
