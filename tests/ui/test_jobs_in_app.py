"""The app on the job engine (the demo cloud, real SDKs): the Jobs view follows a batch
with its stages; a download started from the result screen keeps going after Esc; a new
app on the same state dir resumes an interrupted download; a missing folder is made
only after a confirmation whose focus is on "Cancel"."""

from __future__ import annotations

import copy
import re

import pytest
from tui_export.ui.screens.tasks import TasksScreen
from textual.widgets import Button, Input

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, notifications, wait_for
from tui_export.core.models import ExportRequest
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.jobs import JobsScreen
from tui_export.ui.screens.result import ResultScreen
from tui_export.ui.screens.download_dest import DownloadDestinationDialog

IMAGE_DATA = "m-bp1demodata000000002"
IMAGE_APP = "m-bp1demoapp000000021"
BYTES_PER_GIB = 1 << 20            # a 20 GiB disk exports 20 MiB: long enough to leave mid-way


@pytest.fixture
def sim():
    scenario = copy.deepcopy(load_scenario("demo"))
    web = next(im for im in scenario["images"] if im["id"] == IMAGE_WEB)
    scenario["images"].append({**web, "id": IMAGE_APP, "name": "app-copy"})
    with EmbeddedCloud(scenario, export_seconds=2.0, bytes_per_gib=BYTES_PER_GIB) as cloud:
        yield cloud


def _stage(app, task_id):
    job = app.engine.job(task_id) if app.engine else None
    return job.stage.value if job else None


async def _finished_export(app, pilot, image_id) -> str:
    app.start_export(ExportRequest(region_id=HZ, image_id=image_id, bucket=BUCKET_HZ))
    await wait_for(pilot, lambda: any(r.image_id == image_id for r in app.requests.values()), timeout=20,
                   what="export started")
    task_id = next(k for k, r in app.requests.items() if r.image_id == image_id)
    await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", timeout=30, what="task finished")
    return task_id


async def _download_all(app, pilot, task_id, folder) -> ResultScreen:
    """From the tasks screen: open the result, `a`, type the folder, Enter."""
    await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="tasks screen")
    app.screen.focus_task(task_id)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects, timeout=20,
                   what="objects listed")
    result = app.screen
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="folder dialog")
    app.screen.query_one("#dd-dir", Input).value = str(folder)
    await pilot.pause()
    await pilot.press("enter")
    return result


async def test_the_jobs_view_shows_a_batch_with_its_stages(make_app, export_role):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, what="engine")
        app.start_exports([ExportRequest(region_id=HZ, image_id=i, bucket=BUCKET_HZ)
                           for i in (IMAGE_WEB, IMAGE_DATA, IMAGE_APP)])
        batch = {IMAGE_WEB, IMAGE_DATA, IMAGE_APP}

        def ours():
            return [j for j in app.engine.jobs() if j.image_id in batch]
        await wait_for(pilot, lambda: len(ours()) == 3, what="three jobs")
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JobsScreen), what="the Jobs view")
        table = app.screen.query_one("#jobs")
        await pilot.pause()
        assert {str(table.get_cell(j.job_id, "job_image")) for j in ours()} == batch
        # the rows follow the engine: every job ends "done" (no download asked) with its task id
        await wait_for(pilot, lambda: all(str(table.get_cell(j.job_id, "job_stage")) == "done"
                                          for j in ours()), timeout=40, what="stages done")
        for job in ours():                                       # its task id in the pane
            table.move_cursor(row=table.get_row_index(job.job_id))
            await pilot.pause()
            assert job.task_id.startswith("t-") and job.task_id in str(
                app.screen.query_one("#job-detail-text").render())


async def test_a_download_keeps_going_after_esc(make_app, export_role, sim, tmp_path):
    app = make_app()
    folder = tmp_path / "images" / "new"                 # doesn't exist yet
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, what="engine")
        task_id = await _finished_export(app, pilot, IMAGE_WEB)
        sim.faults.update(bandwidth=0.3)                 # slow enough to leave mid-way
        await _download_all(app, pilot, task_id, folder)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="create-folder question")
        assert app.screen.focused.id == "confirm-no"     # Enter alone creates nothing
        await pilot.press("y")
        await wait_for(pilot, lambda: _stage(app, task_id) == "downloading" and app.engine.job(task_id).bytes_done,
                       timeout=20, what="download under way")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ResultScreen), what="result screen left")
        assert _stage(app, task_id) == "downloading"
        # the Jobs view follows it: its progress, rate and ETA (issue #9 §2)
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JobsScreen), what="the Jobs view")
        table = app.screen.query_one("#jobs")
        job_id = app.engine.job(task_id).job_id

        def cell(key: str) -> str:
            return str(table.get_cell(job_id, key)) if job_id in table.rows else ""
        await wait_for(pilot, lambda: re.fullmatch(r"\d{1,2}%", cell("job_progress"))
                       and re.fullmatch(r"[\d.]+ [KMG]?i?B/s · \d+(:\d\d)+", cell("job_eta")), timeout=20,
                       what="percent, rate and ETA of the download")
        sim.faults.update(bandwidth=0)
        await wait_for(pilot, lambda: _stage(app, task_id) == "done", timeout=60, what="download done")
        job = app.engine.job(task_id)
        assert job.verified
        for obj in job.objects:
            assert (folder / obj.key).stat().st_size == obj.size


async def test_a_relaunch_resumes_an_interrupted_download(make_app, export_role, sim, tmp_path):
    folder = tmp_path / "dl"
    folder.mkdir()
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: first.engine is not None, what="engine")
        task_id = await _finished_export(first, pilot, IMAGE_WEB)
        sim.faults.update(bandwidth=0.2)
        await _download_all(first, pilot, task_id, folder)
        await wait_for(pilot, lambda: (first.engine.job(task_id) or None) is not None
                       and first.engine.job(task_id).bytes_done > 0, timeout=20, what="some bytes")
        done_before = first.engine.job(task_id).bytes_done
        assert _stage(first, task_id) == "downloading"
    sim.faults.update(bandwidth=0)

    second = make_app()                                  # the same state dir
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: second.engine is not None and second.engine.job(task_id) is not None,
                       timeout=20, what="the job picked up")
        await wait_for(pilot, lambda: _stage(second, task_id) == "done", timeout=60, what="resumed to the end")
        job = second.engine.job(task_id)
        assert job.verified and job.download_dir == str(folder)
        assert done_before > 0
        for obj in job.objects:
            assert (folder / obj.key).stat().st_size == obj.size


async def test_after_a_verified_download_clean_up_is_offered_and_verify_again_rechecks(
        make_app, export_role, sim, tmp_path):
    from tui_export.cloud.session import CloudSession

    folder = tmp_path / "dl"
    folder.mkdir()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, what="engine")
        task_id = await _finished_export(app, pilot, IMAGE_WEB)
        result = await _download_all(app, pilot, task_id, folder)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=60, what="clean-up offer")
        body = str(app.screen.query_one("#confirm-body").render())
        assert "20.0 MiB" in body and BUCKET_HZ in body              # what would go, and its size
        assert app.screen.focused.id == "confirm-no"                 # "Keep them" is the default
        assert "Keep them" in str(app.screen.query_one("#confirm-no", Button).label)

        # verify again: the local copy matches; spoilt, it doesn't
        await pilot.press("escape")                                  # keep them
        await wait_for(pilot, lambda: app.screen is result, what="back on the result")
        await pilot.press("v")
        await wait_for(pilot, lambda: "verified again" in str(result.query_one("#rs-dl-result").render()),
                       timeout=60, what="verified again")          # a CRC-64 of 20 MiB on a loaded machine
        path = folder / next(iter(result.objects))
        with open(path, "r+b") as f:
            f.seek(1000)
            f.write(b"\xff\x00\xff")
        await pilot.press("v")
        await wait_for(pilot, lambda: "differs from the object in OSS" in str(
            result.query_one("#rs-dl-result").render()), timeout=60, what="a spoilt copy caught")

        # clean up on request: the objects leave OSS
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="clean-up question")
        await pilot.press("y")
        task = app.tasks[task_id]
        listing = CloudSession.for_sim(sim)
        await wait_for(pilot, lambda: not list(listing.exported_objects(task, app.requests[task_id])),
                       timeout=20, what="objects deleted from OSS")


async def test_read_only_never_offers_clean_up_and_refuses_it(make_app, export_role, sim, tmp_path):
    folder = tmp_path / "dl"
    folder.mkdir()
    writer = make_app()
    async with writer.run_test(size=(80, 24)) as pilot:          # an export made by a normal session
        await wait_for(pilot, lambda: writer.engine is not None, what="engine")
        task_id = await _finished_export(writer, pilot, IMAGE_WEB)
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, what="engine")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen) and task_id in app.tasks,
                       timeout=20, what="the task listed")
        await _download_all(app, pilot, task_id, folder)
        await wait_for(pilot, lambda: _stage(app, task_id) == "done" and app.engine.job(task_id).verified,
                       timeout=60, what="downloaded")
        await pilot.pause(0.5)
        assert not isinstance(app.screen, ConfirmDialog)              # nothing offered
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("READ-ONLY" in n and "deleting exported objects" in n for n in notifications(app)), (
            notifications(app), app.screen)


async def test_a_relaunch_asks_before_making_a_download_folder_that_is_gone(make_app, export_role, sim, tmp_path):
    import shutil

    folder = tmp_path / "gone"
    folder.mkdir()
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: first.engine is not None, what="engine")
        task_id = await _finished_export(first, pilot, IMAGE_WEB)
        sim.faults.update(bandwidth=0.2)
        await _download_all(first, pilot, task_id, folder)
        await wait_for(pilot, lambda: first.engine.job(task_id) is not None
                       and first.engine.job(task_id).bytes_done > 0, timeout=20, what="some bytes")
    sim.faults.update(bandwidth=0)
    shutil.rmtree(folder)                                # the folder went away between launches

    second = make_app(lang="zh")
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(second.screen, ConfirmDialog), timeout=20, what="the question")
        assert str(folder) in str(second.screen.query_one("#confirm-body").render())
        assert second.screen.focused.id == "confirm-no"      # "Not now" is the default
        assert not folder.exists()                           # nothing made before the answer
        await pilot.press("y")
        await wait_for(pilot, lambda: second.engine.job(task_id) is not None
                       and _stage(second, task_id) == "done", timeout=60, what="resumed after the answer")
        assert second.engine.job(task_id).verified and folder.is_dir()


async def test_d_downloads_one_object_that_keeps_going_after_esc(make_app, export_role, sim, tmp_path):
    """`d` on one object goes through the engine too: Esc right away, the file still completes."""
    folder = tmp_path / "one"
    folder.mkdir()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, what="engine")
        task_id = await _finished_export(app, pilot, IMAGE_DATA)
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="tasks screen")
        app.screen.focus_task(task_id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects, timeout=20,
                       what="objects listed")
        result = app.screen
        keys = list(result.objects)
        assert len(keys) == 2                              # system and data disk
        await pilot.press("down")                          # the second object: not simply "the first"
        await pilot.pause()
        key = result._highlighted().key
        assert key == keys[1]
        sim.faults.update(bandwidth=0.3)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="folder dialog")
        app.screen.query_one("#dd-dir", Input).value = str(folder)
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: _stage(app, task_id) == "downloading", timeout=20, what="download under way")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ResultScreen), what="result screen left")
        assert _stage(app, task_id) == "downloading"
        sim.faults.update(bandwidth=0)
        await wait_for(pilot, lambda: _stage(app, task_id) == "done", timeout=60, what="download done")
        job = app.engine.job(task_id)
        assert job.verified and [o.key for o in job.objects] == [key]
        size = result.objects[key].size
        assert (folder / key.rsplit("/", 1)[-1]).stat().st_size == size
        other = keys[0].rsplit("/", 1)[-1]
        assert not (folder / other).exists()               # only the object asked for
