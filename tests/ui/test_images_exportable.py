"""Images of a region: ✓ or the first reason, every reason in the detail pane,
`e` on a blocked image shows its reasons instead of a form, filter and sort."""

from tests.ui.conftest import (
    HZ, IMAGE_EXPORTING, IMAGE_FIVE, IMAGE_WEB, IMAGE_WIN, images_done, notifications, wait_for,
)
from tui_export.ui.screens.export_form import ExportForm
from tui_export.ui.screens.images import ImagesScreen


def _row(app, image_id):
    table = app.screen.query_one("#images")
    table.move_cursor(row=table.get_row_index(image_id))


async def test_exportable_column_and_reasons(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        table = app.screen.query_one("#images")
        assert table.get_cell(IMAGE_WEB, "ok").plain == "✓" and table.get_cell(IMAGE_WEB, "export").plain == ""
        assert table.get_cell(IMAGE_WIN, "ok").plain == "✗"
        assert "Windows" in table.get_cell(IMAGE_WIN, "export").plain
        # the running demo export makes its image non-exportable
        assert "export of this image" in table.get_cell(IMAGE_EXPORTING, "export").plain

        _row(app, IMAGE_FIVE)
        await pilot.pause()
        detail = str(app.screen.query_one("#image-detail-text").render())
        assert "Can't be exported" in detail
        assert "More than 4 data disks." in detail
        # every reason is listed, one bullet each, in the pane
        bullets = [line for line in detail.splitlines() if line.startswith("•")]
        assert len(bullets) == len(app.screen.blockers[IMAGE_FIVE]) >= 1


async def test_export_on_blocked_image_shows_reasons_not_the_form(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        _row(app, IMAGE_WIN)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ImagesScreen)
        assert any("can't be exported" in n and "Windows" in n for n in notifications(app))


async def test_export_on_exportable_image_opens_the_form(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        _row(app, IMAGE_WEB)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="export form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ImagesScreen), what="form closed")


async def test_filter_and_sort(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        screen = app.screen
        table = screen.query_one("#images")
        await pilot.press("slash", "w", "i", "n")
        await pilot.pause()
        assert [k.value for k in table.rows] == [IMAGE_WIN]
        await pilot.press("escape")          # clears the filter, stays on the screen
        await pilot.pause()
        assert table.row_count == len(screen.images) and isinstance(app.screen, ImagesScreen)

        ordered = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        screen.sort_by("size")
        await pilot.pause()
        by_size = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        sizes = [next(im for im in screen.images if im.image_id == k).total_gib for k in by_size]
        assert sizes == sorted(sizes) and by_size != ordered
        screen.sort_by("size")   # again: descending
        await pilot.pause()
        by_size_desc = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        sizes = [next(im for im in screen.images if im.image_id == k).total_gib for k in by_size_desc]
        assert sizes == sorted(sizes, reverse=True)


async def test_local_region_is_a_caution_and_the_form_still_opens(make_app):
    """No document says a local region can't export: the image shows a caution (⚠, yellow),
    not a block, and `e` opens the export form, whose DryRun lets the cloud decide."""
    nanjing_image = "m-gc7demonanjing00001"
    app = make_app(region="cn-nanjing")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        table = app.screen.query_one("#images")
        cell = table.get_cell(nanjing_image, "export")
        assert table.get_cell(nanjing_image, "ok").plain == "⚠"
        assert "not confirmed" in cell.plain and "yellow" in str(cell.style)
        _row(app, nanjing_image)
        await pilot.pause()
        detail = str(app.screen.query_one("#image-detail-text").render())
        assert "Can't be exported" not in detail and "DryRun" in detail
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="export form")
