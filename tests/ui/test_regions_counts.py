"""Regions: names in the UI language, image and bucket counts filled in as they
arrive, empty regions dimmed, Enter opens a region's images."""

from rich.text import Text

from tests.ui.conftest import HZ, regions_done, wait_for
from tui_export.ui.screens.images import ImagesScreen
from tui_export.ui.screens.regions import RegionsScreen


async def test_counts_appear_and_empty_regions_are_dimmed(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), what="region counts")
        table = app.screen.query_one("#regions")
        images = table.get_cell(HZ, "images")
        buckets = table.get_cell(HZ, "buckets")
        assert str(images) == str(len(app.images_cache[HZ])) and int(str(images)) >= 10
        assert str(buckets) == "2"   # demo-export-hangzhou, demo-backup-hangzhou
        assert table.get_cell(HZ, "name").plain.startswith("China (Hangzhou)")
        # Qingdao has neither images nor buckets: dimmed.
        name = table.get_cell("cn-qingdao", "name")
        assert isinstance(name, Text) and "dim" in str(name.style)
        # Shenzhen has a bucket but no image: not dimmed.
        assert "dim" not in str(table.get_cell("cn-shenzhen", "name").style)
        assert "31 regions" in str(app.screen.query_one("#regions-hint").render())


async def test_region_names_in_chinese(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), what="region counts")
        table = app.screen.query_one("#regions")
        assert table.get_cell(HZ, "name").plain.startswith("华东1（杭州）")


async def test_enter_opens_the_highlighted_region(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), what="region counts")
        table = app.screen.query_one("#regions")
        table.move_cursor(row=table.get_row_index(HZ))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImagesScreen), what="images screen")
        assert app.screen.region_id == HZ
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionsScreen), what="back to regions")


async def test_cursor_starts_on_a_region_with_images(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), what="region counts")
        table = app.screen.query_one("#regions")
        first = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert app.screen.image_counts[first] > 0
