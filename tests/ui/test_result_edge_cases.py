"""ResultScreen edge cases: a file already there with the same bytes, an object gone
from OSS (the cloud's error shown once, the screen stays usable), and the warning
when crcmod runs without its C extension."""

from __future__ import annotations

import pytest

from export_fixtures import (  # noqa: F401  (fixtures)
    ExportHost, export_cloud, export_session, finished_export, text_of, wait_for,
)
from tui_export.ui.screens.result import ResultScreen


@pytest.fixture
def finished(export_cloud, export_session):
    return finished_export(export_cloud, export_session, prefix="edge")


def host(session, finished, tmp_path) -> ExportHost:
    task, req = finished
    return ExportHost(session, lambda: ResultScreen(task, req, download_dir=str(tmp_path)),
                      state_dir=tmp_path / "state")


async def start_download(pilot) -> ResultScreen:
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.objects, what="objects")
    await pilot.press("d")
    await pilot.pause(0.1)
    await pilot.press("enter")
    return screen


def status(screen) -> str:
    return "\n".join(text_of(screen.query_one(s)) for s in ("#rs-dl-status", "#rs-dl-result", "#rs-dl-warning"))


async def test_same_file_already_there_is_not_downloaded_again(export_session, finished, tmp_path):
    app = host(export_session, finished, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_download(pilot)
        await wait_for(pilot, lambda: "verified" in status(screen), what="first download")
        await start_download(pilot)
        await wait_for(pilot, lambda: "already here with the same content" in status(screen), what="second")
        assert "verified (CRC-64)" in status(screen)


async def test_object_gone_shows_the_error_and_keeps_the_screen(export_cloud, export_session, finished, tmp_path):
    task, req = finished
    app = host(export_session, finished, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.objects, what="objects")
        key = next(iter(screen.objects))
        export_cloud.store.delete_object(req.bucket, key)
        await start_download(pilot)
        await wait_for(pilot, lambda: app.errors, what="error shown")
        assert getattr(app.errors[0], "code", "") == "NoSuchKey"
        assert "Download failed (NoSuchKey)" in status(screen)
        assert screen.job is None and app.screen is screen


async def test_warning_when_crc_runs_in_pure_python(export_session, finished, tmp_path, monkeypatch):
    import tui_export.cloud.download as download

    monkeypatch.setattr(download, "crc_accelerated", lambda: False)
    app = host(export_session, finished, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_download(pilot)
        await wait_for(pilot, lambda: "verified" in status(screen), what="download")
        assert "C extension is missing" in text_of(screen.query_one("#rs-dl-warning"))


async def test_download_all_fetches_every_object_into_one_directory(export_session, finished, tmp_path):
    app = host(export_session, finished, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.objects, what="objects")
        objects = list(screen.objects.values())
        assert len(objects) == 2
        await pilot.press("a")
        await pilot.pause(0.1)
        assert "Saves into" in text_of(app.screen.query_one("#dd-target"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.job is None and not screen.queue
                       and all((tmp_path / o.key).exists() for o in objects), timeout=20, what="both files")
        await pilot.pause(0.1)
        assert "verified" in status(screen)
    from tui_export.cloud.crc_check import crc64_of_file
    for o in objects:
        assert crc64_of_file(tmp_path / o.key) == int(o.crc64)
