"""Marks on the images screen: space marks or unmarks the highlighted image, `a` marks
every exportable one (again: unmarks all), `e` with marks opens one export form for all
of them (ui/screens/export_form.py, `batch=`).

A mark is drawn in the table's narrow first column by swapping that one cell of the
prepared row (ui/widgets/image_rows.py) and repainting: no row is rebuilt or measured,
so marking stays instant at thousands of images. Prepared rows outlive the screen, so
the marks are wiped from them when the screen closes.
"""

from __future__ import annotations

from tui_export.core.i18n import t
from tui_export.ui.widgets.image_rows import MARK, MARK_COLUMN
from tui_export.ui.widgets.keyed_table import Cell, KeyedTable
from tui_export.ui.widgets.localize import own_label, relabel

MARK_CELL = Cell.plain_text(MARK, "bold cyan")
BLANK_CELL = Cell.plain_text(" ")


class ImageMarks:
    """Mixin for ImagesScreen (needs `rows`, `blockers`, `by_id`, `shown_ids`, `lang`)."""

    marked: dict[str, None]   # image ids in marking order (a dict keeps the order)

    def _init_marks(self) -> None:
        self.marked = {}

    # --- actions ---------------------------------------------------------------------

    def action_mark(self) -> None:
        table = self.query_one("#images", KeyedTable)
        image_id = table.cursor_key
        if image_id is None:
            return
        # A blocked image may be marked too: the form lists it with its reasons, not silently.
        if image_id in self.marked:
            del self.marked[image_id]
        else:
            self.marked[image_id] = None
        self._paint_marks()
        # on to the next row, so space space space marks a run of images
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_mark_all(self) -> None:
        exportable = [i for i in self.shown_ids if not self.blockers.get(i)]
        if not exportable:
            self.notify(t("images.none_exportable", self.lang), markup=False, timeout=4)
            return
        if all(i in self.marked for i in exportable):
            self.marked.clear()
            self.notify(t("images.unmarked_all", self.lang), markup=False, timeout=3)
        else:
            for i in exportable:
                self.marked.setdefault(i, None)
            self.notify(t("images.marked_all", self.lang, count=len(self.marked)), markup=False, timeout=3)
        self._paint_marks()

    def marked_images(self) -> list:
        return [self.by_id[i] for i in self.marked if i in self.by_id]

    # --- drawing ---------------------------------------------------------------------

    def _paint_marks(self) -> None:
        """Rows show their mark (or none), the footer the count. Only rows whose mark
        changed are touched: a row's cells are made only when needed."""
        if self.rows is None:
            return
        painted = getattr(self, "_painted", set())
        by_id = self.rows.by_id
        for image_id in painted - self.marked.keys():
            if image_id in by_id:
                by_id[image_id][MARK_COLUMN] = BLANK_CELL
        for image_id in self.marked:
            if image_id in by_id:
                by_id[image_id][MARK_COLUMN] = MARK_CELL
        self._painted = set(self.marked)
        self.query_one("#images", KeyedTable).repaint_rows()
        self._show_mark_count()

    def _marks_after_update(self) -> None:
        """The list changed: marks of images gone are dropped (a blocked one stays, the form says why)."""
        for image_id in list(self.marked):
            if image_id not in self.by_id:
                del self.marked[image_id]
        self._paint_marks()

    def _show_mark_count(self) -> None:
        count = len(self.marked)
        label = t("key.mark_count", self.lang, count=count) if count else own_label(self, "images.mark", self.lang)
        relabel(self, "mark", label)

    def _wipe_marks(self) -> None:
        """The prepared rows are kept for the next visit: without this screen's marks."""
        if self.rows is not None:
            for image_id in getattr(self, "_painted", ()):
                row = self.rows.by_id.get(image_id)
                if row is not None:
                    row[MARK_COLUMN] = BLANK_CELL
        self.marked.clear()
