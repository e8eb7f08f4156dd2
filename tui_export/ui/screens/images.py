"""The custom images of one region, with whether each can be exported and why not.

The Exportable column shows ✓ or the first reason (core.rules.export_blockers,
with "an export is running" from the tasks we know), or ⚠ and a caution
(core.rules.export_cautions: undocumented doubts, which never block — the form's
DryRun decides); the detail pane lists every reason for the highlighted image.
`/` filters, `s` or a header click sorts, `e`/Enter opens the export form for an
image without blockers; space marks images and `a` marks every exportable one, then `e`
exports the marked ones with one form (ui/screens/image_marks.py).

At scale (thousands of images): the region's images known from the regions screen
are shown at once and refreshed behind, the table changing in place (rows kept by
image id, cursor, sort and scroll kept); rows are prepared once per image
(ui/widgets/image_rows.py) and a filter or sort swaps the list of shown rows without
measuring any cell (ui/widgets/keyed_table.py).
"""

from __future__ import annotations

import logging
import time

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import Worker, get_current_worker

from tui_export.core.i18n import image_status, t
from tui_export.core.models import Image
from tui_export.core.regions import region_by_id
from tui_export.ui.commands import PaletteCommand
from tui_export.ui.errors import report_worker_failure
from tui_export.ui.messages import ImagesLoaded
from tui_export.ui.widgets.image_rows import (COLUMNS, MARK_COLUMN, OK_COLUMN, REASON_WIDTH, ImageRows, blocker_text,
                                               caution_text)
from tui_export.ui.widgets.keyed_table import KeyedTable
from tui_export.ui.widgets.localize import localize_bindings
from tui_export.ui.widgets.status_bar import StatusBar
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.screens.image_marks import ImageMarks
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.read_only_keys import ReadOnlyKeys, refusal

log = logging.getLogger("tui_export.ui")

__all__ = ["COLUMNS", "REASON_WIDTH", "ImagesScreen", "blocker_text", "caution_text"]

# A filter that took longer than this to apply (tens of thousands of rows) is applied at
# most once per twice its cost while typing; a cheaper one follows every keystroke.
FILTER_CHEAP_S = 0.02


class ImagesScreen(ReadOnlyKeys, ImageMarks, AppAccess, Screen):
    AUTO_FOCUS = "#images"
    BINDINGS = [
        Binding("e", "export", "Export", tooltip="Export the highlighted image to OSS.", id="images.export"),
        Binding("space", "mark", "Mark", id="images.mark",
                tooltip="Mark or unmark the highlighted image; e exports every marked one with one form."),
        Binding("a", "mark_all", "Mark all", tooltip="Mark every exportable image (again: unmark all).",
                id="images.mark_all", show=False),
        Binding("slash", "filter", "Filter", tooltip="Show only images whose name, id or OS contains a text.",
                id="images.filter"),
        Binding("s", "sort", "Sort", tooltip="Sort by the next column (press again to reverse).", id="images.sort"),
        Binding("r", "refresh", "Refresh", tooltip="Load the images again.", id="images.refresh"),
        Binding("escape", "back", "Back", tooltip="Clear the filter, or go back to the regions.", id="images.back"),
        # --read-only: e, space and a say why instead (marks are for exporting; widgets/read_only_keys.py)
        refusal("e", "export"), refusal("space", "export"), refusal("a", "export"),
    ]
    READ_ONLY_ACTIONS = frozenset({"export", "mark", "mark_all"})

    def __init__(self, region_id: str) -> None:
        super().__init__()
        self.region_id = region_id
        self.images: list[Image] = []
        self.by_id: dict[str, Image] = {}
        self.exporting: set[str] = set()
        self.blockers: dict[str, list] = {}
        self.cautions: dict[str, list] = {}
        self.filter_text = ""
        self.sort_column = "name"
        self.sort_reverse = False
        self.loaded = False        # the cloud answered this screen's own load
        self.refreshing = False    # rows shown from the cache while a load runs behind
        self.touched = False   # the user moved the cursor: never move it for them
        self.rows: ImageRows | None = None
        self.shown_ids: list[str] = []   # image ids shown, in order
        self._shown: tuple | None = None   # _state() when shown_ids was made
        self._filter_pending = False
        self._filter_cost = 0.0
        self._filter_end = 0.0
        self._init_marks()
        localize_bindings(self, self.app.lang)

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Input(placeholder=t("images.filter_placeholder", self.lang), id="filter", classes="hidden")
        with Container(id="images-body", classes="master-detail"):
            yield KeyedTable(id="images", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="image-detail", classes="detail"):
                yield Static("", id="image-detail-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        region = region_by_id(self.region_id)
        name = region.name(self.lang) if region else self.region_id
        self.sub_title = t("images.title", self.lang, region=name, region_id=self.region_id)
        table = self.query_one("#images", KeyedTable)
        table.add_column(t("col.mark", self.lang), key=MARK_COLUMN)
        table.add_column("", key=OK_COLUMN)   # ✗ / ⚠ / ✓: the symbols say it, and the pane says why
        for key in COLUMNS:
            table.add_column(t(f"col.{key}", self.lang), key=key)
        self.rows = ImageRows.kept(self.region_id)
        self._label_columns()
        cached = self.app.images_cache.get(self.region_id)
        if cached is not None:   # counted on the regions screen: show at once, refresh behind
            self._set_images(cached, self._known_exporting())
        else:
            table.loading = True
        self._show_detail()
        if self.app.session is not None:
            # With rows to show, the refresh starts once they are painted (its parsing would
            # otherwise compete with the first frame).
            self.refreshing = True
            if cached is not None:
                self.call_after_refresh(self.load)
            else:
                self.load()

    def session_ready(self) -> None:
        self.load()

    def _known_exporting(self) -> set[str]:
        return {task.resource_id for task in self.app.tasks.values()
                if task.region_id == self.region_id and task.running and task.resource_id}

    # --- loading -----------------------------------------------------------------

    def action_refresh(self) -> None:
        if self.app.session is not None:
            if not self.images:   # nothing to show meanwhile
                self.query_one("#images", DataTable).loading = True
            self.load()

    def load(self) -> None:
        self.refreshing = True
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="images")
    def _load(self) -> None:
        session = self.app.session
        images = session.images(self.region_id)
        # Which images have an export running (a second one would be refused).
        exporting = set()
        try:
            for task in session.tasks(self.region_id):
                if task.action == "ExportImage" and task.running and task.resource_id:
                    exporting.add(task.resource_id)
        except Exception as exc:   # noqa: BLE001 - the list is still useful without it; the cloud still refuses a second export
            log.warning("DescribeTasks in %s failed (%s): running exports not flagged", self.region_id,
                        getattr(exc, "code", "") or type(exc).__name__)
        if not get_current_worker().is_cancelled:   # a newer load replaced this one
            self.post_message(ImagesLoaded(self.region_id, images, exporting))

    def on_images_loaded(self, message: ImagesLoaded) -> None:
        self.app.images_cache[self.region_id] = message.images
        self.loaded = True
        self.refreshing = False
        self._set_images(message.images, message.exporting | self._known_exporting())
        self.query_one("#images", DataTable).loading = False

    def _set_images(self, images: list[Image], exporting: set[str]) -> None:
        """Take a list (cached or fresh): only rows that changed are prepared again, and the
        table changes only if something shown did."""
        self.images = list(images)
        self.exporting = exporting
        if self.rows.update(self.images, exporting, self.lang) or self._shown is None:
            self.by_id, self.blockers, self.cautions, fitted = self.rows.derived()
            self.query_one("#images", KeyedTable).fit_widths(fitted)
            self._marks_after_update()
            self._fill()
        else:
            self._show_detail()

    def on_unmount(self) -> None:
        self._wipe_marks()

    def task_changed(self, task) -> None:
        """An export started or ended: the Exportable column follows."""
        if task.region_id != self.region_id or not task.resource_id:
            return
        running = task.running
        if (task.resource_id in self.exporting) != running:
            self.exporting = (self.exporting | {task.resource_id}) if running else (self.exporting - {task.resource_id})
            self._set_images(self.images, self.exporting)

    # --- the table -----------------------------------------------------------------

    def _visible(self) -> list[str]:
        """Ids of the images the filter keeps, in the sort order."""
        needle = self.filter_text.lower().strip()
        order = self.rows.sorted_ids(self.sort_column, self.sort_reverse)
        if not needle:
            return order
        source = order
        if self._shown and self._shown[0] in needle and self._shown[1:] == self._state()[1:]:
            source = self.shown_ids   # a longer needle only narrows what the shorter one kept
        by_id = self.rows.by_id
        return [i for i in source if needle in by_id[i].haystack]

    def _state(self) -> tuple:
        return (self.filter_text.lower().strip(), self.sort_column, self.sort_reverse, self.rows.version)

    def _fill(self) -> None:
        table = self.query_one("#images", KeyedTable)
        current = table.cursor_key if self._shown is not None else None
        self.shown_ids = self._visible()
        self._shown = self._state()
        cursor = None
        needle = self._shown[0]
        if current in self.rows.by_id and needle in self.rows.by_id[current].haystack:   # still shown
            cursor = current
        elif not self.touched:
            # First look: start on an image that can be exported (the usual next step).
            cursor = next((i for i in self.shown_ids if not self.blockers.get(i)), None)
        if cursor is None and self.shown_ids:
            cursor = self.shown_ids[0]
        by_id = self.rows.by_id
        table.show([by_id[i] for i in self.shown_ids], cursor)
        self._show_detail()

    def _label_columns(self) -> None:
        table = self.query_one("#images", KeyedTable)
        for key in COLUMNS:
            label = t(f"col.{key}", self.lang)
            if key == self.sort_column:
                label += " ▼" if self.sort_reverse else " ▲"
            table.columns[key].label = Text(label)
        table.refresh_labels()

    def current_image(self) -> Image | None:
        key = self.query_one("#images", KeyedTable).cursor_key
        return self.by_id.get(key) if key is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_key(self, event) -> None:
        self.touched = True

    def on_click(self, event) -> None:
        self.touched = True

    def _show_detail(self) -> None:
        pane = self.query_one("#image-detail-text", Static)
        im = self.current_image()
        if im is None:
            if not self.loaded and not self.images:
                pane.update(t("images.loading", self.lang))
            elif self.images:
                pane.update(t("images.no_match", self.lang, text=escape(self.filter_text)))
            else:
                pane.update(t("images.none", self.lang))
            return
        pane.update(self.detail_markup(im))

    def detail_markup(self, im: Image) -> str:
        lang = self.lang
        lines = [f"[b]{escape(im.name)}[/b]  [dim]{escape(im.image_id)}[/dim]"]
        blockers = self.blockers.get(im.image_id, [])
        if blockers:
            lines.append(f"[red]{escape(t('images.cannot_export', lang))}[/red]")
            lines += [f"[red]•[/red] {escape(blocker_text(b, lang))}" for b in blockers]
        else:
            key = "images.can_export_read_only" if self.app.read_only else "images.can_export"
            lines.append(f"[green]✓ {escape(t(key, lang))}[/green]")
            lines += [f"[yellow]⚠ {escape(caution_text(c, lang))}[/yellow]" for c in self.cautions.get(im.image_id, [])]
        lines.append("")
        os_text = " ".join(x for x in (im.os_name or im.platform, im.architecture) if x)
        lines.append(f"{escape(t('col.os', lang)) + t('sep.colon', lang)}{escape(os_text)}")
        lines.append(f"{escape(t('col.status', lang)) + t('sep.colon', lang)}{escape(image_status(im.status, lang))}   "
                     f"{escape(t('col.created', lang)) + t('sep.colon', lang)}{escape(im.creation_time)}")
        for d in im.disks:
            kind = t(f"disk.{d.type}", lang) if d.type in ("system", "data") else d.type
            enc = f" [yellow]{escape(t('disk.encrypted', lang))}[/yellow]" if d.encrypted else ""
            lines.append(f"  {escape(d.device)}  {escape(kind)}  {d.size_gib} GiB{enc}")
        if im.description:
            lines.append(f"[dim]{escape(im.description)}[/dim]")
        return "\n".join(lines)

    # --- filter and sort -----------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.remove_class("hidden")
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value
            self._schedule_filter()

    def _schedule_filter(self) -> None:
        """Keystrokes already queued are applied together; a slow filter (see FILTER_CHEAP_S)
        waits until twice its cost has passed since the last one. The latest text always applies."""
        if self._filter_pending:
            return
        self._filter_pending = True
        wait = 0.0
        if self._filter_cost > FILTER_CHEAP_S:
            wait = self._filter_end + 2 * self._filter_cost - time.monotonic()
        if wait > 0:
            self.set_timer(wait, self._run_filter)
        else:
            self.call_later(self._run_filter)

    def _run_filter(self) -> None:
        self._filter_pending = False
        if self.rows is None or self._shown == self._state():
            return
        start = time.monotonic()
        self._fill()
        self._filter_end = time.monotonic()
        self._filter_cost = self._filter_end - start

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one("#images", DataTable).focus()
            if not event.value:
                event.input.add_class("hidden")

    def action_sort(self) -> None:
        # First press on a column sorts ascending, the second descending, then the next column.
        if not self.sort_reverse:
            self.sort_reverse = True
        else:
            self.sort_reverse = False
            self.sort_column = COLUMNS[(COLUMNS.index(self.sort_column) + 1) % len(COLUMNS)]
        self._resort()

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._resort()

    def _resort(self) -> None:
        self._label_columns()
        self._fill()
        # the sorted column and its ▲/▼ on screen (those right of the first reason are beyond 80 columns)
        self.query_one("#images", KeyedTable).scroll_to_column(self.sort_column)
        self.notify(t("images.sorted", self.lang, column=t(f"col.{self.sort_column}", self.lang),
                      order=t("sort.desc" if self.sort_reverse else "sort.asc", self.lang)),
                    markup=False, timeout=2)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        if event.column_key.value in COLUMNS:   # not the marks' column
            self.sort_by(event.column_key.value)

    def action_back(self) -> None:
        field = self.query_one("#filter", Input)
        if self.filter_text or field.has_focus:
            field.value = ""
            self.filter_text = ""
            field.add_class("hidden")
            self._fill()
            self.query_one("#images", DataTable).focus()
            return
        self.app.pop_screen()

    # --- export ----------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        if self.marked:
            self.export_marked()
            return
        im = self.current_image()
        if im is None:
            return
        blockers = self.blockers.get(im.image_id, [])
        if blockers:
            reasons = "\n".join("• " + blocker_text(b, self.lang) for b in blockers)
            self.notify(reasons, title=t("images.cannot_export_title", self.lang, name=im.name),
                        severity="warning", markup=False, timeout=8)
            return
        if self.app.refuse_if_read_only("export"):
            return
        from tui_export.ui.screens.export_form import ExportForm

        self.app.push_screen(ExportForm(im, self.region_id), self._form_done)

    def export_marked(self) -> None:
        """One form for every marked image (those that can't go are listed with their reason)."""
        if self.app.refuse_if_read_only("export"):
            return
        from tui_export.ui.screens.export_form import ExportForm

        self.app.push_screen(ExportForm(batch=self.marked_images(), region_id=self.region_id,
                                        exporting=self.exporting), self._form_done)

    def _form_done(self, request) -> None:
        if isinstance(request, list):
            if request:
                self._wipe_marks()
                self._paint_marks()
                self.app.start_exports(request)
        elif request is not None:
            self.app.start_export(request)

    def palette_commands(self) -> list[PaletteCommand]:
        lang = self.lang
        out = []
        im = self.current_image()
        if self.app.read_only:
            pass    # no export or marks offered: they would be refused
        elif self.marked:
            out.append(PaletteCommand(t("cmd.export_marked", lang, count=len(self.marked)), self.export_marked,
                                      t("tip.images.export", lang)))
        elif im is not None and not self.blockers.get(im.image_id):
            out.append(PaletteCommand(t("cmd.export_image", lang, name=im.name), self.action_export,
                                      t("tip.images.export", lang)))
        if not self.app.read_only:
            out.append(PaletteCommand(t("cmd.mark_all", lang), self.action_mark_all, t("tip.images.mark_all", lang)))
        out.append(PaletteCommand(t("cmd.filter_images", lang), self.action_filter, t("tip.images.filter", lang)))
        out.append(PaletteCommand(t("cmd.refresh_images", lang), self.action_refresh, t("tip.images.refresh", lang)))
        for key in COLUMNS:
            out.append(PaletteCommand(t("cmd.sort_by", lang, column=t(f"col.{key}", lang)),
                                      lambda k=key: self.sort_by(k), discover=False))
        for other in self.images:
            if other is not im and not self.blockers.get(other.image_id):
                out.append(PaletteCommand(t("cmd.export_image", lang, name=other.name),
                                          lambda i=other.image_id: self._export_by_id(i), discover=False))
        return out

    def _export_by_id(self, image_id: str) -> None:
        table = self.query_one("#images", DataTable)
        if image_id in table.rows:
            table.move_cursor(row=table.get_row_index(image_id))
            self.action_export()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if report_worker_failure(self, event):
            self.refreshing = False
            self.query_one("#images", DataTable).loading = False
            if not self.images:   # never "Loading…" forever: say what to do
                self.query_one("#image-detail-text", Static).update(t("images.failed", self.lang))
