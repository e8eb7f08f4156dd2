"""ConfirmDialog: y confirms; Enter (the safe choice has the focus), Esc and n cancel; Tab reaches
the confirm button; text is literal."""

from __future__ import annotations

import pytest

from export_fixtures import ExportHost, text_of
from tui_export.ui.screens.confirm import ConfirmDialog


def host(**kw) -> ExportHost:
    return ExportHost(None, lambda: ConfirmDialog("Delete [b]x[/b]?", "Body with [red]brackets[/red]", "Go", **kw))


@pytest.mark.parametrize("keys, expected", [
    (("enter",), False),            # a stray Enter changes nothing
    (("y",), True),
    (("escape",), False),
    (("n",), False),
    (("tab", "enter"), True),       # Tab moves to the confirm button
])
async def test_keys_answer(keys, expected):
    app = host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    assert app.results == [expected]


async def test_mouse_and_literal_text():
    app = host(danger=True)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = app.screen
        assert text_of(dialog.query_one("#confirm-title")) == "Delete [b]x[/b]?"
        assert "[red]brackets[/red]" in text_of(dialog.query_one("#confirm-body"))
        await pilot.click("#confirm-no")
        await pilot.pause()
    assert app.results == [False]
