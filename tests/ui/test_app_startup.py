"""Startup: `--demo` draws its first screen, the regions listed, before the demo
cloud (and the SDKs) exist, then connects; the app logs to its state dir, never to stderr; DEBUG=sdk
is dropped; the command palette offers the screen's actions; Esc goes back."""

import logging
import os

from tui_export.cli import LaunchOptions
from textual.command import CommandPalette
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.help import HelpScreen
from tui_export.ui.screens.images import ImagesScreen
from tui_export.ui.screens.regions import RegionsScreen

from tests.ui.conftest import HZ, images_done, regions_done, screen_text, wait_for


async def test_demo_connects_after_the_first_frame_and_stops_its_cloud(state_dir, monkeypatch):
    from tui_export.ui.app import TuiExportApp

    monkeypatch.setenv("DEBUG", "sdk")
    app = TuiExportApp(LaunchOptions(demo=True), state_dir=state_dir, poll_seconds=0.2)
    assert "DEBUG" not in os.environ                # aliyunsdkcore would print secrets with it
    async with app.run_test(size=(80, 24)) as pilot:
        # first frame: nothing connected yet, the user reads what is happening, and the
        # regions of the built-in table are listed already
        assert app.session is None and app.connection_state == "connecting"
        assert "demo cloud" in str(app.screen.query_one("StatusBar").render())
        shown = screen_text(app)
        assert "China (Hangzhou)" in shown and "cn-hangzhou" in shown
        await wait_for(pilot, lambda: regions_done(app), what="demo regions")
        sim = app.sim
        assert sim is not None and app._own_sim is sim
        assert "DEMO" in str(app.screen.query_one("StatusBar").render())
    assert app._own_sim is None                      # stopped on exit
    log_file = state_dir / "logs" / "tui-export.log"
    assert log_file.exists() and "tui-export starting" in log_file.read_text()
    assert not any(isinstance(h, logging.FileHandler) and h.baseFilename == str(log_file)
                   for h in logging.getLogger().handlers)


async def test_region_option_opens_its_images_and_escape_goes_back(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        assert app.screen.region_id == HZ
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionsScreen), what="regions")


async def test_palette_offers_what_fits_the_screen(make_app):
    from tui_export.ui.commands import commands_for

    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index("m-bp1demoweb0000000001"))
        await pilot.pause()
        labels = [c.label for c in commands_for(app, app.screen)]
        assert "Export image web-centos7" in labels and "Show export tasks" in labels
        table.move_cursor(row=table.get_row_index("m-bp1demowin0000000003"))
        await pilot.pause()
        discover = [c.label for c in commands_for(app, app.screen) if c.discover]
        assert not any(label == "Export image win2019-iis" for label in discover)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")


async def test_help_lists_the_screen_keys(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        keys = " ".join(str(s.render()) for s in app.screen.query("#help-keys .help-text"))
        assert "Export" in keys and "Filter" in keys and "Sort" in keys
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ImagesScreen), what="help closed")


def test_first_screen_needs_no_sdk():
    """Importing the app and its first screens loads no cloud SDK (they come after the first frame)."""
    import subprocess
    import sys

    code = ("import sys, tui_export.ui.app; from tui_export.ui.screens import regions, images, tasks;"
            "print(','.join(sorted(m for m in sys.modules if m.startswith(('oss2','aliyunsdk','keyring')))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


async def test_quit_asks_while_a_download_runs(sim, make_app, tmp_path):
    from tests.ui.conftest import result_screen_downloading

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        screen = await result_screen_downloading(app, pilot, sim, tmp_path)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="quit question")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen, what="stayed")
        assert app.is_running
        sim.faults.update(bandwidth=0)      # the download ends: quitting asks nothing
        await wait_for(pilot, lambda: not app.engine_downloading(), timeout=30, what="download done")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, what="quit")
