"""In the app itself: an export sent from the form makes its bucket and prefix the next form's,
in a new app on the same state dir (a relaunch); the account is the app's own label."""

from __future__ import annotations

from textual.widgets import Input

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, images_done, wait_for
from tui_export.ui.screens.export_form import ExportForm

IMAGE_DATA = "m-bp1demodata000000002"


async def _open_form(app, pilot, image_id):
    await wait_for(pilot, lambda: images_done(app), timeout=30, what="images")
    table = app.screen.query_one("#images")
    table.move_cursor(row=table.get_row_index(image_id))
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="export form")
    form = app.screen
    await wait_for(pilot, lambda: form.buckets_ready and form.role_state is not None, what="buckets and role")
    await pilot.pause()
    return form


async def test_the_next_form_after_a_relaunch_starts_from_the_last_export(make_app, export_role):
    first = make_app(region=HZ)
    async with first.run_test(size=(100, 30)) as pilot:
        form = await _open_form(first, pilot, IMAGE_WEB)
        assert form.query_one("#xf-buckets").chosen == "demo-backup-hangzhou"
        form.query_one("#xf-buckets").focus()
        await pilot.press("down")
        form.query_one("#xf-prefix", Input).focus()
        await pilot.press(*"weekly", "ctrl+s")
        await wait_for(pilot, lambda: any(r.image_id == IMAGE_WEB and r.prefix == "weekly"
                                          for r in first.requests.values()), timeout=20, what="export sent")

    second = make_app(region=HZ)
    async with second.run_test(size=(100, 30)) as pilot:
        form = await _open_form(second, pilot, IMAGE_DATA)   # another image, the same region
        assert form.query_one("#xf-buckets").chosen == BUCKET_HZ
        assert form.query_one("#xf-prefix", Input).value == "weekly"
