"""The first screen: every region, with its custom images and buckets counted.

The first frame already lists the regions of the built-in table (core/regions.py);
the cloud's own list replaces it when it answers. Every region is then counted at
once (cloud/region_counts.py, in one thread worker) and each count lands in its cell
as it arrives, so a slow region never holds up the others. Regions with nothing in
them are dimmed; Enter opens a region.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, get_current_worker

from tui_export.core.i18n import t
from tui_export.core.models import RegionInfo
from tui_export.core.regions import REGIONS
from tui_export.core.rules import region_export_unconfirmed
from tui_export.ui.commands import PaletteCommand
from tui_export.ui.errors import report_worker_failure
from tui_export.ui.long_lived import freeze_once
from tui_export.ui.messages import BucketsCounted, RegionCount, RegionsLoaded
from tui_export.ui.widgets.cells import cut
from tui_export.ui.widgets.localize import localize_bindings
from tui_export.ui.widgets.status_bar import StatusBar
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.row_table import RowTable

NAME_WIDTH = 38   # long local-region names are cut so the counts stay visible at 80 columns


def _cut(text: str, width: int = NAME_WIDTH) -> str:
    return cut(text, width)


class RegionsScreen(AppAccess, Screen):
    AUTO_FOCUS = "#regions"
    BINDINGS = [
        # priority: the footer shows it whether or not the table has focus (its own Enter is hidden)
        Binding("enter", "open", "Open", tooltip="Show the custom images of this region.", id="regions.open",
                priority=True),
        Binding("r", "refresh", "Refresh", tooltip="Count images and buckets again.", id="regions.refresh"),
        Binding("escape", "noop", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.regions: list[RegionInfo] = []          # as the cloud listed them (empty until it answers)
        self.names: dict[str, str] = {r.region_id: r.name(self.app.lang) for r in REGIONS}
        self.image_counts: dict[str, int | None] = {}
        self.bucket_counts: dict[str, int] | None = None
        self.failed: set[str] = set()
        self.touched = False   # the user moved the cursor: never move it for them
        localize_bindings(self, self.app.lang)

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static("", id="regions-hint", classes="hint")
        yield RowTable(id="regions", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("regions.title", self.lang)
        table = self.query_one(DataTable)
        table.add_column(t("col.region", self.lang), key="name")
        table.add_column(t("col.region_id", self.lang), key="id")
        table.add_column(t("col.images", self.lang), key="images")
        table.add_column(t("col.buckets", self.lang), key="buckets")
        for r in REGIONS:   # at once, from the built-in table: the cloud's list replaces it
            table.add_row(*self._cells(r.region_id), key=r.region_id)
        self._hint()
        if self.app.session is not None:
            self.load()

    # --- loading -----------------------------------------------------------------

    def session_ready(self) -> None:
        self.load()

    def status_changed(self) -> None:
        self._hint()

    def action_refresh(self) -> None:
        if self.app.session is not None:
            self.load()

    def action_noop(self) -> None:
        """Esc on the first screen does nothing (ctrl+q quits)."""

    def load(self) -> None:
        """Count again from scratch (the names stay until the cloud's list replaces them)."""
        self.regions = []
        self.image_counts = {}
        self.bucket_counts = None
        self.failed = set()
        for region_id in self.query_one(DataTable).rows:
            self._paint(region_id.value)
        self._hint()
        self._count()

    @work(thread=True, exclusive=True, exit_on_error=False, group="regions")
    def _count(self) -> None:
        from tui_export.cloud.region_counts import CountSink, count_regions

        worker = get_current_worker()

        def post(message) -> None:
            if not worker.is_cancelled:   # a refresh started another count: this one's answers are stale
                self.post_message(message)

        def images(region_id: str, found: list) -> None:
            post(RegionCount(region_id, len(found), listed=found))   # the cache is filled on the UI thread

        def buckets_failed(exc: BaseException) -> None:   # counts are a nicety: say so, keep going
            if not worker.is_cancelled:
                self.app.call_from_thread(self.app.show_error, exc)
            post(BucketsCounted({}))

        sink = CountSink(regions=lambda regions: post(RegionsLoaded(regions)), images=images,
                         images_failed=lambda region_id, exc: post(RegionCount(region_id, None, failed=True)),
                         buckets=lambda counts: post(BucketsCounted(counts)), buckets_failed=buckets_failed)
        count_regions(self.app.session, self.lang, sink, cancelled=lambda: worker.is_cancelled)

    def on_regions_loaded(self, message: RegionsLoaded) -> None:
        table = self.query_one(DataTable)
        self.regions = message.regions
        self.app.region_list = list(message.regions)
        for r in message.regions:
            self.names[r.region_id] = r.local_name or r.region_id
        wanted = [r.region_id for r in message.regions]
        if [key.value for key in table.rows] != wanted:   # not the built-in list: rebuild, cursor kept
            keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
            table.clear()
            for region_id in wanted:   # keyed by region id, for update_cell
                table.add_row(*self._cells(region_id), key=region_id)
            if keep in wanted:
                table.move_cursor(row=wanted.index(keep))
        else:
            for region_id in wanted:
                self._paint(region_id)
        self._hint()

    def on_region_count(self, message: RegionCount) -> None:
        self.image_counts[message.region_id] = message.images
        if message.listed is not None:   # the images screen opens on them without asking again
            self.app.images_cache[message.region_id] = message.listed
        if message.failed:
            self.failed.add(message.region_id)
        self._paint(message.region_id)
        self._hint()

    def on_buckets_counted(self, message: BucketsCounted) -> None:
        self.bucket_counts = message.counts
        for r in self.regions:
            self._paint(r.region_id)
        self._hint()

    def _paint(self, region_id: str) -> None:
        table = self.query_one(DataTable)
        if region_id not in table.rows:
            return
        for column, cell in zip(("name", "id", "images", "buckets"), self._cells(region_id)):
            table.update_cell(region_id, column, cell)

    def _cells(self, region_id: str) -> tuple[Text, Text, Text, Text]:
        """The row of `region_id` as known now: name, id, images, buckets."""
        images = self.image_counts.get(region_id, "?")
        buckets = None if self.bucket_counts is None else self.bucket_counts.get(region_id, 0)
        empty = images == 0 and buckets == 0
        style = "dim" if empty else ""
        if region_id in self.failed:
            images_cell = Text("!", style="bold red")
        elif images == "?":
            images_cell = Text("…", style="dim")
        else:
            images_cell = Text(str(images), style=style or "bold")
        buckets_cell = Text("…" if buckets is None else str(buckets), style="dim" if buckets is None else style)
        name = _cut(self.names.get(region_id) or region_id, NAME_WIDTH - 2)
        if region_export_unconfirmed(region_id):
            name += " ⚠"     # a caution (export not confirmed there), never a block
        return (Text(name, style=style), Text(region_id, style="dim" if empty else ""), images_cell, buckets_cell)

    def _hint(self) -> None:
        hint = self.query_one("#regions-hint", Static)
        if self.app.session is None:
            if self.app.connection_state == "signed_out":
                hint.update(t("regions.signed_out", self.lang))
                return
            key = "regions.connecting_demo" if self.app.demo else "regions.connecting"
            hint.update(t(key, self.lang))
            return
        if not self.regions:
            hint.update(t("regions.loading", self.lang))
            return
        done = len(self.image_counts)
        total = len(self.regions)
        if done < total or self.bucket_counts is None:
            hint.update(t("regions.counting", self.lang, done=done, total=total))
            return
        with_images = sum(1 for v in self.image_counts.values() if v)
        self._cursor_to_content()
        freeze_once()   # what lives for the run is out of every later full collection (ui/long_lived.py)
        text = t("regions.summary", self.lang, total=total, with_images=with_images)
        if self.failed:   # a count that failed shows "!"; say what to do about it
            text = t("regions.some_failed", self.lang, failed=len(self.failed)) + " " + text
        hint.update(text)

    def _cursor_to_content(self) -> None:
        """Counting done and the cursor still on an empty first row: start on a region with images."""
        table = self.query_one(DataTable)
        if self.touched or table.cursor_row != 0 or not self.regions:
            return
        if self.image_counts.get(self.regions[0].region_id):
            return
        first = next((r.region_id for r in self.regions if self.image_counts.get(r.region_id)), None)
        if first is not None:
            table.move_cursor(row=table.get_row_index(first))
        self.touched = True

    def on_key(self, event) -> None:
        self.touched = True

    def on_click(self, event) -> None:
        self.touched = True

    # --- actions -----------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_region(event.row_key.value)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.open_region(row_key.value)

    def open_region(self, region_id: str | None) -> None:
        from tui_export.ui.screens.images import ImagesScreen

        if region_id:
            self.app.push_screen(ImagesScreen(region_id))

    def palette_commands(self) -> list[PaletteCommand]:
        out = [PaletteCommand(t("cmd.refresh_regions", self.lang), self.action_refresh, t("tip.regions.refresh", self.lang))]
        for r in self.regions:
            label = t("cmd.open_region", self.lang, region=r.local_name or r.region_id, region_id=r.region_id)
            out.append(PaletteCommand(label, lambda rid=r.region_id: self.open_region(rid), discover=False))
        return out

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if report_worker_failure(self, event):
            if not self.regions:   # never "Loading…" forever: say what to do
                key = "regions.failed_demo" if self.app.demo else "regions.failed"
                self.query_one("#regions-hint", Static).update(t(key, self.lang))
