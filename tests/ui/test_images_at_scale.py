"""Images of a region with hundreds of images: shown from the cache before the cloud
answers, pages fetched at once, a refresh changing rows in place, the filter keeping
the cursor. The region's images are synthetic (tui_export/sim/synthetic_images.py)."""

from dataclasses import replace

from tests.ui.conftest import regions_done, wait_for
from tui_export.ui.screens.images import ImagesScreen
from tui_export.ui.screens.regions import RegionsScreen
from tui_export.cloud.ecs import IMAGE_PAGES_IN_FLIGHT
from tui_export.core.i18n import image_status
from tui_export.sim.synthetic_images import add_synthetic_images

REGION = "cn-shenzhen"   # no demo image there


def _quiet(sim) -> None:
    """No export running, so the app polls nothing: the ECS server serves only the images screen."""
    for task in list(sim.world.tasks.values()):
        if task.running:
            sim.world.cancel(task)


async def _counted(app, pilot, count: int) -> None:
    await wait_for(pilot, lambda: regions_done(app) and len(app.images_cache.get(REGION) or ()) == count,
                   timeout=30, what="region counts")


async def _enter(app, pilot) -> None:
    regions = app.screen.query_one("#regions")
    regions.move_cursor(row=regions.get_row_index(REGION))
    await pilot.press("enter")


def _shown(app, count: int) -> bool:
    screen = app.screen
    if not isinstance(screen, ImagesScreen):
        return False
    table = screen.query_one("#images")
    return table.row_count == count and not table.loading


def _keys(table) -> list[str]:
    return [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]


def _cursor(table) -> str:
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def _answered(sim) -> int:
    stats = sim.ecs.stats()
    return stats["requests_served"] - stats["in_flight"]


async def test_a_region_opens_from_the_cache_before_describe_images_answers(sim, make_app):
    add_synthetic_images(sim.world, REGION, 300)
    _quiet(sim)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _counted(app, pilot, 300)
        for visit in ("first", "again"):
            sim.faults.update(latency_ms=4000, only={"DescribeImages"})
            sim.ecs.reset_stats()
            await _enter(app, pilot)
            await wait_for(pilot, lambda: _shown(app, 300), timeout=3.5, what=f"cached rows ({visit} visit)")
            assert _answered(sim) == 0, "rows painted only after the cloud answered"
            screen = app.screen
            assert not screen.loaded and screen.refreshing
            sim.faults.clear()
            await wait_for(pilot, lambda: screen.loaded and not screen.refreshing, timeout=20, what="refresh")
            assert _shown(app, 300)
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, RegionsScreen), what="back to regions")


async def test_the_pages_of_a_region_are_fetched_at_once(sim, make_app):
    images = add_synthetic_images(sim.world, REGION, 1000)   # 10 pages of 100
    _quiet(sim)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _counted(app, pilot, 1000)
        sim.faults.update(latency_ms=150, only={"DescribeImages"})   # so pages in flight overlap
        sim.ecs.reset_stats()
        await _enter(app, pilot)
        await wait_for(pilot, lambda: _shown(app, 1000) and app.screen.loaded, timeout=30, what="fresh rows")
        assert 2 <= sim.ecs.stats()["max_in_flight"] <= IMAGE_PAGES_IN_FLIGHT
        assert [im.image_id for im in app.screen.images] == [im.image_id for im in images]   # the cloud's order


async def test_a_refresh_changes_adds_and_removes_rows_in_place(sim, make_app):
    images = add_synthetic_images(sim.world, REGION, 300)
    _quiet(sim)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _counted(app, pilot, 300)
        await _enter(app, pilot)
        await wait_for(pilot, lambda: _shown(app, 300) and app.screen.loaded, timeout=20, what="images")
        screen = app.screen
        table = screen.query_one("#images")
        table.focus()
        table.move_cursor(row=150)
        await pilot.pause()
        await pilot.press("up", "up", "up")   # the cursor inside the view, not at its edge
        await pilot.pause()
        cursor, scroll, order = _cursor(table), table.scroll_y, _keys(table)
        assert scroll > 0
        near = set(order[148:160])   # on screen, below the cursor
        changed = next(im for im in images if im.image_id in near and im.status == "Available")
        sim.world.add_image(replace(changed, status="UnAvailable"))
        with sim.world.lock:                                  # the last row goes, a new one sorts last
            del sim.world.images[order[-1]]
        added = sim.world.add_image(replace(changed, image_id="m-addedbyrefresh00001", name="zzz-added"))

        sim.faults.update(latency_ms=1000, only={"DescribeImages"})
        await pilot.press("r")
        await wait_for(pilot, lambda: sim.ecs.stats()["in_flight"] >= 1, what="refresh sent")
        assert table.row_count == 300 and not table.loading   # the rows stay while it runs
        sim.faults.clear()
        unavailable = image_status("UnAvailable", "en")   # as the table words it
        await wait_for(pilot, lambda: table.get_cell(changed.image_id, "status").plain == unavailable,
                       timeout=20, what="changed row")
        assert table.get_cell(changed.image_id, "ok").plain == "✗"
        assert _keys(table) == order[:-1] + [added.image_id]
        assert _cursor(table) == cursor and table.scroll_y == scroll


async def test_the_filter_narrows_and_clearing_it_restores_the_rows_and_cursor(sim, make_app):
    images = add_synthetic_images(sim.world, REGION, 300)
    _quiet(sim)
    prod = [im.image_id for im in images if "prod" in im.name]
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _counted(app, pilot, 300)
        await _enter(app, pilot)
        await wait_for(pilot, lambda: _shown(app, 300) and app.screen.loaded, timeout=20, what="images")
        screen = app.screen
        table = screen.query_one("#images")
        table.focus()
        keep = sorted(prod, key=lambda i: next(im.name for im in images if im.image_id == i))[100]
        await pilot.press("down")
        table.move_cursor(row=table.get_row_index(keep))
        await pilot.pause()

        await pilot.press("slash", "p", "r", "o", "d")
        await wait_for(pilot, lambda: table.row_count == len(prod), what="filtered rows")
        assert set(_keys(table)) == set(prod)
        assert _cursor(table) == keep                      # still shown: still highlighted
        assert keep in str(screen.query_one("#image-detail-text").render())

        await pilot.press("escape")                          # clears the filter
        await wait_for(pilot, lambda: table.row_count == 300, what="all rows back")
        assert _cursor(table) == keep
        top = int(table.scroll_y)
        assert top <= table.cursor_row < top + table.size.height - 1   # and on screen

        await pilot.press("slash", *"nosuchimage")
        await wait_for(pilot, lambda: table.row_count == 0, what="no match")
        assert "nosuchimage" in str(screen.query_one("#image-detail-text").render())


async def test_keys_arriving_together_end_on_the_whole_text(sim, make_app):
    from textual import events

    images = add_synthetic_images(sim.world, REGION, 300)
    _quiet(sim)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _counted(app, pilot, 300)
        await _enter(app, pilot)
        await wait_for(pilot, lambda: _shown(app, 300) and app.screen.loaded, timeout=20, what="images")
        table = app.screen.query_one("#images")
        await pilot.press("slash")
        for char in "proxy":
            app.post_message(events.Key(char, char))
        expected = {im.image_id for im in images if "proxy" in im.name}
        assert 0 < len(expected) < 300
        await wait_for(pilot, lambda: set(_keys(table)) == expected, what="rows for the whole text")
        assert app.screen.filter_text == "proxy"
