"""The task store's folder refused (here: its path runs through a file, as a mistyped
state dir or a read-only HOME would refuse it): the app keeps its jobs in memory instead,
says so once with the reason (en and zh), and exports and downloads work as ever through
the one job engine; only a relaunch can't pick them up."""

from __future__ import annotations

import os

import pytest

from tests.ui.conftest import (BUCKET_HZ, HZ, IMAGE_WEB, download_from_result, notifications, open_result,
                               wait_for)
from tui_export.core.models import ExportRequest
from export_fixtures import text_of

SAID = {"en": "Exports and downloads work, but won't be picked up again after a relaunch",
        "zh": "导出和下载可以正常进行，但重新启动后不会再接续"}


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_refused_store_folder_runs_in_memory_and_says_so(make_app, export_role, tmp_path, lang):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    refused = blocker / "state"                    # can't be made: its parent is a file
    folder = tmp_path / "dl"
    folder.mkdir()
    app = make_app(lang=lang, state=refused)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, timeout=20, what="an engine")
        assert app.task_store.in_memory and app.store_problem is not None
        said = [n for n in notifications(app, "warning") if SAID[lang] in n]
        assert len(said) == 1, notifications(app)
        assert str(refused) in said[0]              # the reason: which folder, and why
        checkpoints = app.checkpoint_dir
        assert checkpoints and os.path.isdir(checkpoints)

        app.start_export(ExportRequest(region_id=HZ, image_id=IMAGE_WEB, bucket=BUCKET_HZ))   # not refused
        await wait_for(pilot, lambda: any(r.image_id == IMAGE_WEB for r in app.requests.values()), timeout=20,
                       what="export started")
        task_id = next(k for k, r in app.requests.items() if r.image_id == IMAGE_WEB)
        await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", timeout=30, what="task finished")
        assert not notifications(app, "error")

        screen = await open_result(app, pilot, task_id)
        obj = next(iter(screen.objects.values()))
        await download_from_result(pilot, folder)
        await wait_for(pilot, lambda: app.engine.job(task_id).verified, timeout=30, what="verified download")
        await wait_for(pilot, lambda: text_of(screen.query_one("#rs-dl-result")), what="the verified line")
        assert (folder / obj.key).stat().st_size == obj.size
        assert [n for n in notifications(app, "warning") if SAID[lang] in n] == said   # said once only
    assert not os.path.exists(checkpoints)          # nothing resumes from them: removed at exit


async def test_the_demo_without_a_state_folder_says_which_folder_not_the_network(monkeypatch, tmp_path):
    """`--demo` whose state folder can't be made: the reason is that folder (it said "The cloud
    could not be reached" once: the placeholder error carried no file name)."""
    from tui_export.cli import LaunchOptions
    from tui_export.ui.app import TuiExportApp

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TUI_EXPORT_STATE_DIR", str(blocker / "state"))
    app = TuiExportApp(LaunchOptions(demo=True), poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.engine is not None, timeout=20, what="an engine")
        (said,) = [n for n in notifications(app, "warning") if SAID["en"] in n]
        assert str(blocker / "state") in said and "could not be reached" not in said
