"""The tables at 80x24 as a user reads them (issue #10, "Tables"): the key columns (an
image's Status, a task's Region) whole in English and Chinese, the exportable mark in its
own column, the sort column's ▲/▼ on screen whichever column is sorted, Home/End on rows."""

import pytest

from tests.ui.conftest import HZ, IMAGE_EXPORTING, IMAGE_WEB, IMAGE_WIN, images_done, regions_done, wait_for
from tui_export.core.i18n import t
from tui_export.ui.screens.images import COLUMNS


def _lines(table) -> list[str]:
    """The table's rows of text as drawn on screen (header first), scrolled as the user sees it."""
    return ["".join(segment.text for segment in table.render_line(y)) for y in range(table.size.height)]


def _row_line(table, key: str) -> str:
    row = table.get_row_index(key)
    y = row + 1 - int(table.scroll_y)   # the header is line 0
    assert 0 < y < table.size.height, f"row {key} is not on screen"
    return _lines(table)[y]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_images_show_status_whole_and_the_exportable_mark_in_its_own_column(make_app, lang):
    app = make_app(region=HZ, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        await pilot.pause()
        table = app.screen.query_one("#images")
        assert t("col.status", lang) in _lines(table)[0]
        for image_id in table.rows:
            row = table.get_row_index(image_id.value)
            if row + 1 >= table.size.height:
                continue   # below the fold
            image = app.screen.by_id[image_id.value]
            status = table.get_cell(image_id.value, "status").plain   # in the user's language
            line = _row_line(table, image_id.value)
            assert f" {image.name} " in line and f" {status} " in line, line
        # the mark is the second narrow column, next to the name, whatever the reason's length
        for image_id, mark in ((IMAGE_WIN, "✗"), (IMAGE_EXPORTING, "✗"), (IMAGE_WEB, "✓")):
            line = _row_line(table, image_id)
            assert line[3:6] == f" {mark} ", line


async def test_the_sort_indicator_stays_on_screen_for_every_column(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        table = app.screen.query_one("#images")
        table.focus()
        seen = set()
        for _ in range(2 * len(COLUMNS)):   # s: this column reversed, then the next column
            await pilot.press("s")
            await pilot.pause()
            screen = app.screen
            label = t(f"col.{screen.sort_column}", "en") + (" ▼" if screen.sort_reverse else " ▲")
            header = _lines(table)[0]
            assert label in header, (label, header)
            if screen.sort_column in COLUMNS[:3]:   # on screen from the left edge: the marks stay in view
                assert header.lstrip().startswith(t("col.mark", "en")), header
            seen.add(screen.sort_column)
        assert seen == set(COLUMNS)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_tasks_show_the_region_and_state_whole(make_app, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        await pilot.press("t")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "TasksScreen" and app.screen.listed
                       and app.screen.query_one("#tasks").row_count == 2, what="tasks")
        table = app.screen.query_one("#tasks")
        assert t("col.region", lang) in _lines(table)[0]
        for task in app.tasks.values():
            line = _row_line(table, task.task_id)
            state = table.get_cell(task.task_id, "state").plain
            assert f" {task.region_id} " in line and f" {state} " in line, line


async def test_home_and_end_go_to_the_first_and_last_row(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), what="regions")
        regions = app.screen.query_one("#regions")
        regions.focus()
        await pilot.press("end")
        assert regions.cursor_row == regions.row_count - 1 and regions.scroll_y > 0
        await pilot.press("home")
        assert regions.cursor_row == 0 and regions.scroll_y == 0
        regions.move_cursor(row=regions.get_row_index(HZ))
        await pilot.press("enter")
        await wait_for(pilot, lambda: images_done(app), what="images")
        images = app.screen.query_one("#images")
        images.focus()
        await pilot.press("end")
        assert images.cursor_row == images.row_count - 1
        await pilot.press("home")
        assert images.cursor_row == 0
        await pilot.press("escape", "t")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "TasksScreen"
                       and app.screen.query_one("#tasks").row_count == 2, what="tasks")
        tasks = app.screen.query_one("#tasks")
        tasks.focus()
        await pilot.press("end")
        assert tasks.cursor_row == 1
        await pilot.press("home")
        assert tasks.cursor_row == 0
