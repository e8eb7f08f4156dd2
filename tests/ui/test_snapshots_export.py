"""Snapshots of the export form and the result screen at 80x24 and 120x40, taken inside the
real TuiExportApp on the demo cloud and reached as a user reaches them: the images of
cn-hangzhou, `e` on an image; the tasks screen, Enter on the demo's finished export, `d`.

What moves is frozen (frozen_sim: fixed task ids and times, the running task at 0 %), the
download goes to a folder with the same path on every run (it is shown whole), the result is
snapped only after the download is verified (no rate, no ETA), and the signed link (port,
expiry) is never asked for here.
Update on purpose only: `pytest tests/ui/test_snapshots_export.py --snapshot-update`.
"""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.download_dest import DownloadDestinationDialog
from tui_export.ui.screens.tasks import TasksScreen
from textual.widgets import Input

from tests.ui.conftest import HZ
from tests.ui.test_snapshots_main import SIZES, _app, _images_loaded, _until, frozen_sim  # noqa: F401  (fixture)
from tui_export.ui.screens.export_form import ExportForm
from tui_export.ui.screens.result import ResultScreen

IMAGE_DATA = "m-bp1demodata000000002"      # system 40 GiB + data xvdb 100 GiB: two objects to write
SNAP_IDS = [f"{w}x{h}" for w, h in SIZES]


def _text(widget) -> str:
    content = widget.render()
    return str(getattr(content, "plain", content))


async def _open_form(pilot) -> None:
    app = pilot.app
    await _until(pilot, lambda: _images_loaded(app), what="the images of cn-hangzhou")
    table = app.screen.query_one("#images")
    table.move_cursor(row=table.get_row_index(IMAGE_DATA))
    await pilot.press("e")
    await _until(pilot, lambda: isinstance(app.screen, ExportForm) and app.screen.buckets_ready
                 and app.screen.role_state is not None, what="the export form loaded")


async def _form_with_bad_prefix(pilot) -> None:
    await _open_form(pilot)
    pilot.app.screen.query_one("#xf-prefix", Input).focus()
    await pilot.press(*"weekly-1")
    await _until(pilot, lambda: pilot.app.screen.query_one("#xf-prefix", Input).value == "weekly-1",
                 what="the prefix typed")


@pytest.mark.parametrize("size", SIZES, ids=SNAP_IDS)
def test_form_valid(snap_compare, frozen_sim, state_dir, size):
    frozen_sim.world.grant_export_role()
    app = _app(frozen_sim, state_dir, region=HZ)
    assert snap_compare(app, terminal_size=size, run_before=_open_form)


@pytest.mark.parametrize("size", SIZES, ids=SNAP_IDS)
def test_form_prefix_refused(snap_compare, frozen_sim, state_dir, size):
    app = _app(frozen_sim, state_dir, region=HZ)
    assert snap_compare(app, terminal_size=size, run_before=_form_with_bad_prefix)


def test_form_chinese(snap_compare, frozen_sim, state_dir):
    app = _app(frozen_sim, state_dir, lang="zh", region=HZ)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_form_with_bad_prefix)


# The result screen and the cleanup offer show the download's folder whole, so it is the same
# path on every run (not tmp_path); the lock keeps two runs on one machine out of each other's way.
FIXED_DOWNLOADS = Path("/tmp/tui-export-snapshots/downloads")


@pytest.fixture
def fixed_downloads(monkeypatch):
    """The app started in FIXED_DOWNLOADS, emptied: the download prompt's default (the cwd)."""
    FIXED_DOWNLOADS.parent.mkdir(parents=True, exist_ok=True)
    with open(FIXED_DOWNLOADS.parent / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(FIXED_DOWNLOADS, ignore_errors=True)
        FIXED_DOWNLOADS.mkdir()
        monkeypatch.chdir(FIXED_DOWNLOADS)
        try:
            yield FIXED_DOWNLOADS
        finally:
            shutil.rmtree(FIXED_DOWNLOADS, ignore_errors=True)


async def _result_listed(pilot) -> None:
    app = pilot.app
    await _until(pilot, lambda: app.session is not None, what="the session")
    await pilot.press("t")
    await _until(pilot, lambda: isinstance(app.screen, TasksScreen) and app.screen.listed
                 and len(app.screen.query_one("#tasks").rows) == 2, what="the tasks listed")
    table = app.screen.query_one("#tasks")
    finished = next(i for i, key in enumerate(table.rows) if app.tasks[key.value].status == "Finished")
    table.move_cursor(row=finished)
    await pilot.press("enter")
    await _until(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects,
                 what="the finished export's objects")


async def _result_downloaded(pilot) -> None:
    """`d`, Enter on the prompt (the cwd), the download verified; the app then offers to delete
    the exported objects from OSS, and that dialog is part of what the user sees."""
    app = pilot.app
    await _result_listed(pilot)
    screen = app.screen
    await pilot.press("d")
    await _until(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="the download prompt")
    await pilot.press("enter")
    await _until(pilot, lambda: "verified" in _text(screen.query_one("#rs-dl-result"))
                 and isinstance(app.screen, ConfirmDialog), what="the download verified and the cleanup offer")


@pytest.mark.parametrize("size", SIZES, ids=SNAP_IDS)
def test_result_before_download(snap_compare, frozen_sim, state_dir, size):
    app = _app(frozen_sim, state_dir)
    assert snap_compare(app, terminal_size=size, run_before=_result_listed)


@pytest.mark.parametrize("size", SIZES, ids=SNAP_IDS)
def test_result_after_verified_download(snap_compare, frozen_sim, state_dir, fixed_downloads, size):
    app = _app(frozen_sim, state_dir)
    assert snap_compare(app, terminal_size=size, run_before=_result_downloaded)
