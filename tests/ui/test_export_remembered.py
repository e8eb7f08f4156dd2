"""The export form remembers this account's last bucket, prefix and format per region
(cloud/export_choices.py) and fills them in next time, even after a relaunch; a remembered
bucket that is gone is said, not silently swapped (issue #10, remembered choices)."""

from __future__ import annotations

import stat

from textual.widgets import Input, Select

from export_fixtures import (  # noqa: F401  (fixtures)
    BUCKET_HZ, HZ, IMAGE_DATA, IMAGE_SINGAPORE, ExportHost, export_cloud, export_session, image_of, text_of,
    wait_for,
)
from tui_export.cloud.export_choices import FILE_NAME, ExportChoice, load_choice, save_choice
from tui_export.core.models import ExportRequest
from tui_export.ui.screens.export_form import ExportForm

ACCOUNT = "LTAI****demo"


def host(cloud, session, state_dir, image_id=IMAGE_DATA, account=ACCOUNT, **kw) -> ExportHost:
    app = ExportHost(session, lambda: ExportForm(image_of(cloud, image_id)), state_dir=state_dir, **kw)
    app.account_label = account
    return app


async def loaded(pilot) -> ExportForm:
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.buckets_ready and form.role_state is not None, what="buckets and role")
    await pilot.pause()
    return form


def fields(form) -> tuple:
    return (form.query_one("#xf-buckets").chosen, form.query_one("#xf-prefix", Input).value,
            form.query_one("#xf-format", Select).value)


async def test_an_accepted_export_fills_the_next_form_after_a_relaunch(export_cloud, export_session, tmp_path):
    export_session.ensure_role()
    app = host(export_cloud, export_session, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        assert fields(form) == ("demo-backup-hangzhou", "", "raw")   # nothing remembered: the defaults
        form.query_one("#xf-buckets").focus()
        await pilot.press("down")                                    # -> demo-export-hangzhou
        form.query_one("#xf-prefix", Input).focus()
        await pilot.press(*"Nightly", "enter")
        await wait_for(pilot, lambda: app.results, what="dismissal")
    assert app.results == [ExportRequest(HZ, IMAGE_DATA, BUCKET_HZ, "Nightly", "raw")]
    assert stat.S_IMODE((tmp_path / FILE_NAME).stat().st_mode) == 0o600

    again = host(export_cloud, export_session, tmp_path)             # a new app on the same state dir
    async with again.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        assert fields(form) == (BUCKET_HZ, "Nightly", "raw")
        assert f"Nightly_{IMAGE_DATA}_system.raw.tar.gz" in text_of(form.query_one("#xf-preview"))
        assert text_of(form.query_one("#xf-bucket-note")) == ""
        assert "Ready" in text_of(form.query_one("#xf-status"))

    other_account = host(export_cloud, export_session, tmp_path, account="LTAI****else")
    async with other_account.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        assert fields(form) == ("demo-backup-hangzhou", "", "raw")   # another account's choices are its own


async def test_the_format_is_remembered_where_the_region_honours_it(export_cloud, export_session, tmp_path):
    export_session.ensure_role()
    save_choice(tmp_path, ACCOUNT, "ap-southeast-1", ExportChoice("demo-export-singapore", "sg", "qcow2"))
    save_choice(tmp_path, ACCOUNT, HZ, ExportChoice(BUCKET_HZ, "hz", "qcow2"))   # HZ: RAW only
    app = host(export_cloud, export_session, tmp_path, image_id=IMAGE_SINGAPORE)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        assert fields(form) == ("demo-export-singapore", "sg", "qcow2")
        assert f"sg_{IMAGE_SINGAPORE}_system.qcow2" in text_of(form.query_one("#xf-preview"))
    hz = host(export_cloud, export_session, tmp_path)
    async with hz.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        assert fields(form) == (BUCKET_HZ, "hz", "raw")   # a format the region doesn't offer isn't kept


async def test_a_remembered_bucket_that_is_gone_is_said_not_swapped(export_cloud, export_session, tmp_path):
    save_choice(tmp_path, ACCOUNT, HZ, ExportChoice("deleted-last-week", "", "raw"))
    app = host(export_cloud, export_session, tmp_path, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        note = text_of(form.query_one("#xf-bucket-note"))
        assert "上次在此使用的 Bucket deleted-last-week 已不在" in note and "请另选一个" in note
    app = host(export_cloud, export_session, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await loaded(pilot)
        note = " ".join(text_of(form.query_one("#xf-bucket-note")).split())
        assert "The bucket you used last time here, deleted-last-week, no longer exists in" in note
        assert "choose another" in note


async def test_bucket_listing_refused_offers_the_remembered_name(export_cloud, tmp_path):
    from tui_export.cloud.retry import RetryPolicy
    from tui_export.cloud.session import CloudSession

    session = CloudSession.for_sim(export_cloud, retry=RetryPolicy(max_attempts=1))
    session.ensure_role()
    save_choice(tmp_path, ACCOUNT, HZ, ExportChoice(BUCKET_HZ, "", "raw"))
    export_cloud.faults.update(server_error=1.0, only={"ListBuckets"})
    app = host(export_cloud, session, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = pilot.app.screen
        await wait_for(pilot, lambda: form.manual_bucket and form.role_state is not None, what="fallback")
        await pilot.pause()
        assert form.query_one("#xf-bucket-manual", Input).value == BUCKET_HZ
        assert f"Last used here: {BUCKET_HZ}." in text_of(form.query_one("#xf-bucket-note"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.results, what="dismissal")
    assert app.results == [ExportRequest(HZ, IMAGE_DATA, BUCKET_HZ, "", "raw")]


def test_a_damaged_file_remembers_nothing(tmp_path):
    (tmp_path / FILE_NAME).write_text("{not json")
    assert load_choice(tmp_path, ACCOUNT, HZ) is None
    save_choice(tmp_path, ACCOUNT, HZ, ExportChoice("b-1", "p", "raw"))
    assert load_choice(tmp_path, ACCOUNT, HZ) == ExportChoice("b-1", "p", "raw")
    assert load_choice(None, ACCOUNT, HZ) is None
