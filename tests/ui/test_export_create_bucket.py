"""No bucket in the image's region: create one from the form (name validated live,
created in the image's region through the real OSS SDK, then chosen)."""

from __future__ import annotations

from textual.widgets import Button, Input

from export_fixtures import (  # noqa: F401  (fixtures)
    IMAGE_BEIJING, ExportHost, export_cloud, export_session, image_of, text_of, wait_for,
)
from tui_export.ui.screens.create_bucket import CreateBucketDialog
from tui_export.ui.screens.export_form import ExportForm
from tui_export.ui.widgets.bucket_list import BucketList


async def test_no_bucket_in_region_create_one_invalid_then_valid(export_cloud, export_session):
    app = ExportHost(export_session, lambda: ExportForm(image_of(export_cloud, IMAGE_BEIJING)))
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.screen
        await wait_for(pilot, lambda: form.buckets_ready, what="buckets")
        await pilot.pause()
        assert "No bucket in China (Beijing) · cn-beijing" in text_of(form.query_one("#xf-bucket-note"))
        assert form.query_one("#xf-buckets", BucketList).chosen is None
        assert "choose a bucket" in text_of(form.query_one("#xf-status"))
        # the create action has the focus: Enter opens the dialog
        assert app.focused is form.query_one("#xf-create-bucket")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CreateBucketDialog)

        await pilot.press(*"Bj_Exports")
        assert "lowercase letters, digits and hyphens" in text_of(dialog.query_one("#cb-error"))
        assert dialog.query_one("#cb-name", Input).has_class("-invalid")
        assert dialog.query_one("#cb-create", Button).disabled
        await pilot.press("enter")                    # refused: nothing sent
        assert app.screen is dialog

        dialog.query_one("#cb-name", Input).value = ""
        await pilot.press(*"bj")
        assert "3 to 63 characters" in text_of(dialog.query_one("#cb-error"))
        dialog.query_one("#cb-name", Input).value = ""
        await pilot.press(*"bj-exports")
        assert text_of(dialog.query_one("#cb-error")) == ""
        assert not dialog.query_one("#cb-create", Button).disabled
        await pilot.press("enter")

        await wait_for(pilot, lambda: app.screen is form and form.buckets_ready
                       and form.query_one("#xf-buckets", BucketList).chosen == "bj-exports",
                       what="bucket created and chosen")
        assert text_of(form.query_one("#xf-bucket-note")) == ""
    created = {b.name: b.region_id for b in export_session.buckets()}
    assert created["bj-exports"] == "cn-beijing"


async def test_taken_name_refused_by_the_cloud_keeps_the_dialog(export_cloud, export_session):
    app = ExportHost(export_session, lambda: CreateBucketDialog("cn-beijing"))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = app.screen
        await pilot.press(*"demo-export-hangzhou")   # exists (in another region)
        await pilot.press("enter")
        await wait_for(pilot, lambda: text_of(dialog.query_one("#cb-refusal")), what="refusal")
        assert "BucketAlreadyExists" in text_of(dialog.query_one("#cb-refusal"))
        assert app.screen is dialog and app.results == []
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_read_only_refuses_bucket_creation(export_cloud, export_session):
    app = ExportHost(export_session, lambda: CreateBucketDialog("cn-beijing"), read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"bj-exports", "enter")
        await pilot.pause(0.3)
        assert app.refused == ["create_bucket"]
    assert "bj-exports" not in {b.name for b in export_session.buckets()}
