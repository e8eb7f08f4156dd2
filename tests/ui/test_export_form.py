"""ExportForm against the embedded cloud through the real SDKs: validation inline,
buckets by region, formats by region, the RAM role, DryRun success and refusal."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, Select

from export_fixtures import (  # noqa: F401  (fixtures)
    BUCKET_HZ, HZ, IMAGE_DATA, IMAGE_EXPORTING, IMAGE_SINGAPORE, ExportHost, export_cloud, export_session,
    image_of, text_of, wait_for,
)
from tui_export.core.models import ExportRequest, RoleState
from tui_export.ui.screens.export_form import ExportForm
from tui_export.ui.widgets.bucket_list import BucketList


def form_host(cloud, session, image_id=IMAGE_DATA, **kw) -> ExportHost:
    return ExportHost(session, lambda: ExportForm(image_of(cloud, image_id)), **kw)


async def loaded(pilot) -> ExportForm:
    form = pilot.app.screen
    assert isinstance(form, ExportForm)
    await wait_for(pilot, lambda: form.buckets_ready and form.role_state is not None, what="buckets and role")
    await pilot.pause()
    return form


async def type_prefix(pilot, form: ExportForm, text: str) -> None:
    field = form.query_one("#xf-prefix", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()


def submit_enabled(form) -> bool:
    return not form.query_one("#xf-submit", Button).disabled


async def test_prefix_bad_char_refused_inline_then_fixed_updates_preview(export_cloud, export_session):
    export_session.ensure_role()
    app = form_host(export_cloud, export_session)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        assert submit_enabled(form)      # a bucket is preselected, prefix empty, role present

        await type_prefix(pilot, form, "weekly-1")
        assert "not “-”" in text_of(form.query_one("#xf-prefix-error"))
        assert form.query_one("#xf-prefix", Input).has_class("-invalid")
        assert not submit_enabled(form)
        assert "fix the prefix" in text_of(form.query_one("#xf-status"))
        assert "weekly" not in text_of(form.query_one("#xf-preview"))

        await pilot.press("left", "backspace")     # "weekly1": valid
        assert text_of(form.query_one("#xf-prefix-error")) == ""
        preview = text_of(form.query_one("#xf-preview"))
        assert f"weekly1_{IMAGE_DATA}_system.raw.tar.gz" in preview
        assert f"weekly1_{IMAGE_DATA}_data_xvdb.raw.tar.gz" in preview
        assert submit_enabled(form)


async def test_prefix_too_long_refused(export_cloud, export_session):
    export_session.ensure_role()
    app = form_host(export_cloud, export_session)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        await type_prefix(pilot, form, "a" * 31)
        assert "31 characters; at most 30" in text_of(form.query_one("#xf-prefix-error"))
        assert not submit_enabled(form)
        await pilot.press("backspace")
        assert text_of(form.query_one("#xf-prefix-error")) == ""
        assert submit_enabled(form)


async def test_other_region_buckets_disabled_with_reason(export_cloud, export_session):
    app = form_host(export_cloud, export_session)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await loaded(pilot)
        buckets = form.query_one("#xf-buckets", BucketList)
        enabled = [o.id for o in buckets.options if not o.disabled]
        disabled = {o.id: str(o.prompt) for o in buckets.options if o.disabled}
        assert enabled == ["demo-backup-hangzhou", BUCKET_HZ]
        assert "other:demo-export-shanghai" in disabled
        assert "In cn-shanghai: an export can only go to a bucket in the image's region." in \
            disabled["other:demo-export-shanghai"]
        # the cursor never lands on another region's bucket
        buckets.focus()
        for _ in range(6):
            await pilot.press("down")
            assert buckets.chosen in enabled


async def test_raw_only_region_says_why_and_format_region_offers_all(export_cloud, export_session):
    app = form_host(export_cloud, export_session)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        select = form.query_one("#xf-format", Select)
        assert select.disabled and select.value == "raw"
        assert "exports RAW only" in text_of(form.query_one("#xf-format-note"))

    app = form_host(export_cloud, export_session, image_id=IMAGE_SINGAPORE)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        select = form.query_one("#xf-format", Select)
        assert not select.disabled
        assert not form.query("#xf-format-note")
        select.value = "qcow2"
        await pilot.pause()
        assert "_system.qcow2" in text_of(form.query_one("#xf-preview"))


async def test_role_missing_confirm_creates_it(export_cloud, export_session):
    assert export_session.role_state() is RoleState.MISSING
    app = form_host(export_cloud, export_session)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        assert form.role_state is RoleState.MISSING
        assert "does not exist" in text_of(form.query_one("#xf-role-state"))
        button = form.query_one("#xf-ensure-role", Button)
        assert "attach AliyunECSImageExportRolePolicy" in str(button.label)
        assert not submit_enabled(form)
        assert "set up the RAM role" in text_of(form.query_one("#xf-status"))

        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        confirm = app.screen
        assert "Create the RAM role AliyunECSImageExportDefaultRole" in text_of(confirm.query_one("#confirm-body"))
        await pilot.press("enter")             # a stray Enter: "Cancel" has the focus, nothing is created
        await pilot.pause()
        assert app.screen is form and export_session.role_state() is RoleState.MISSING
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: form.role_state is RoleState.PRESENT, what="role created")
        assert export_session.role_state() is RoleState.PRESENT
        assert "is in place" in text_of(form.query_one("#xf-role-state"))
        assert submit_enabled(form)
        # The role was all that was missing: the keyboard lands on the submit button.
        assert app.focused is form.query_one("#xf-submit", Button)
        assert "Ctrl+S" in text_of(form.query_one("#xf-status"))


async def test_role_confirm_declined_changes_nothing(export_cloud, export_session):
    app = form_host(export_cloud, export_session)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        form.query_one("#xf-ensure-role", Button).press()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause(0.3)
        assert app.screen is form
        assert export_session.role_state() is RoleState.MISSING


async def test_dry_run_success_dismisses_with_the_request(export_cloud, export_session):
    export_session.ensure_role()
    app = form_host(export_cloud, export_session)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        buckets = form.query_one("#xf-buckets", BucketList)
        buckets.focus()
        await pilot.press("down")                      # demo-backup-hangzhou -> demo-export-hangzhou
        assert buckets.chosen == BUCKET_HZ
        await type_prefix(pilot, form, "EcsExport")
        await pilot.press("enter")                     # Enter in the prefix submits when all is valid
        await wait_for(pilot, lambda: app.results, what="dismissal")
    assert app.results == [ExportRequest(HZ, IMAGE_DATA, BUCKET_HZ, "EcsExport", "raw")]
    assert app.errors == []
    # a DryRun creates nothing
    assert not any(t.image_id == IMAGE_DATA for t in export_cloud.world.tasks.values())


async def test_dry_run_refusal_shown_with_code_and_form_kept(export_cloud, export_session):
    export_session.ensure_role()
    app = form_host(export_cloud, export_session, image_id=IMAGE_EXPORTING)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        form.query_one("#xf-submit", Button).press()
        await wait_for(pilot, lambda: form.query_one("#xf-refusal").display, what="refusal")
        refusal = text_of(form.query_one("#xf-refusal"))
        assert "ImageIsExporting" in refusal
        assert "RequestId" in refusal
        assert app.screen is form and app.results == []
        assert submit_enabled(form)                    # the user may try again



async def test_dry_run_quota_refusal_shown_in_chinese(export_cloud, export_session):
    export_session.ensure_role()
    export_cloud.world.account.weekly_quota = 0       # the cloud's weekly export quota is used up
    app = form_host(export_cloud, export_session, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.query_one("#xf-refusal").display, what="refusal")
        refusal = text_of(form.query_one("#xf-refusal"))
        assert "WeeklyQuotaExceed.ExportImage" in refusal and "RequestId：" in refusal   # the label errors use everywhere
        assert app.screen is form and app.results == []


async def test_escape_cancels_with_none(export_cloud, export_session):
    app = form_host(export_cloud, export_session)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_read_only_refuses_role_bucket_and_export(export_cloud, export_session):
    app = form_host(export_cloud, export_session, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        form.query_one("#xf-ensure-role", Button).press()
        await pilot.pause()
        form.query_one("#xf-create-bucket", Button).press()
        await pilot.pause()
        assert app.screen is form                      # no dialog opened
        assert export_session.role_state() is RoleState.MISSING

    export_session.ensure_role()
    app = form_host(export_cloud, export_session, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert app.results == []
    assert app.refused == ["export"]


async def test_bucket_listing_refused_lets_the_user_type_a_name(export_cloud):
    # ListBuckets fails (like a user without oss:ListBuckets): type the name instead.
    from tui_export.cloud.retry import RetryPolicy
    from tui_export.cloud.session import CloudSession

    session = CloudSession.for_sim(export_cloud, retry=RetryPolicy(max_attempts=1))
    session.ensure_role()
    export_cloud.faults.update(server_error=1.0, only={"ListBuckets"})
    app = form_host(export_cloud, session)
    async with app.run_test(size=(80, 24)) as pilot:
        form = pilot.app.screen
        await wait_for(pilot, lambda: form.manual_bucket and form.role_state is not None, what="fallback")
        await pilot.pause()
        assert "Could not list the buckets" in text_of(form.query_one("#xf-bucket-note"))
        assert app.errors and app.focused is form.query_one("#xf-bucket-manual")
        assert not submit_enabled(form)
        await pilot.press(*"Demo_Export")
        assert "lowercase" in text_of(form.query_one("#xf-bucket-manual-error"))
        assert not submit_enabled(form)
        form.query_one("#xf-bucket-manual", Input).value = ""
        await pilot.press(*BUCKET_HZ)
        assert submit_enabled(form)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.results, what="dismissal")
    assert app.results == [ExportRequest(HZ, IMAGE_DATA, BUCKET_HZ, "", "raw")]


async def test_role_check_failure_does_not_block_the_dry_run(export_cloud):
    from tui_export.cloud.retry import RetryPolicy
    from tui_export.cloud.session import CloudSession

    session = CloudSession.for_sim(export_cloud, retry=RetryPolicy(max_attempts=1))
    export_cloud.faults.update(server_error=1.0, only={"GetRole"})
    app = form_host(export_cloud, session)
    async with app.run_test(size=(80, 24)) as pilot:
        form = pilot.app.screen
        await wait_for(pilot, lambda: form.buckets_ready and form.role_check_failed, what="role check failed")
        await pilot.pause()
        assert "Could not check" in text_of(form.query_one("#xf-role-state"))
        assert submit_enabled(form)
        export_cloud.faults.clear()
        await pilot.press("ctrl+s")                 # the role is really missing: the cloud says so
        await wait_for(pilot, lambda: form.query_one("#xf-refusal").display, what="refusal")
        assert "NoSetRoletoECSServiceAcount" in text_of(form.query_one("#xf-refusal"))
