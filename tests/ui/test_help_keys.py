"""`?` at 80 columns: a long key text wraps under its own start (a hanging indent), the
help lists the footer's keys with the footer's labels, then the global keys the footer
leaves out; the export form has the same help."""

from __future__ import annotations

import pytest
from tui_export.ui.screens.export_form import ExportForm
from tui_export.ui.screens.help import HelpScreen
from textual.widgets._footer import FooterKey

from tests.ui.conftest import HZ, IMAGE_WEB, images_done, wait_for


def lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def open_help(pilot):
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="help")
    await pilot.pause()
    return pilot.app.screen


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_help_wraps_under_the_text_and_lists_the_footer_labels(make_app, lang):
    app = make_app(lang=lang, region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        footer = [k.description for k in app.screen.query(FooterKey) if "-command-palette" not in k.classes]
        help_screen = await open_help(pilot)
        rows = [(str(k.render()), str(v.render())) for k, v in
                zip(help_screen.query(".help-key"), help_screen.query(".help-text"))]
        labels = [text.split(" — ")[0] for _, text in rows]
        assert labels[:len(footer)] == footer          # the footer's keys first, same words
        assert {"t", "j", "p", "^q", "^p"} <= {key for key, _ in rows}   # the globals the footer leaves out

        # the Mark row's text is longer than a line: its second line starts under its first word
        mark = next(i for i, (key, _) in enumerate(rows) if key == "space")
        text_widget = help_screen.query(".help-text")[mark]
        assert text_widget.size.height >= 2
        shown = lines(app)
        top = text_widget.region.y
        x = text_widget.region.x
        assert shown[top][x - 7:x].strip() == "space"
        assert shown[top + 1][:x].strip(" █") == ""          # nothing under the key column
        assert shown[top + 1][x] != " "                      # the text goes on right under its start


async def test_the_export_form_has_a_footer_and_help(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), what="images")
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index(IMAGE_WEB))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="form")
        form = app.screen
        await wait_for(pilot, lambda: form.buckets_ready, what="buckets")
        assert lines(app)[-1].startswith("esc Cancel ^s Export ? Help")
        form.query_one("#xf-submit").focus()                  # not in a text field: ? is help
        help_screen = await open_help(pilot)
        assert help_screen.target is form
        keys = [str(k.render()) for k in help_screen.query(".help-key")]
        assert keys == ["esc", "^s", "?"]
        assert "Ctrl+S checks everything with a DryRun" in str(help_screen.query_one("#help-howto").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is form, what="back to the form")
