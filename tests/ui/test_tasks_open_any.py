"""Every finished task opens, whoever started it (the demo cloud through the real SDKs).

A task started in the console or on another machine is known only from DescribeTasks:
Enter asks DescribeTaskAttribute where it went, and the user when the cloud can't say
(bucket and prefix pre-filled with what is known). OSS is never called with an empty
bucket, and a failure on this computer is never shown as the cloud's answer.
"""

from __future__ import annotations

import copy

import pytest
from tui_export.ui.screens.tasks import TasksScreen
from textual.widgets import DataTable, Input

from tests.ui.conftest import (BUCKET_HZ, EXPORT_SECONDS, HZ, IMAGE_WEB, SMALL_BYTES_PER_GIB, enter_on_task,
                               notifications, wait_for)
from tui_export.core.models import ExportRequest
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario
from tui_export.ui.screens.export_location import ExportLocationDialog
from tui_export.ui.screens.result import ResultScreen

IMAGE_DATA = "m-bp1demodata000000002"     # exported from the console: the cloud names nothing
IMAGE_SH = "m-uf6demoshanghai0001"        # the cloud names the objects, not the bucket
IMAGE_SG = "m-t4ndemosingapore001"        # the cloud names the bucket, not the objects

ELSEWHERE = [
    {"image": IMAGE_DATA, "bucket": BUCKET_HZ, "prefix": "console", "related_items": ["ImageFormat"]},
    {"image": IMAGE_SH, "bucket": "demo-export-shanghai", "prefix": "other",
     "related_items": ["OSSObject", "ImageFormat"]},
    {"image": IMAGE_SG, "bucket": "demo-export-singapore", "related_items": ["OSSBucket", "ImageFormat"]},
]


@pytest.fixture
def sim():
    """The demo, plus finished exports started elsewhere whose attribute leaves things out."""
    scenario = copy.deepcopy(load_scenario("demo"))
    for spec in ELSEWHERE:
        scenario["tasks"].append({**spec, "status": "Finished", "started_seconds_ago": 3 * 86400,
                                  "duration_seconds": 600})
    with EmbeddedCloud(scenario, export_seconds=EXPORT_SECONDS, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        yield cloud


def _seeded(sim, image_id):
    with sim.world.lock:
        return next(t for t in sim.world.tasks.values() if t.image_id == image_id and t.status == "Finished")


async def _open_task(app, pilot, task_id):
    await enter_on_task(app, pilot, task_id)


def _errors(app):
    return notifications(app, "error")


async def test_yesterdays_finished_task_lists_its_objects(make_app, sim):
    seeded = _seeded(sim, IMAGE_WEB)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_task(app, pilot, seeded.task_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects or _errors(app),
                       timeout=20, what="objects or an error")
        assert not _errors(app), notifications(app)
        assert sorted(app.screen.objects) == sorted(key for key, _, _ in seeded.objects)
        assert all(o.bucket == BUCKET_HZ for o in app.screen.objects.values())


@pytest.mark.parametrize("image_id, bucket, prefix, prefilled", [
    (IMAGE_DATA, BUCKET_HZ, "console", ("", "")),
    (IMAGE_SH, "demo-export-shanghai", "other", ("", "other")),
    (IMAGE_SG, "demo-export-singapore", "", ("demo-export-singapore", "")),
], ids=["nothing-named", "objects-named", "bucket-named"])
async def test_the_user_is_asked_where_the_cloud_cant_say(make_app, sim, image_id, bucket, prefix, prefilled):
    seeded = _seeded(sim, image_id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_task(app, pilot, seeded.task_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ExportLocationDialog) or _errors(app),
                       timeout=20, what="the dialog")
        assert not _errors(app), notifications(app)
        dialog = app.screen
        bucket_in, prefix_in = dialog.query_one("#el-bucket", Input), dialog.query_one("#el-prefix", Input)
        assert (bucket_in.value, prefix_in.value) == prefilled
        bucket_in.value, prefix_in.value = bucket, prefix
        await pilot.pause()
        # the naming pattern the answer stands for: what will be listed
        head = f"{prefix}_{image_id}_" if prefix else f"{image_id}_"
        await wait_for(pilot, lambda: f"oss://{bucket}/{head}" in str(dialog.query_one("#el-preview").render()),
                       what="the pattern previewed")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects or _errors(app),
                       timeout=20, what="objects listed")
        assert not _errors(app), notifications(app)
        assert sorted(app.screen.objects) == sorted(key for key, _, _ in seeded.objects)


async def test_the_dialog_refuses_bad_values_and_esc_leaves_quietly(make_app, sim):
    seeded = _seeded(sim, IMAGE_DATA)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_task(app, pilot, seeded.task_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ExportLocationDialog), timeout=20, what="the dialog")
        dialog = app.screen
        dialog.query_one("#el-bucket", Input).value = "Bad_Bucket!"
        dialog.query_one("#el-prefix", Input).value = "no-dash"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog                      # refused, still asking
        text = str(dialog.query_one("#el-bucket-error").render()) + str(dialog.query_one("#el-prefix-error").render())
        assert "lowercase" in text and "-" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="back on the tasks")
        await pilot.pause(0.2)
        assert not any(isinstance(s, ResultScreen) for s in app.screen_stack)
        assert not _errors(app), notifications(app)


@pytest.mark.parametrize("lang, local_title, cloud_words", [
    ("en", "Stopped on this computer", "cloud answered"),
    ("zh", "已在本机停止", "云端返回"),
])
async def test_a_local_failure_is_not_the_clouds_answer(make_app, sim, lang, local_title, cloud_words):
    seeded = _seeded(sim, IMAGE_WEB)
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, timeout=20, what="session")
        # a stored row with a bucket name oss2 refuses before sending anything
        app.requests[seeded.task_id] = ExportRequest(HZ, IMAGE_WEB, "Bad_Bucket", prefix="weekly")
        await _open_task(app, pilot, seeded.task_id)
        await wait_for(pilot, lambda: _errors(app), timeout=20, what="the error")
        shown = "\n".join(notifications(app))
        assert local_title in shown
        assert cloud_words not in shown and "The cloud refused" not in shown and "云端拒绝" not in shown
        assert "RequestId" not in shown


async def test_a_task_the_cloud_no_longer_knows_still_asks(make_app, sim):
    """DescribeTaskAttribute refuses (the task aged out after the listing): the cloud's
    error is shown with its RequestId, and the user may still say where the files are."""
    seeded = _seeded(sim, IMAGE_DATA)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, timeout=20, what="session")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen) and app.screen.listed
                       and seeded.task_id in app.screen.query_one("#tasks", DataTable).rows, timeout=20,
                       what="task listed")
        with sim.world.lock:
            del sim.world.tasks[seeded.task_id]
        table = app.screen.query_one("#tasks", DataTable)
        table.move_cursor(row=table.get_row_index(seeded.task_id))
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportLocationDialog) and _errors(app), timeout=20,
                       what="the error and the dialog")
        shown = "\n".join(notifications(app))
        assert "InvalidTaskId.NotFound" in shown and "RequestId" in shown
