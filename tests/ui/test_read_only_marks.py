"""--read-only: space and `a` (marks are for exporting) say why they are refused,
like `e`, instead of marking rows the app would then refuse to export."""

from tests.ui.conftest import HZ, IMAGE_WEB, images_done, notifications, screen_text, wait_for
from tui_export.ui.widgets.image_rows import MARK


async def test_read_only_marks_are_refused_with_the_reason(make_app):
    app = make_app(read_only=True, region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index(IMAGE_WEB))
        await pilot.press("space", "a")
        await pilot.pause()
        refusals = [n for n in notifications(app) if "Read-only mode" in n and "exporting an image" in n]
        assert len(refusals) == 2
        assert screen_text(app).count(MARK) == 1     # the mark column's header only: no row marked


async def test_marks_work_when_not_read_only(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index(IMAGE_WEB))
        await pilot.press("space")
        await wait_for(pilot, lambda: screen_text(app).count(MARK) == 2, what="the header and the row's mark")
        assert not any("Read-only mode" in n for n in notifications(app))
