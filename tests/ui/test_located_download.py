"""A task started elsewhere, whose files the cloud can't place, downloads through the job
engine once the user has said where they are (issues #9 and #11): the download dialog offers
the formats, a qcow2 download gives a verified disk and a manifest, the download goes on after
Esc, and a relaunch resumes it from the typed bucket and prefix (the demo cloud, real SDKs)."""

from __future__ import annotations

import copy
import json

import pytest
from textual.widgets import DataTable, Input

from tests.ui.conftest import BUCKET_HZ, download_from_result, enter_on_task, notifications, wait_for
from tui_export.cloud.crc_check import crc64_of_file
from tui_export.convert import manifest
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.export_location import ExportLocationDialog
from tui_export.ui.screens.jobs import JobsScreen
from tui_export.ui.screens.result import ResultScreen

IMAGE_DATA = "m-bp1demodata000000002"     # exported from the console: the cloud names nothing
PREFIX = "console"


@pytest.fixture
def sim():
    scenario = copy.deepcopy(load_scenario("demo"))
    scenario["tasks"].append({"image": IMAGE_DATA, "bucket": BUCKET_HZ, "prefix": PREFIX, "status": "Finished",
                              "started_seconds_ago": 3 * 86400, "duration_seconds": 600,
                              "related_items": ["ImageFormat"]})
    # 140 GiB of disks: ~9 MiB of raw disk; the downloads below are slowed by the fault instead
    with EmbeddedCloud(scenario, export_seconds=1.0, bytes_per_gib=64 << 10) as cloud:
        yield cloud


def _task_id(sim) -> str:
    with sim.world.lock:
        return next(t.task_id for t in sim.world.tasks.values() if t.image_id == IMAGE_DATA and t.status == "Finished")


def _stage(app, task_id):
    job = app.engine.job(task_id) if app.engine else None
    return job.stage.value if job else None


async def _typed_location(app, pilot, task_id) -> ResultScreen:
    """Enter on the task, the cloud can't say: bucket and prefix typed; the result lists them."""
    await enter_on_task(app, pilot, task_id)
    await wait_for(pilot, lambda: isinstance(app.screen, ExportLocationDialog) or notifications(app, "error"),
                   timeout=20, what="the location dialog")
    dialog = app.screen
    assert isinstance(dialog, ExportLocationDialog), notifications(app)
    dialog.query_one("#el-bucket", Input).value = BUCKET_HZ
    dialog.query_one("#el-prefix", Input).value = PREFIX
    await pilot.pause()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects, timeout=20,
                   what="objects listed")
    assert app.screen.asked
    return app.screen


async def _slow_download_under_way(app, pilot, sim, task_id, folder, fmt: str = "archive") -> None:
    """The typed location, then "Download all" crawling (bandwidth cap) until bytes arrive."""
    await _typed_location(app, pilot, task_id)
    sim.faults.update(bandwidth=0.02, only=["GetObject"])     # slow enough to leave or quit mid-way
    await download_from_result(pilot, folder, "a", fmt=fmt)
    await wait_for(pilot, lambda: _stage(app, task_id) == "downloading" and app.engine.job(task_id).bytes_done,
                   timeout=20, what="download under way")


async def test_a_typed_location_downloads_as_qcow2_with_a_manifest(make_app, sim, tmp_path):
    task_id = _task_id(sim)
    folder, archives, raws = tmp_path / "dl", tmp_path / "archives", tmp_path / "raws"
    for path in (folder, archives, raws):
        path.mkdir()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        result = await _typed_location(app, pilot, task_id)
        keys = sorted(result.objects)
        assert len(keys) == 2 and all(k.startswith(f"{PREFIX}_{IMAGE_DATA}_") for k in keys)
        await download_from_result(pilot, folder, "a", fmt="qcow2")
        await wait_for(pilot, lambda: _stage(app, task_id) in ("done", "failed")
                       and any(folder.glob("*.manifest.json")), timeout=60, what="download and conversion")
        job = app.engine.job(task_id)
        assert job.stage.value == "done" and job.verified, job.error
        assert (job.bucket, job.prefix, job.image_id) == (BUCKET_HZ, PREFIX, IMAGE_DATA)   # the typed place
        assert sorted(o.key for o in job.objects) == keys
        await wait_for(pilot, lambda: "MBR" in str(result.query_one("#rs-dl-detail").render()), what="disk lines")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the clean-up offer")
        await pilot.press("escape")                           # keep them
        await wait_for(pilot, lambda: app.screen is result, what="back on the result")
        # again, as exported this time: the format chosen now, not the last one
        await download_from_result(pilot, archives, "a")
        await wait_for(pilot, lambda: _stage(app, task_id) in ("done", "failed")
                       and any(archives.glob("*.manifest.json")), timeout=60, what="the second download")
        assert app.engine.job(task_id).stage.value == "done", app.engine.job(task_id).error
        assert not notifications(app, "error"), notifications(app)
    assert len(list(archives.glob("*.tar.gz"))) == 2 and not list(archives.glob("*.qcow2"))
    relaunched = make_app()                                    # the same state dir: the place is remembered
    async with relaunched.run_test(size=(80, 24)) as pilot:
        await enter_on_task(relaunched, pilot, task_id)
        await wait_for(pilot, lambda: isinstance(relaunched.screen, (ResultScreen, ExportLocationDialog))
                       and getattr(relaunched.screen, "objects", True), timeout=20, what="the result")
        assert isinstance(relaunched.screen, ResultScreen) and not relaunched.screen.asked
        assert sorted(relaunched.screen.objects) == keys
        # the journaled job downloads again from the place typed in the first run
        await download_from_result(pilot, raws, "a", fmt="raw")
        await wait_for(pilot, lambda: _stage(relaunched, task_id) in ("done", "failed")
                       and any(raws.glob("*.manifest.json")), timeout=60, what="the third download")
        job = relaunched.engine.job(task_id)
        assert job.stage.value == "done" and job.verified, job.error
    assert len(list(raws.glob("*.raw"))) == 2 and not list(raws.glob("*.tar.gz"))
    disks = sorted(folder.glob("*.qcow2"))
    assert len(disks) == 2 and all(d.read_bytes()[:4] == b"QFI\xfb" for d in disks)
    assert not list(folder.glob("*.tar.gz"))                 # the archives go once the disks are verified
    (path,) = folder.glob("*.manifest.json")
    doc = json.loads(path.read_text())
    assert (doc["task_id"], doc["bucket"], doc["prefix"], doc["image_id"]) == (task_id, BUCKET_HZ, PREFIX, IMAGE_DATA)
    checks = manifest.check_local(doc, folder, crc64_of_file)   # what `tui-export verify` checks
    assert [c.what for c in checks] == ["converted", "converted"] and all(c.ok for c in checks), checks


async def test_a_typed_location_download_goes_on_after_esc(make_app, sim, tmp_path):
    task_id = _task_id(sim)
    folder = tmp_path / "dl"
    folder.mkdir()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _slow_download_under_way(app, pilot, sim, task_id, folder)
        await pilot.press("escape")                           # leaves at once: nothing asked
        await wait_for(pilot, lambda: not isinstance(app.screen, ResultScreen), what="result screen left")
        assert _stage(app, task_id) == "downloading"
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JobsScreen), what="the Jobs view")
        job_id = app.engine.job(task_id).job_id
        table = app.screen.query_one("#jobs", DataTable)
        await wait_for(pilot, lambda: job_id in table.rows, what="the job listed")
        sim.faults.update(bandwidth=0)
        await wait_for(pilot, lambda: _stage(app, task_id) == "done", timeout=60, what="download done")
        await wait_for(pilot, lambda: str(table.get_cell(job_id, "job_stage")) == "done", what="the row done")
        job = app.engine.job(task_id)
        assert job.verified
        for obj in job.objects:
            assert (folder / obj.key).stat().st_size == obj.size


async def test_a_relaunch_resumes_it_from_the_typed_location(make_app, sim, tmp_path):
    task_id = _task_id(sim)
    folder = tmp_path / "dl"
    folder.mkdir()
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await _slow_download_under_way(first, pilot, sim, task_id, folder, "raw")
    sim.faults.update(bandwidth=0)                             # the app quit mid-download

    second = make_app()                                        # the same state dir
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: second.engine is not None and second.engine.job(task_id) is not None,
                       timeout=20, what="the job picked up")
        await wait_for(pilot, lambda: _stage(second, task_id) in ("done", "failed"), timeout=60,
                       what="resumed to the end")
        job = second.engine.job(task_id)
        assert job.stage.value == "done" and job.verified, job.error
        assert (job.bucket, job.prefix, job.download_dir) == (BUCKET_HZ, PREFIX, str(folder))
        assert all((o.converted or {}).get("format") == "raw" for o in job.objects)   # still converting
        # the place is known now: Enter opens the result without asking again
        await enter_on_task(second, pilot, task_id)
        await wait_for(pilot, lambda: isinstance(second.screen, (ResultScreen, ExportLocationDialog))
                       and getattr(second.screen, "objects", True), timeout=20, what="the result")
        assert isinstance(second.screen, ResultScreen) and not second.screen.asked
        assert sorted(second.screen.objects) == sorted(o.key for o in job.objects)
    assert len(list(folder.glob("*.raw"))) == 2 and not list(folder.glob("*.tar.gz"))
