"""Regions: the list is on screen from the first frame (the built-in region table),
every region's count is asked at once, and the SDK clients (with their keep-alive
connections) are built once and reused. Seen from the embedded cloud's side:
requests in flight at once, requests served and TCP connections opened."""

from tui_export.core.regions import REGIONS

from tests.ui.conftest import HZ, notifications, regions_done, screen_text, wait_for

SLOW_MS = 2000   # every request this slow: requests sent together overlap, even on a loaded machine


async def test_every_region_is_counted_at_once(sim, make_app):
    sim.faults.update(latency_ms=SLOW_MS)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), timeout=30, what="region counts")
        regions = len(app.screen.regions)
        ecs = sim.ecs.stats()
        oss = sim.oss.stats()
    assert regions == len(REGIONS) == 31
    # DescribeRegions and one DescribeImages per region, all of them in flight together
    assert ecs["requests_served"] == 1 + regions
    assert ecs["max_in_flight"] >= regions
    # the bucket counts of every region come from one ListBuckets
    assert oss["requests_served"] == 1


async def test_region_ids_are_on_screen_before_the_cloud_answers(sim, make_app):
    sim.faults.update(latency_ms=3000)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        await pilot.pause()
        assert app.screen.regions == []          # DescribeRegions has not answered yet
        table = app.screen.query_one("#regions")
        assert [key.value for key in table.rows] == [r.region_id for r in REGIONS]
        shown = screen_text(app)
        assert HZ in shown and "China (Hangzhou)" in shown
        assert str(table.get_cell(HZ, "images")) == "…"   # not counted yet
        sim.faults.clear()                       # the cloud answers: counts fill the same rows
        await wait_for(pilot, lambda: regions_done(app), timeout=30, what="region counts")
        assert int(str(table.get_cell(HZ, "images"))) == len(app.images_cache[HZ])


async def test_a_refresh_reuses_the_sdk_clients_and_their_connections(sim, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), timeout=30, what="region counts")
        await pilot.press("r")
        await wait_for(pilot, lambda: sim.ecs.stats()["requests_served"] == 2 * (1 + len(REGIONS))
                       and regions_done(app), timeout=30, what="counted again")
    # Both loads together: one connection per region's client, and one more for DescribeRegions
    # beside its region's count. Clients built anew for the refresh would have opened as many again.
    assert sim.ecs.stats()["connections_opened"] <= len(REGIONS) + 1


async def test_the_clouds_region_list_decides_the_rows(sim, make_app):
    """Counting starts from the built-in table, but what is shown is what the cloud lists:
    a region it adds is counted too, a region it leaves out disappears without an error."""
    sim.world.region_ids = [r.region_id for r in REGIONS if r.region_id != "cn-qingdao"] + ["xx-newplace-1"]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: regions_done(app), timeout=30, what="region counts")
        table = app.screen.query_one("#regions")
        assert [key.value for key in table.rows] == sim.world.region_ids
        assert str(table.get_cell("xx-newplace-1", "images")) == "0"
        assert not app.screen.failed and not notifications(app)
        assert "31 regions" in str(app.screen.query_one("#regions-hint").render())
