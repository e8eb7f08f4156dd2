"""The download dialog's "Save as" (issue #11): choosing qcow2 gives a disk (and a manifest)
instead of the archive; the export form says where the cloud writes the format and where a
download converts instead."""

from __future__ import annotations

import copy
import json

import pytest
from tui_export.ui.screens.tasks import TasksScreen
from rich.cells import cell_len
from textual.widgets import Input, Select, Static

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, wait_for
from tui_export.core.models import ExportRequest
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario
from tui_export.ui.screens.result import ResultScreen
from tui_export.ui.screens.download_dest import DownloadDestinationDialog


def _text(screen, selector: str) -> str:
    widget = screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


@pytest.fixture
def sim():
    with EmbeddedCloud(copy.deepcopy(load_scenario("demo")), export_seconds=1.0, bytes_per_gib=256 << 10) as cloud:
        yield cloud


@pytest.mark.parametrize("lang, disk_line", [("en", "MBR · 1 partition: #1 Linux "), ("zh", "MBR · 1 个分区：#1 Linux ")])
async def test_download_all_as_qcow2(make_app, export_role, sim, tmp_path, lang, disk_line):
    folder = tmp_path / "dl"
    folder.mkdir()
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, what="engine")
        app.start_export(ExportRequest(region_id=HZ, image_id=IMAGE_WEB, bucket=BUCKET_HZ))
        await wait_for(pilot, lambda: any(r.image_id == IMAGE_WEB for r in app.requests.values()), timeout=20,
                       what="export started")
        task_id = next(k for k, r in app.requests.items() if r.image_id == IMAGE_WEB)
        await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", timeout=30, what="task finished")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="tasks screen")
        app.screen.focus_task(task_id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects, timeout=20,
                       what="objects listed")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="folder dialog")
        dialog = app.screen
        dialog.query_one("#dd-dir", Input).value = str(folder)
        select = dialog.query_one("#dd-format", Select)
        assert select.value == "archive"                     # the object as exported, unless asked
        select.value = "qcow2"
        await pilot.pause()
        dialog.action_ok()
        await wait_for(pilot, lambda: app.engine.job(task_id) is not None
                       and app.engine.job(task_id).stage.value in ("done", "failed")
                       and any(folder.glob("*.manifest.json")), timeout=60, what="download and conversion")
        job = app.engine.job(task_id)
        assert job.stage.value == "done", job.error
        # the result screen says what the disk is: its table, its partitions and their filesystems
        result = next(s for s in app.screen_stack if isinstance(s, ResultScreen))   # under the clean-up offer
        await wait_for(pilot, lambda: "MBR" in _text(result, "#rs-dl-detail"), what="disk line")
        shown = _text(result, "#rs-dl-detail")
        assert shown.startswith(disk_line) and shown.endswith(" ext4"), shown
        assert cell_len(shown) <= 80 and "\n" not in shown
    disks = sorted(p.name for p in folder.glob("*.qcow2"))
    assert disks and all(name.endswith("_system.qcow2") or "_data_" in name for name in disks)
    assert not list(folder.glob("*.tar.gz"))                # the archive goes once the disk is verified
    assert (folder / disks[0]).read_bytes()[:4] == b"QFI\xfb"
    manifest = json.loads(next(folder.glob("*.manifest.json")).read_text())
    assert manifest["task_id"] == task_id and all(o["converted"][0]["format"] == "qcow2" for o in manifest["objects"])


async def test_an_object_that_cannot_be_converted_is_reported_on_the_result_screen(make_app, export_role, sim, tmp_path):
    """Singapore writes qcow2 itself: asking for vmdk finds no .tar.gz to read, and the screen says so."""
    folder = tmp_path / "sg"
    folder.mkdir()
    app = make_app(region="ap-southeast-1")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, what="engine")
        app.start_export(ExportRequest(region_id="ap-southeast-1", image_id="m-t4ndemosingapore001",
                                       bucket="demo-export-singapore", image_format="qcow2"))
        await wait_for(pilot, lambda: any(r.image_id == "m-t4ndemosingapore001" for r in app.requests.values()),
                       timeout=20, what="export started")
        task_id = next(k for k, r in app.requests.items() if r.image_id == "m-t4ndemosingapore001")
        await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", timeout=30, what="task finished")
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen), what="tasks screen")
        app.screen.focus_task(task_id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects, timeout=20,
                       what="objects listed")
        result = app.screen
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="folder dialog")
        app.screen.query_one("#dd-dir", Input).value = str(folder)
        app.screen.query_one("#dd-format", Select).value = "vmdk"
        await pilot.pause()
        app.screen.action_ok()
        await wait_for(pilot, lambda: "NotAnArchive" in _text(result, "#rs-dl-status"), timeout=60,
                       what="the refusal on the result screen")
        assert "not a .tar.gz export" in _text(result, "#rs-dl-status")
        assert _text(result, "#rs-dl-detail") == ""          # no disk was read, so none is described
    assert not list(folder.glob("*.vmdk"))
