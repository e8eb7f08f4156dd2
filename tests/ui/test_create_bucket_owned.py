"""PutBucket answers BucketAlreadyExists for any existing name, ours included (the embedded OSS
does as the real one; another account's names come from the scenario's `taken_bucket_names`).
The dialog tells which: ours in this region is selected in the form, ours elsewhere names its
region, another account's says the name is taken; in English and Chinese."""

from __future__ import annotations

from textual.widgets import Input

from export_fixtures import (  # noqa: F401  (fixtures)
    BUCKET_HZ, IMAGE_DATA, ExportHost, export_cloud, export_session, image_of, text_of, wait_for,
)
from tui_export.ui.screens.create_bucket import CreateBucketDialog
from tui_export.ui.screens.export_form import ExportForm


def toasts(app) -> list[str]:
    return [n.message for n in app.notices]


async def test_a_bucket_we_own_here_is_said_and_selected(export_cloud, export_session):
    before = {b.name for b in export_session.buckets()}
    app = ExportHost(export_session, lambda: ExportForm(image_of(export_cloud, IMAGE_DATA)))
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.screen
        await wait_for(pilot, lambda: form.buckets_ready, what="buckets")
        assert form.query_one("#xf-buckets").chosen == "demo-backup-hangzhou"   # the first, as listed
        form.query_one("#xf-create-bucket").press()
        await wait_for(pilot, lambda: isinstance(app.screen, CreateBucketDialog), what="dialog")
        await pilot.press(*BUCKET_HZ, "enter")
        await wait_for(pilot, lambda: app.screen is form and form.buckets_ready
                       and form.query_one("#xf-buckets").chosen == BUCKET_HZ, what="our bucket selected")
        assert any(f"You already own {BUCKET_HZ} in this region: it is selected" in m for m in toasts(app))
        assert not any("created" in m for m in toasts(app))
    assert {b.name for b in export_session.buckets()} == before


async def test_a_bucket_we_own_in_another_region_names_that_region(export_cloud, export_session):
    app = ExportHost(export_session, lambda: CreateBucketDialog("cn-beijing"))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = app.screen
        await pilot.press(*BUCKET_HZ, "enter")
        await wait_for(pilot, lambda: text_of(dialog.query_one("#cb-refusal")), what="refusal")
        refusal = " ".join(text_of(dialog.query_one("#cb-refusal")).split())
        assert f"You already own {BUCKET_HZ}, but in China (Hangzhou) · cn-hangzhou" in refusal
        assert "Choose another name" in refusal and "(BucketAlreadyExists)" in refusal
        assert app.screen is dialog and app.results == []
        # another name is tried from the same dialog
        dialog.query_one("#cb-name", Input).value = ""
        await pilot.press(*"bj-exports", "enter")
        await wait_for(pilot, lambda: app.results, what="created")
    assert app.results[0].name == "bj-exports"


async def test_another_accounts_name_is_said_taken_in_chinese(export_cloud, export_session):
    assert "image-export" not in {b.name for b in export_session.buckets()}   # not ours: never listed
    app = ExportHost(export_session, lambda: CreateBucketDialog("cn-hangzhou"), lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = app.screen
        await pilot.press(*"image-export", "enter")
        await wait_for(pilot, lambda: text_of(dialog.query_one("#cb-refusal")), what="refusal")
        refusal = "".join(text_of(dialog.query_one("#cb-refusal")).split())
        assert "image-export已被其他账号占用" in refusal and "请换一个名称" in refusal
        assert app.screen is dialog and app.results == []


async def test_another_accounts_name_is_said_taken(export_cloud, export_session):
    app = ExportHost(export_session, lambda: CreateBucketDialog("cn-hangzhou"))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = app.screen
        await pilot.press(*"image-export", "enter")
        await wait_for(pilot, lambda: text_of(dialog.query_one("#cb-refusal")), what="refusal")
        refusal = " ".join(text_of(dialog.query_one("#cb-refusal")).split())
        assert "image-export belongs to another account" in refusal
