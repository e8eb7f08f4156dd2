"""The result screen of the demo's finished export, in the app on the embedded cloud: objects
listed, downloaded through the job engine with progress and CRC-64 verification, stopped
(after a question) and resumed, an existing different file never replaced without asking,
and a signed link copied (OSC 52).

The downloads go through the app's one download path (the job engine), reached as a user
does: `t`, the task, Enter, `d`, a folder."""

from __future__ import annotations

import copy
import urllib.request

import pytest
from textual.widgets import DataTable

from export_fixtures import (  # noqa: F401  (fixtures)
    ExportHost, export_cloud, export_session, finished_export, text_of,
)
from tests.journal_lines import verified_fetched
from tests.ui.conftest import demo_finished_task, download_from_result, open_result, wait_for
from tui_export.cloud.crc_check import crc64_of_file
from tui_export.core.units import human_bytes
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.result import ResultScreen


@pytest.fixture
def sim():
    """The demo, its exports a few MiB: long enough to stop one half way on a capped link."""
    with EmbeddedCloud(copy.deepcopy(load_scenario("demo")), export_seconds=1.0, bytes_per_gib=128 << 10) as cloud:
        yield cloud


def status(screen) -> str:
    return "\n".join(text_of(screen.query_one(s)) for s in ("#rs-dl-status", "#rs-dl-detail", "#rs-dl-result"))


def verified(screen) -> bool:
    return "verified (CRC-64)" in text_of(screen.query_one("#rs-dl-result"))


def listed_as_in_the_bucket(sim, screen) -> None:
    task = demo_finished_task(sim)
    assert sorted(screen.objects) == sorted(key for key, _, _ in task.objects)


async def test_objects_listed_then_downloaded_and_verified(sim, make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_result(app, pilot, demo_finished_task(sim).task_id)
        listed_as_in_the_bucket(sim, screen)
        table = screen.query_one("#rs-objects", DataTable)
        obj = list(screen.objects.values())[0]
        assert str(table.get_cell_at((0, 1))) == human_bytes(obj.size)

        await download_from_result(pilot, tmp_path)
        await wait_for(pilot, lambda: verified(screen), timeout=30, what="verified download")
        dest = tmp_path / obj.key
        assert dest.stat().st_size == obj.size
        assert crc64_of_file(dest) == int(obj.crc64)
        assert "✓ verified" in str(table.get_cell_at((0, 2)))
        assert screen.query_one("#rs-progress").percentage == 1.0
        assert str(dest) in status(screen) or dest.name in status(screen)


async def test_stop_mid_download_after_asking_then_resume(sim, make_app, tmp_path):
    sim.faults.update(bandwidth=0.2)               # 200 kB/s per connection: several seconds
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_result(app, pilot, demo_finished_task(sim).task_id)
        obj = list(screen.objects.values())[0]
        await download_from_result(pilot, tmp_path)
        bar = screen.query_one("#rs-progress")
        await wait_for(pilot, lambda: (bar.progress or 0) > 256 << 10, timeout=20, what="some progress")
        detail = text_of(screen.query_one("#rs-dl-detail"))
        assert " of " in detail and "ETA" in detail    # done of total · rate · ETA

        await pilot.press("x")                          # stop: asked first, "Keep downloading" is the safe one
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="stop question")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen, what="kept downloading")
        assert screen.engine_downloading()
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="stop question")
        await pilot.press("y")
        await wait_for(pilot, lambda: "Stopped at" in status(screen), timeout=20, what="stopped")
        assert not screen.engine_downloading()
        assert not (tmp_path / obj.key).exists()
        assert "⏸" in str(screen.query_one("#rs-objects", DataTable).get_cell_at((0, 2)))   # partial, kept

        sim.faults.update(bandwidth=0)
        await download_from_result(pilot, tmp_path)     # `d` again: from the checkpoint
        await wait_for(pilot, lambda: verified(screen), timeout=30, what="verified after resume")
        fetched = verified_fetched(app.task_store, screen.engine_job.job_id)
    dest = tmp_path / obj.key
    assert dest.stat().st_size == obj.size and crc64_of_file(dest) == int(obj.crc64)
    size, got = fetched[-1]
    assert got < size, fetched                       # resumed: the bytes before the stop weren't fetched again


async def test_existing_different_file_asks_before_overwriting(sim, make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_result(app, pilot, demo_finished_task(sim).task_id)
        obj = list(screen.objects.values())[0]
        (tmp_path / obj.key).write_bytes(b"something else")
        await download_from_result(pilot, tmp_path)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=20, what="overwrite question")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen, what="question closed")
        assert (tmp_path / obj.key).read_bytes() == b"something else"
        assert "Kept" in status(screen)

        await download_from_result(pilot, tmp_path)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=20, what="overwrite question")
        await pilot.press("y")
        await wait_for(pilot, lambda: verified(screen), timeout=30, what="verified")
    assert crc64_of_file(tmp_path / obj.key) == int(obj.crc64)


@pytest.fixture
def finished(export_cloud, export_session):
    return finished_export(export_cloud, export_session)


async def test_copy_link_puts_a_working_url_on_the_clipboard_read_only_too(export_session, finished, tmp_path):
    task, req = finished
    app = ExportHost(export_session, lambda: ResultScreen(task, req, download_dir=str(tmp_path)), read_only=True,
                     state_dir=tmp_path / "state")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.objects, what="objects listed")
        obj = list(screen.objects.values())[0]
        await pilot.press("l")
        await wait_for(pilot, lambda: app.clipboard, what="clipboard")
        url = app.clipboard
        shown = text_of(screen.query_one("#rs-link"))
        assert "Signed link copied" in shown and "UTC" in shown
        assert obj.key in shown
        assert "Signature" not in shown and "OSSAccessKeyId" not in shown
        assert "?" not in shown.splitlines()[0]       # no query string at all
        assert "OSC 52" in shown                      # and what to check when nothing pastes
        assert app.refused == []
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read()
    assert len(body) == obj.size
    assert response.headers["x-oss-hash-crc64ecma"] == obj.crc64
