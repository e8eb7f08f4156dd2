"""When an export ends the app rings and sends a desktop notification, byte for byte
(OSC 9 and OSC 777, wrapped for tmux), through its driver; the palette's toggle turns
it off, and the setting outlives the app."""

from __future__ import annotations

import json

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, wait_for
from tui_export.core.models import ExportRequest
from tui_export.ui.commands import commands_for

IMAGE_DATA = "m-bp1demodata000000002"


def _record_writes(app) -> list[str]:
    """The terminal's side: a headless run has none, so the test stands in for it."""
    writes: list[str] = []
    app.terminal_out = writes.append
    return writes


async def _export(app, pilot, image_id) -> str:
    app.start_export(ExportRequest(region_id=HZ, image_id=image_id, bucket=BUCKET_HZ))
    await wait_for(pilot, lambda: any(r.image_id == image_id for r in app.requests.values()), what="started")
    task_id = next(k for k, r in app.requests.items() if r.image_id == image_id)
    await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", timeout=30, what="finished")
    return task_id


async def test_a_finished_export_rings_and_notifies_through_tmux(make_app, export_role, monkeypatch, state_dir):
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1234,0")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        writes = _record_writes(app)
        task_id = await _export(app, pilot, IMAGE_WEB)
        text = f"Export {task_id} finished"
        expected = ("\a"
                    f"\x1bPtmux;\x1b\x1b]9;tui-export: {text}\a\x1b\\"
                    f"\x1bPtmux;\x1b\x1b]777;notify;tui-export;{text}\a\x1b\\")
        await wait_for(pilot, lambda: expected in writes, what="the alert when the job ends")

        # the palette's toggle turns it off ...
        toggle = next(c for c in commands_for(app, app.screen) if "alerts off" in c.label)
        toggle.callback()
        writes.clear()
        second = await _export(app, pilot, IMAGE_DATA)
        await wait_for(pilot, lambda: app.engine.job(second) is not None and app.engine.job(second).finished,
                       what="the second job ended")
        await pilot.pause(0.3)
        assert not [w for w in writes if "\a" in w]
    # ... for good: the next launch reads the setting
    assert json.loads((state_dir / "settings.json").read_text())["alerts"] is False
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        assert any("alerts on" in c.label for c in commands_for(again, again.screen))


async def test_outside_tmux_the_sequences_are_bare(make_app, export_role, monkeypatch):
    monkeypatch.delenv("TMUX", raising=False)
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        writes = _record_writes(app)
        task_id = await _export(app, pilot, IMAGE_WEB)
        text = f"导出任务 {task_id} 已完成"
        expected = f"\a\x1b]9;tui-export: {text}\a\x1b]777;notify;tui-export;{text}\a"
        await wait_for(pilot, lambda: expected in writes, what="the alert when the job ends")


async def test_the_default_download_folder_is_set_from_the_palette_and_kept(make_app, state_dir, tmp_path):
    from textual.widgets import Input

    from tui_export.ui.screens.download_dest import DownloadDestinationDialog

    folder = tmp_path / "images"
    folder.mkdir()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        command = next(c for c in commands_for(app, app.screen) if "default download folder" in c.label)
        command.callback()
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="folder dialog")
        app.screen.query_one("#dd-dir", Input).value = str(folder)
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.download_dir == str(folder), what="folder set")
    assert json.loads((state_dir / "settings.json").read_text())["download_dir"] == str(folder)
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        assert again.download_dir == str(folder)              # the result screen's dialog offers it
