"""Result screen edge cases, in the app on the embedded cloud (downloads through the job
engine): a file already there with the same bytes is not fetched again, an object gone from
OSS (the cloud's error said, the screen stays usable), the warning when crcmod runs without
its C extension, and "Download all" into one folder."""

from __future__ import annotations

import copy

import pytest

from tests.ui.conftest import (BUCKET_HZ, EXPORT_SECONDS, SMALL_BYTES_PER_GIB, demo_finished_task,
                               download_from_result, notifications, open_result, wait_for)
from tests.journal_lines import verified_fetched
from tui_export.cloud.crc_check import crc64_of_file
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario

from export_fixtures import text_of

IMAGE_DATA = "m-bp1demodata000000002"     # system and data disk: two objects


@pytest.fixture
def sim():
    """The demo, plus a finished export of an image with two disks."""
    scenario = copy.deepcopy(load_scenario("demo"))
    scenario["tasks"].append({"image": IMAGE_DATA, "bucket": BUCKET_HZ, "prefix": "edge", "status": "Finished",
                              "started_seconds_ago": 3600, "duration_seconds": 600})
    with EmbeddedCloud(scenario, export_seconds=EXPORT_SECONDS, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        yield cloud


def fetched(app, job_id: str) -> list[tuple[int, int]]:
    return verified_fetched(app.task_store, job_id)


def status(screen) -> str:
    return "\n".join(text_of(screen.query_one(s)) for s in ("#rs-dl-status", "#rs-dl-result", "#rs-dl-warning"))


def verified(screen) -> bool:
    return "verified (CRC-64)" in status(screen)


async def test_same_file_already_there_is_not_downloaded_again(sim, make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_result(app, pilot, demo_finished_task(sim).task_id)
        obj = list(screen.objects.values())[0]
        await download_from_result(pilot, tmp_path)
        await wait_for(pilot, lambda: verified(screen), timeout=30, what="first download")
        await wait_for(pilot, lambda: app.screen is not screen, what="the clean-up offer")
        await pilot.press("escape")                      # keep the objects in OSS
        await wait_for(pilot, lambda: app.screen is screen, what="back on the result")
        job_id = screen.engine_job.job_id
        before = (tmp_path / obj.key).stat().st_mtime_ns
        await download_from_result(pilot, tmp_path)
        await wait_for(pilot, lambda: len(fetched(app, job_id)) == 2 and verified(screen), timeout=30,
                       what="second download verified")
        assert fetched(app, job_id)[1] == (obj.size, 0)            # checked, nothing fetched
        assert (tmp_path / obj.key).stat().st_mtime_ns == before   # the same bytes: left as they were


async def test_object_gone_shows_the_error_and_keeps_the_screen(sim, make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        task = demo_finished_task(sim)
        screen = await open_result(app, pilot, task.task_id)
        key = next(iter(screen.objects))
        sim.store.delete_object(task.bucket, key)
        await download_from_result(pilot, tmp_path)
        await wait_for(pilot, lambda: "NoSuchKey" in status(screen), timeout=30, what="the error on the screen")
        assert any("NoSuchKey" in n for n in notifications(app, "warning"))
        assert app.screen is screen and not screen.engine_downloading()
        assert "Traceback" not in status(screen)


async def test_warning_when_crc_runs_in_pure_python(sim, make_app, tmp_path, monkeypatch):
    import tui_export.cloud.download as download

    monkeypatch.setattr(download, "crc_accelerated", lambda: False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_result(app, pilot, demo_finished_task(sim).task_id)
        await download_from_result(pilot, tmp_path)
        await wait_for(pilot, lambda: verified(screen), timeout=30, what="download")
        assert "C extension is missing" in text_of(screen.query_one("#rs-dl-warning"))


async def test_download_all_fetches_every_object_into_one_directory(sim, make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_result(app, pilot, demo_finished_task(sim, IMAGE_DATA).task_id)
        objects = list(screen.objects.values())
        assert len(objects) == 2
        await pilot.press("a")
        await wait_for(pilot, lambda: app.screen is not screen, what="folder dialog")
        assert "Saves into" in text_of(app.screen.query_one("#dd-target"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="dialog closed")
        await download_from_result(pilot, tmp_path, key="a")
        await wait_for(pilot, lambda: verified(screen) and all((tmp_path / o.key).exists() for o in objects),
                       timeout=30, what="every file")
    for o in objects:
        assert crc64_of_file(tmp_path / o.key) == int(o.crc64)


async def test_stop_question_goes_when_the_download_ends_meanwhile(sim, make_app, tmp_path):
    """`x`, then the download finishes before the answer: "Stop the download?" is moot and goes;
    it once stayed behind the clean-up offer, asking to stop a verified download."""
    from tests.ui.conftest import result_screen_downloading
    from tui_export.ui.screens.confirm import ConfirmDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await result_screen_downloading(app, pilot, sim, tmp_path)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="stop question")
        stop_question = app.screen
        sim.faults.update(bandwidth=0)             # uncapped: the download ends under the question
        await wait_for(pilot, lambda: app.engine.job(screen.export_task.task_id).verified, timeout=30,
                       what="verified download")
        await wait_for(pilot, lambda: stop_question not in app.screen_stack, what="the stop question gone")
        # what is left is the clean-up offer over the result screen, nothing asking to stop
        assert all(not isinstance(s, ConfirmDialog) or s is app.screen for s in app.screen_stack)
