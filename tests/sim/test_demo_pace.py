"""The demo's export time: 20 s unless TUI_EXPORT_DEMO_EXPORT_SECONDS says otherwise, and a
wrong value never stops the demo (docs/internals.md)."""

from __future__ import annotations

import pytest

from tui_export.sim.demo_pace import DEFAULT_SECONDS, VARIABLE, demo_export_seconds


def test_unset_is_twenty_seconds():
    assert demo_export_seconds({}) == DEFAULT_SECONDS == 20.0


@pytest.mark.parametrize("value, seconds", [("4", 4.0), ("0.5", 0.5), ("", 20.0)])
def test_a_positive_number_is_taken(value, seconds):
    assert demo_export_seconds({VARIABLE: value}) == seconds


@pytest.mark.parametrize("value", ["abc", "0", "-3", "nan", "inf", "1e999"])
def test_a_wrong_value_falls_back_to_the_default(value):
    assert demo_export_seconds({VARIABLE: value}) == DEFAULT_SECONDS


async def test_the_apps_demo_cloud_takes_the_variable(monkeypatch, tmp_path):
    """The app's --demo used to ignore the variable (only the headless commands read it), so
    `serve --demo` tabs and the browser test always waited 20 s for an export."""
    from tests.waiting import wait_for
    from tui_export.cli import LaunchOptions
    from tui_export.ui.app import TuiExportApp

    monkeypatch.setenv(VARIABLE, "3")
    app = TuiExportApp(LaunchOptions(demo=True), state_dir=tmp_path / "state", poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.sim is not None and app.session is not None, what="the demo cloud")
        assert app.sim.world.export_seconds == 3.0
