"""A malformed image name (the demo's "1st-backup") says which naming rule it breaks, in the
images table's detail pane and when `e` is pressed on it, in English and Chinese
(core.rules.validate_image_name; docs/api.md)."""

from tests.ui.conftest import HZ, images_done, notifications, wait_for
from tui_export.ui.screens.images import ImagesScreen

IMAGE_BAD_NAME = "m-bp1demoname00000010"   # "1st-backup": starts with a digit


def _row(app, image_id):
    table = app.screen.query_one("#images")
    table.move_cursor(row=table.get_row_index(image_id))


async def test_the_broken_rule_is_named_in_the_pane_and_on_export(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        _row(app, IMAGE_BAD_NAME)
        await pilot.pause()
        detail = " ".join(str(app.screen.query_one("#image-detail-text").render()).split())
        assert "starts with “1”; it must start with a letter or a Chinese character" in detail
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ImagesScreen)
        assert any("must start with a letter or a Chinese character" in " ".join(n.split())
                   for n in notifications(app))


async def test_the_broken_rule_is_named_in_chinese(make_app):
    app = make_app(region=HZ, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        _row(app, IMAGE_BAD_NAME)
        await pilot.pause()
        detail = "".join(str(app.screen.query_one("#image-detail-text").render()).split())
        assert "镜像名称以“1”开头，必须以英文字母或中文开头" in detail
