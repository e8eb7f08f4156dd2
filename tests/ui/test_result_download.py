"""ResultScreen on a real finished export in the embedded cloud: objects listed,
downloaded with progress and CRC-64 verification, stopped and resumed, an existing
file never overwritten without asking, and a signed link copied (OSC 52)."""

from __future__ import annotations

import urllib.request

import pytest
from textual.widgets import DataTable, Input

from export_fixtures import (  # noqa: F401  (fixtures)
    ExportHost, export_cloud, export_session, finished_export, text_of, wait_for,
)
from tui_export.cloud.crc_check import crc64_of_file
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.result import ResultScreen
from tui_export.ui.screens.download_dest import DownloadDestinationDialog
from tui_export.core.units import human_bytes


@pytest.fixture
def finished(export_cloud, export_session):
    return finished_export(export_cloud, export_session)


def result_host(session, finished, tmp_path, **kw) -> ExportHost:
    task, req = finished
    return ExportHost(session, lambda: ResultScreen(task, req, download_dir=str(tmp_path)),
                      state_dir=tmp_path / "state", **kw)


async def listed(pilot) -> ResultScreen:
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.objects, what="objects listed")
    await pilot.pause()
    return screen


def status(screen) -> str:
    return "\n".join(text_of(screen.query_one(s)) for s in ("#rs-dl-status", "#rs-dl-detail", "#rs-dl-result"))


async def download_highlighted(pilot, directory: str | None = None) -> None:
    await pilot.press("d")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, DownloadDestinationDialog)
    if directory is not None:
        dialog.query_one("#dd-dir", Input).value = directory
        await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def verified(screen) -> bool:
    return "verified (CRC-64)" in text_of(screen.query_one("#rs-dl-result"))


async def test_objects_listed_then_downloaded_and_verified(export_session, finished, tmp_path):
    app = result_host(export_session, finished, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await listed(pilot)
        table = screen.query_one("#rs-objects", DataTable)
        objects = list(screen.objects.values())
        assert [o.key for o in objects] == [f"snap_m-bp1demodata000000002_system.raw.tar.gz",
                                            f"snap_m-bp1demodata000000002_data_xvdb.raw.tar.gz"]
        assert table.row_count == 2
        assert str(table.get_cell_at((0, 1))) == human_bytes(objects[0].size)

        await download_highlighted(pilot)             # the prefilled directory: tmp_path
        await wait_for(pilot, lambda: verified(screen), what="verified download")
        dest = tmp_path / objects[0].key
        assert dest.stat().st_size == objects[0].size
        assert crc64_of_file(dest) == int(objects[0].crc64)
        assert "✓ verified" in str(table.get_cell_at((0, 2)))
        assert screen.query_one("#rs-progress").percentage == 1.0


async def test_destination_must_be_an_existing_directory(export_session, finished, tmp_path):
    app = result_host(export_session, finished, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        field = dialog.query_one("#dd-dir", Input)
        assert field.value == str(tmp_path)
        field.value = str(tmp_path / "nope")
        await pilot.pause()
        assert "is not an existing directory" in text_of(dialog.query_one("#dd-error"))
        assert dialog.query_one("#dd-ok").disabled
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog                   # refused, still asking
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen) and app.screen.job is None


async def test_cancel_mid_download_then_resume(export_cloud, export_session, finished, tmp_path):
    export_cloud.faults.update(bandwidth=1.0)        # 1 MB/s per connection: several seconds
    app = result_host(export_session, finished, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await listed(pilot)
        await pilot.press("down")                     # the 6.25 MiB data disk
        obj = list(screen.objects.values())[1]
        assert screen._highlighted() == obj
        await download_highlighted(pilot)
        bar = screen.query_one("#rs-progress")
        await wait_for(pilot, lambda: (bar.progress or 0) > 512 << 10, what="some progress")
        assert " of " in text_of(screen.query_one("#rs-dl-detail"))     # done of total · rate · ETA
        assert "ETA" in text_of(screen.query_one("#rs-dl-detail"))

        await pilot.press("escape")                   # Esc while downloading asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")                        # keep downloading
        await pilot.pause()
        assert app.screen is screen and screen.job is not None

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.job is None, what="stopped")
        assert "Stopped at" in status(screen)
        assert not (tmp_path / obj.key).exists()

        export_cloud.faults.update(bandwidth=4.0)
        await download_highlighted(pilot)
        await wait_for(pilot, lambda: "Resuming from" in status(screen) or verified(screen), what="resume")
        assert "Resuming from" in status(screen)
        await wait_for(pilot, lambda: verified(screen), timeout=20, what="verified after resume")
    dest = tmp_path / obj.key
    assert dest.stat().st_size == obj.size and crc64_of_file(dest) == int(obj.crc64)


async def test_existing_different_file_asks_before_overwriting(export_session, finished, tmp_path):
    task, req = finished
    app = result_host(export_session, finished, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await listed(pilot)
        obj = list(screen.objects.values())[0]
        (tmp_path / obj.key).write_bytes(b"something else")
        await download_highlighted(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="overwrite question")
        await pilot.press("n")
        await pilot.pause()
        assert (tmp_path / obj.key).read_bytes() == b"something else"
        assert "Kept" in status(screen)

        await download_highlighted(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="overwrite question")
        await pilot.press("y")
        await wait_for(pilot, lambda: verified(screen), what="verified")
    assert crc64_of_file(tmp_path / obj.key) == int(obj.crc64)


async def test_copy_link_puts_a_working_url_on_the_clipboard_read_only_too(export_session, finished, tmp_path):
    app = result_host(export_session, finished, tmp_path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await listed(pilot)
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
