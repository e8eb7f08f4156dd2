"""At 80x24, in English and Chinese, the footer line shows every key it offers with its
whole label: nothing cut at the right edge (issue #10). Read from what the terminal
shows (the compositor's lines), so a label drawn under the palette key, or past the
edge, fails. Chinese characters take two columns; the line is 80 columns either way.

Every screen: regions, help, images (with marks), export form, tasks, the open-by-id
and cancel dialogs over it, jobs, the accounts dialog, a result, the doctor.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets._footer import FooterKey

from tests.ui.conftest import HZ, IMAGE_EXPORTING, IMAGE_WEB, images_done, regions_done, wait_for
from tui_export.core.i18n import messages
from tui_export.ui.widgets.key_footer import KeyFooter

WIDTH = 80


def bottom_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


def footer_owner(app):
    """The top-most screen whose own footer is drawn on the last line (a small dialog
    has none: the screen under it shows through)."""
    for screen in reversed(app.screen_stack):
        if screen.query(KeyFooter):
            return screen
    raise AssertionError("no screen with a footer")


def code_label(binding, lang: str) -> str:
    """What the code says a key is called: its description, or in Chinese the catalogue's key.<id>."""
    if lang == "en":
        return binding.description
    return messages()[f"key.{binding.id}"]["zh"]


def check_footer(app, lang: str, where: str, *, labels: dict[str, str] | None = None) -> list[str]:
    """Assert every key of the shown footer is on the last line with its whole label;
    returns the labels seen. `labels`: expected label by binding id where it changes at run time."""
    line = bottom_line(app)
    assert cell_len(line) == WIDTH, where
    owner = footer_owner(app)
    keys = list(owner.query_one(KeyFooter).query(FooterKey))
    assert keys, f"{where}: an empty footer"
    active = owner.active_bindings
    seen = []
    for key in keys:
        shown = f"{key.key_display} {key.description}"
        assert shown in line, f"{where} [{lang}]: {shown!r} cut or missing in {line!r}"
        binding = active[key.key].binding
        assert binding.id, f"{where}: the key {key.key!r} has no id"
        expected = (labels or {}).get(binding.id) or code_label(binding, lang)
        assert key.description == expected, f"{where} [{lang}]: {key.key} shows {key.description!r}, code says {expected!r}"
        seen.append(key.description)
    return seen


async def on_screen(pilot, name: str) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name, what=name)
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_footer_fits_at_80_columns(make_app, sim, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), what="regions")
        check_footer(app, lang, "regions")
        await pilot.press("question_mark")
        await on_screen(pilot, "HelpScreen")
        check_footer(app, lang, "help")
        await pilot.press("escape")

        table = app.screen.query_one("#regions")
        table.move_cursor(row=table.get_row_index(HZ))
        await pilot.press("enter")
        await wait_for(pilot, lambda: images_done(app), what="images")
        images = app.screen
        table = images.query_one("#images")
        table.move_cursor(row=table.get_row_index(IMAGE_WEB))
        check_footer(app, lang, "images")
        await pilot.press("a")                      # marks: the longest label, "Mark (n)"
        await wait_for(pilot, lambda: len(images.marked) > 1, what="marks")
        count = len(images.marked)
        mark = messages()["key.mark_count"][lang].format(count=count)
        assert mark in check_footer(app, lang, "images marked", labels={"images.mark": mark})
        await pilot.press("a")                      # again: unmark all
        await wait_for(pilot, lambda: not images.marked, what="marks cleared")

        await pilot.press("e")
        await on_screen(pilot, "ExportForm")
        check_footer(app, lang, "export form")
        await pilot.press("escape")
        await on_screen(pilot, "ImagesScreen")

        await pilot.press("t")
        await on_screen(pilot, "TasksScreen")
        running = next(t for t in sim.world.tasks.values() if t.image_id == IMAGE_EXPORTING)
        finished = next(t for t in sim.world.tasks.values() if t.status == "Finished")
        tasks = app.screen.query_one("#tasks")
        await wait_for(pilot, lambda: running.task_id in tasks.rows and finished.task_id in tasks.rows,
                       what="tasks listed")
        tasks.move_cursor(row=tasks.get_row_index(running.task_id))
        check_footer(app, lang, "tasks")
        await pilot.press("c")
        await on_screen(pilot, "ConfirmDialog")
        check_footer(app, lang, "cancel dialog")
        await pilot.press("escape")
        await on_screen(pilot, "TasksScreen")
        await pilot.press("o")
        await on_screen(pilot, "OpenTaskDialog")
        check_footer(app, lang, "open-by-id dialog")
        await pilot.press("escape")
        await on_screen(pilot, "TasksScreen")

        tasks.move_cursor(row=tasks.get_row_index(finished.task_id))
        await pilot.press("enter")
        await on_screen(pilot, "ResultScreen")
        await wait_for(pilot, lambda: app.screen.objects, what="objects listed")
        check_footer(app, lang, "result")
        await pilot.press("escape")
        await on_screen(pilot, "TasksScreen")

        await pilot.press("j")
        await on_screen(pilot, "JobsScreen")
        check_footer(app, lang, "jobs")
        await pilot.press("p")
        await on_screen(pilot, "ProfilesScreen")
        check_footer(app, lang, "accounts dialog")
        await pilot.press("escape")
        await on_screen(pilot, "JobsScreen")

        from tui_export.ui.screens.doctor import open_doctor

        open_doctor(app)
        await on_screen(pilot, "DoctorScreen")
        check_footer(app, lang, "doctor")
