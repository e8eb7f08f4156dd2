"""The app on the job engine (the demo cloud, real SDKs): the Jobs view follows a batch
with its stages; a download started from the result screen keeps going after Esc; a new
app on the same state dir resumes an interrupted download; a missing folder is made
only after a confirmation whose focus is on "Cancel"."""

from __future__ import annotations

import copy

import pytest
from textual.widgets import Button, Input

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, wait_for
from tui_export.core.models import ExportRequest
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.jobs import JobsScreen
from tui_export.ui.screens.result import ResultScreen
from tui_export.ui.widgets.export_download_dest import DownloadDestinationDialog

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
    await wait_for(pilot, lambda: type(app.screen).__name__ == "TasksScreen", what="tasks screen")
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
        await wait_for(pilot, lambda: len(ours()) == 3, what=f"three jobs")
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JobsScreen), what="the Jobs view")
        table = app.screen.query_one("#jobs")
        await pilot.pause()
        assert {str(table.get_cell(j.job_id, "job_image")) for j in ours()} == batch
        # the rows follow the engine: every job ends "done" (no download asked) with its task id
        await wait_for(pilot, lambda: all(str(table.get_cell(j.job_id, "job_stage")) == "done"
                                          for j in ours()), timeout=40, what="stages done")
        assert all(str(table.get_cell(j.job_id, "job_task")).startswith("t-") for j in ours())


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
