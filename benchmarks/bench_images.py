"""The images screen at scale: open from cache, filter, sort, scroll (a script, not a test).

    .venv/bin/python benchmarks/bench_images.py [--counts 2000,10000] [--runs 3] [--latency-ms 0]

In one process, as `--demo` runs: the embedded demo cloud with N synthetic images in
one region (tui_export/sim/synthetic_images.py) and the app driven by Textual's Pilot
(headless, 100x30). Every time is measured from the key press to the first frame the
app composes in which the table shows the expected rows with its layout settled (no
DataTable update left for idle): the app's `_display` is wrapped to stamp frames.
  - open: the region list counted (so the region's images are in the app's cache),
    Enter on the region -> its N rows on screen (not under a loading indicator);
    "fresh" is until the screen's own DescribeImages pages have answered and been
    applied, with the number of ECS requests it sent;
  - filter key: `/` then "pro" typed and settled, then "d" -> the "prod" rows;
    filter burst: the four keys of "prod" posted together to an empty filter -> the "prod" rows;
  - sort: `s` -> the table in the new order; scroll: ctrl+end -> the cursor on the last row.
The baseline is a bare DataTable in a bare app filled with the same cells as rich Texts
(clear + add_rows), timed the same way: N rows for open, the matching rows for the filter.
Prints medians over --runs and the ratios to the goals (issue #8: open <= 0.3 s from
cache, a filter keystroke <= 50 ms) and to the bare fill, and the full garbage
collections seen (they stop the app; --gc-freeze shows what freezing the objects alive
after the region count would save).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REGION = "cn-shenzhen"   # no demo images there: only the synthetic ones
SIZE = (100, 30)
GOAL_OPEN_S = 0.3
GOAL_FILTER_S = 0.05


class FrameWatch:
    """Stamps the first composed frame for which `predicate()` holds."""

    def __init__(self, app) -> None:
        self.predicate = None
        self.hit: float | None = None
        original = app._display

        def display(screen, renderable):
            original(screen, renderable)
            if renderable is not None and self.predicate is not None and self.hit is None:
                try:
                    ok = self.predicate()
                except Exception:   # noqa: BLE001 - a screen being swapped
                    ok = False
                if ok:
                    self.hit = time.perf_counter()

        app._display = display

    async def time(self, act, predicate, timeout: float = 120.0, then=None) -> float | tuple[float, float]:
        """Seconds from `act()` to the first frame where `predicate()` holds; with `then`, also
        to the moment `then()` first holds (polled every 5 ms, frame or not)."""
        self.predicate, self.hit = predicate, None
        t0 = time.perf_counter()
        acting = asyncio.ensure_future(act())   # Pilot's press waits for idle: don't wait with it
        later = None
        while self.hit is None or (then is not None and later is None):
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError("timed out waiting for the expected frame")
            if then is not None and later is None and self.hit is not None:
                try:
                    later = time.perf_counter() if then() else None
                except Exception:   # noqa: BLE001 - a screen being swapped
                    pass
            await asyncio.sleep(0.005 if self.hit is not None else 0.002)
        await acting
        self.predicate = None
        return self.hit - t0 if then is None else (self.hit - t0, later - t0)


class GcPauses:
    """Full (generation 2) garbage collections while the app runs: they stop every thread and
    grow with the objects alive in the process, so they explain outliers."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._start)


def settled(table) -> bool:
    return not (table._require_update_dimensions or table._new_rows or table._updated_cells)


def images_screen(app):
    screen = app.screen
    return screen if type(screen).__name__ == "ImagesScreen" else None


async def wait_until(pilot, predicate, timeout: float = 300.0) -> None:
    t0 = time.perf_counter()
    while not predicate():
        if time.perf_counter() - t0 > timeout:
            raise RuntimeError("timed out")
        await pilot.pause(0.01)


async def bench_app(sim, count: int, runs: int, freeze: bool = False) -> dict:
    from textual import events

    from tui_export.cli import LaunchOptions
    from tui_export.ui.app import TuiExportApp

    out: dict[str, list] = {k: [] for k in ("open", "fresh", "requests", "filter", "burst", "sort", "scroll")}
    with tempfile.TemporaryDirectory() as state:
        app = TuiExportApp(LaunchOptions(demo=True, lang="en"), sim=sim, state_dir=state)
        async with app.run_test(size=SIZE) as pilot:
            watch = FrameWatch(app)
            await wait_until(pilot, lambda: len(app.images_cache.get(REGION) or ()) == count
                             and type(app.screen).__name__ == "RegionsScreen")
            if freeze:   # what an app-level gc.freeze() after its start would do
                gc.collect()
                gc.freeze()
            for run in range(runs):
                print(f"  run {run + 1}/{runs}: {({k: round(v[-1], 3) for k, v in out.items() if v and k not in ('cells', 'columns')})}",
                      file=sys.stderr)
                regions = app.screen.query_one("DataTable")
                regions.move_cursor(row=regions.get_row_index(REGION))
                await pilot.pause()
                sim.ecs.reset_stats()

                def shown():
                    s = images_screen(app)
                    if s is None:
                        return False
                    table = s.query_one("#images")
                    return table.row_count == count and not table.loading and settled(table)

                def fresh():
                    s = images_screen(app)
                    return s is not None and s.loaded and not getattr(s, "refreshing", False)

                opened, refreshed = await watch.time(lambda: pilot.press("enter"), shown, then=fresh)
                out["open"].append(opened)
                out["fresh"].append(refreshed)
                screen = app.screen
                await pilot.pause()
                out["requests"].append(sim.ecs.stats()["requests_served"])

                table = screen.query_one("#images")
                images = screen.images
                pro = sum(1 for im in images if "pro" in _haystack(im))
                prod = sum(1 for im in images if "prod" in _haystack(im))
                await pilot.press("slash", "p", "r", "o")
                await wait_until(pilot, lambda: table.row_count == pro and settled(table))
                await pilot.pause(0.3)   # past any debounce: the next key is a lone keystroke
                out["filter"].append(await watch.time(
                    lambda: pilot.press("d"), lambda: table.row_count == prod and settled(table)))
                out.setdefault("prod_rows", [prod])
                await pilot.press("escape")   # clears the filter, back to the table
                await wait_until(pilot, lambda: table.row_count == count and settled(table))
                await pilot.press("slash")
                await pilot.pause(0.3)

                async def burst():   # four keys arriving together, as from fast typing or a paste
                    for char in "prod":
                        app.post_message(events.Key(char, char))
                out["burst"].append(await watch.time(burst, lambda: table.row_count == prod and settled(table)))
                await pilot.press("escape")
                await wait_until(pilot, lambda: table.row_count == count and settled(table))
                await pilot.pause(0.3)

                table.focus()
                first = table.coordinate_to_cell_key((0, 0)).row_key.value
                out["sort"].append(await watch.time(
                    lambda: pilot.press("s"),
                    lambda: table.coordinate_to_cell_key((0, 0)).row_key.value != first and settled(table)))
                table.move_cursor(row=0)
                await pilot.pause(0.3)
                out["scroll"].append(await watch.time(
                    lambda: pilot.press("ctrl+end"), lambda: table.cursor_row == table.row_count - 1))
                out.setdefault("cells", [[table.get_row_at(i) for i in range(table.row_count)]])
                out.setdefault("columns", [[column.key.value for column in table.ordered_columns]])
                await pilot.press("escape")   # back to the regions
                await wait_until(pilot, lambda: type(app.screen).__name__ == "RegionsScreen")
                await pilot.pause(0.3)
    return out


def _haystack(im) -> str:
    return " ".join(v or "" for v in (im.name, im.image_id, im.os_name, im.platform, im.status)).lower()


async def bench_bare(columns: list[str], rows: list, match_rows: list, runs: int) -> dict:
    """clear + add_rows of the same cells into a bare DataTable, timed like the app."""
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        def compose(self):
            yield Header()
            yield DataTable(id="t", cursor_type="row", zebra_stripes=True)
            yield Footer()

    out: dict[str, list] = {"fill": [], "refill": []}
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        watch = FrameWatch(app)
        table = app.query_one("#t", DataTable)
        for key in columns:
            table.add_column(key, key=key)
        for _ in range(runs):
            async def fill(cells=rows):
                table.clear()
                table.add_rows(cells)
            out["fill"].append(await watch.time(fill, lambda: table.row_count == len(rows) and settled(table)))
            await pilot.pause(0.2)
            out["refill"].append(await watch.time(
                lambda: fill(match_rows), lambda: table.row_count == len(match_rows) and settled(table)))
            await pilot.pause(0.2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="2000,10000", help="images in the region, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every sim request")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() once the regions are counted (objects alive then are never scanned again)")
    args = parser.parse_args()

    from tui_export.sim import EmbeddedCloud
    from tui_export.sim.synthetic_images import add_synthetic_images

    med = statistics.median
    pauses = GcPauses()
    for count in (int(c) for c in args.counts.split(",")):
        pauses.pauses.clear()
        with EmbeddedCloud("demo", faults=f"latency_ms={args.latency_ms}") as sim:
            add_synthetic_images(sim.world, REGION, count)
            got = asyncio.run(bench_app(sim, count, args.runs, freeze=args.gc_freeze))
            gc.unfreeze()
        cells = [[c.__rich__() if hasattr(c, "__rich__") else c for c in row] for row in got["cells"][0]]
        prod = got["prod_rows"][0]
        matched = [row for row in cells if "prod" in " ".join(str(c) for c in row).lower()]
        bare = asyncio.run(bench_bare(got["columns"][0], cells, matched[:prod], args.runs))
        o, f, b = med(got["open"]), med(got["filter"]), med(got["burst"])
        bf, br = med(bare["fill"]), med(bare["refill"])
        print(f"--- {count} images in {REGION} (medians of {args.runs}; latency {args.latency_ms:g} ms)")
        print(f"open from cache    {o * 1000:8.1f} ms   goal {GOAL_OPEN_S * 1000:.0f} ms: {o / GOAL_OPEN_S:5.2f}x"
              f"   bare DataTable fill of {count} rows {bf * 1000:.1f} ms: {o / bf:5.2f}x")
        print(f"  first open       {got['open'][0] * 1000:8.1f} ms   (later opens reuse the rows prepared then)")
        print(f"open, fresh rows   {med(got['fresh']) * 1000:8.1f} ms   "
              f"ECS requests sent: {int(med(got['requests']))} (its DescribeImages pages and DescribeTasks)")
        print(f"filter keystroke   {f * 1000:8.1f} ms   goal {GOAL_FILTER_S * 1000:.0f} ms: {f / GOAL_FILTER_S:5.2f}x"
              f"   bare refill of {prod} rows {br * 1000:.1f} ms: {f / br:5.2f}x   ({prod} rows match)")
        print(f"filter burst       {b * 1000:8.1f} ms   (the 4 keys of \"prod\" arriving together)")
        print(f"sort (s)           {med(got['sort']) * 1000:8.1f} ms")
        longest = max(pauses.pauses, default=0.0)
        print(f"full GC pauses     {len(pauses.pauses)} during this count, longest {longest * 1000:.0f} ms")
        print(f"scroll (ctrl+end)    {med(got['scroll']) * 1000:8.1f} ms")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
