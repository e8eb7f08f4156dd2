"""Marking images and exporting them with one form (the demo cloud, real SDKs):
space marks, `a` marks every exportable image, the footer counts the marks, the form
previews each image's object names and lists each marked image that can't go."""

from __future__ import annotations

import copy

import pytest
from textual.widgets import Button

from tests.ui.conftest import (EXPORT_SECONDS, HZ, IMAGE_WEB, IMAGE_WIN, SMALL_BYTES_PER_GIB, images_done,
                               screen_text, wait_for)
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario
from tui_export.ui.screens.export_form import ExportForm

IMAGE_APP = "m-bp1demoapp000000021"     # a third exportable image in Hangzhou (two data disks)


@pytest.fixture
def sim():
    """The demo plus one more exportable image, so three can be marked."""
    scenario = copy.deepcopy(load_scenario("demo"))
    web = next(im for im in scenario["images"] if im["id"] == IMAGE_WEB)
    disks = web["disks"] + [{"device": "/dev/xvdb", "type": "data", "size_gib": 10, "encrypted": False,
                             "snapshot_id": "s-bp1demoappdata01"}]
    scenario["images"].append({**web, "id": IMAGE_APP, "name": "app-two-disks", "disks": disks})
    with EmbeddedCloud(scenario, export_seconds=EXPORT_SECONDS, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        yield cloud


def _exportable(screen) -> list[str]:
    return [i for i in screen.shown_ids if not screen.blockers.get(i)]


async def _mark(pilot, screen, image_id) -> None:
    table = screen.query_one("#images")
    table.move_cursor(row=table.get_row_index(image_id))
    await pilot.press("space")


async def test_mark_three_images_and_export_them_with_one_form(make_app, export_role, sim):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), timeout=20, what="images")
        screen = app.screen
        three = _exportable(screen)[:3]
        assert len(three) == 3
        for image_id in three + [IMAGE_WIN]:
            await _mark(pilot, screen, image_id)
        await pilot.pause()
        table = screen.query_one("#images")
        assert [i for i in three + [IMAGE_WIN] if table.get_cell(i, "mark").plain == "●"] == three + [IMAGE_WIN]
        assert "Mark (4)" in screen_text(app)                      # the count in the footer

        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="the batch form")
        form = app.screen
        await wait_for(pilot, lambda: form.buckets_ready and form.role_state is not None, what="form loaded")
        preview = str(form.query_one("#xf-preview").render())
        for image_id in three:                                      # object names per image
            assert f"{image_id}_system.raw.tar.gz" in preview
        assert f"{IMAGE_APP}_data_xvdb.raw.tar.gz" in preview
        cannot = str(form.query_one("#xf-cannot").render())
        assert IMAGE_WIN in cannot and "Windows" in cannot          # the one that can't go, with why
        assert IMAGE_WIN not in preview
        assert not form.query_one("#xf-submit", Button).disabled
        await pilot.press("ctrl+s")

        await wait_for(pilot, lambda: {r.image_id for r in app.requests.values()} >= set(three),
                       timeout=20, what="three exports started")
        # one bucket for the batch (the demo's own running export, followed too, has another)
        assert len({r.bucket for r in app.requests.values() if r.image_id in three}) == 1
    with sim.world.lock:
        started = {t.image_id for t in sim.world.tasks.values()} & (set(three) | {IMAGE_WIN})
    assert started == set(three)                                    # three tasks in the cloud, not four


async def test_a_marks_every_exportable_image_and_again_clears(make_app):
    app = make_app(region=HZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), timeout=20, what="images")
        screen = app.screen
        await pilot.press("a")
        await pilot.pause()
        assert list(screen.marked) == _exportable(screen)
        assert f"Mark ({len(screen.marked)})" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert not screen.marked
        assert screen.query_one("#images").get_cell(_exportable(screen)[0], "mark").plain == " "
