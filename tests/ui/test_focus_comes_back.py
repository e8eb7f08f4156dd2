"""In a browser tab (`tui-export serve`) the app starts blurred and no screen takes its auto
focus; when the app gets the focus back, the screen's AUTO_FOCUS widget takes it (or the
arrow keys would do nothing until Tab or a click)."""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable

from tests.ui.conftest import regions_done, wait_for


async def test_the_screen_takes_its_focus_when_the_app_gets_it_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), timeout=30, what="regions")
        app.screen.set_focus(None)                  # as after the web driver's start-up blur
        await pilot.pause()
        assert app.screen.focused is None
        app.post_message(events.AppFocus())
        await wait_for(pilot, lambda: isinstance(app.screen.focused, DataTable), what="the table focused")
