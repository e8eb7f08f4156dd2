"""A DataTable that shows a list of prepared rows, swapped whole in time linear in the rows.

DataTable.add_row has every cell measured (2,000 rows x 8 columns: 16,000 measures) and
clear() drops the cursor and the scroll, so refilling it on each filter keystroke took
about a third of a second at 2,000 images. Here the caller prepares each row once (a
`TableRow`: its key and its cells' widths; the cells themselves are made only when the
row is drawn or read) and `show(rows)` puts a new list of them in place: the cursor
stays on its row while that row is shown, the scroll stays, column widths come from
`fit_columns`, and only the rows on screen are rendered. Everything else is DataTable's
own (keys, cursor, get_cell, labels, styles). `show` sets DataTable's internal row
tables directly, as its own clear/add_row do (a TableRow serves as both the row's
metadata and its cells); textual is pinned to 8.2.x in pyproject.toml and
tests/ui/test_images_*.py exercise this path.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.coordinate import Coordinate
from textual.widgets.data_table import RowKey

from tui_export.ui.widgets.row_table import RowTable


def text_width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


class Cell:
    """One cell: its text in styled parts, a rich Text only once it is drawn or read.

    The Text is the one DataTable would make: a plain string (no style) as its own
    formatter makes it, minus markup (names are shown as they are); a styled cell as
    `Text(text, style=..., justify=...)`."""

    __slots__ = ("parts", "justify", "width", "_text")

    def __init__(self, *parts: tuple[str, str], justify: str | None = None) -> None:
        self.parts = parts   # (text, style) pairs; the first style is the cell's style
        self.justify = justify
        self.width = sum(text_width(p) for p, _ in parts)
        self._text: Text | None = None

    @classmethod
    def plain_text(cls, text: str, style: str = "", justify: str | None = None) -> "Cell":
        return cls((text, style), justify=justify)

    @property
    def plain(self) -> str:
        return "".join(p for p, _ in self.parts)

    @property
    def style(self) -> str:
        return self.parts[0][1] if self.parts else ""

    def __rich__(self) -> Text:
        if self._text is None:
            first, style = self.parts[0] if self.parts else ("", "")
            if len(self.parts) == 1 and not style and self.justify is None:
                text = Text(first, end="", no_wrap=True)
            else:
                text = Text(first, style=style, justify=self.justify)
                for part, part_style in self.parts[1:]:
                    text.append(part, style=part_style)
            self._text = text
        return self._text

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"Cell({self.plain!r})"


class TableRow:
    """One row for `KeyedTable.show`. Subclasses set `columns` (the table's column keys, in
    order) and `make_cells` (the cells in that order); `widths` are the cells' widths.

    DataTable reads it both as the row's metadata (key, height, label) and as its cells by
    column key, so a row costs a few objects until it is drawn."""

    __slots__ = ("key", "widths", "_cells")
    columns: tuple[str, ...] = ()
    height = 1
    label = None
    auto_height = False

    def __init__(self, key: str, widths: tuple[int, ...]) -> None:
        self.key = RowKey(key)
        self.widths = widths
        self._cells: dict | None = None

    def make_cells(self) -> Sequence[Cell]:
        raise NotImplementedError

    def cells(self) -> dict:
        if self._cells is None:
            self._cells = dict(zip(self.columns, self.make_cells()))
        return self._cells

    # the mapping DataTable expects of a row's data (column key -> cell)
    def __getitem__(self, column_key):
        return self.cells()[column_key]

    def __setitem__(self, column_key, value) -> None:
        self.cells()[column_key] = value

    def get(self, column_key, default=None):
        return self.cells().get(column_key, default)

    def __iter__(self):
        return iter(self.cells())

    def __len__(self) -> int:
        return len(self.columns)

    def values(self):
        return self.cells().values()


class KeyedTable(RowTable):
    """A DataTable fed whole lists of `TableRow`s (see the module docstring)."""

    _fitted: tuple[int, ...] = ()

    def fit_columns(self, rows: Iterable[TableRow]) -> None:
        """Column widths that fit every cell of `rows` (e.g. all the rows a filter may show,
        so the columns don't jump while typing)."""
        widths = [row.widths for row in rows]
        self.fit_widths(tuple(max(column) for column in zip(*widths)) if widths else ())

    def fit_widths(self, widths: tuple[int, ...]) -> None:
        """Column widths computed by the caller (e.g. kept with its rows), one per column."""
        self._fitted = widths

    @property
    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        return self._row_locations.get_key(min(self.cursor_row, self.row_count - 1)).value

    def show(self, rows: Sequence[TableRow], cursor_key: str | None = None) -> None:
        """Show `rows` in this order; the cursor goes to `cursor_key` when it is shown (else it
        keeps its index, clamped). A highlight message is posted only if the cursor's index
        changes: callers refresh what depends on the highlighted row themselves."""
        self._clear_caches()
        by_key = {r.key: r for r in rows}
        self._data = by_key
        self.rows = dict(by_key)
        self._row_locations = TwoWayDict({r.key: i for i, r in enumerate(rows)})
        self._new_rows.clear()
        self._updated_cells.clear()
        self._apply_widths()
        self._update_count += 1
        # DataTable's caches of the row order and line offsets, filled at once (every row
        # is one line), then the virtual size; no cell is measured.
        self._ordered_row_cache[(len(rows), self._update_count)] = list(rows)
        self._offset_cache[self._update_count] = [(r.key, 0) for r in rows]
        self._require_update_dimensions = False
        self._update_dimensions(())
        row = self._row_locations.get(RowKey(cursor_key)) if cursor_key is not None else None
        if row is None:
            row = min(self.cursor_row, max(0, len(rows) - 1))
        if self.hover_row >= len(rows):
            self.hover_coordinate = Coordinate(0, 0)
        self.cursor_coordinate = Coordinate(row, self.cursor_column)
        if self.size.height:
            self._scroll_cursor_into_view()
        else:                                # not laid out yet: once it is
            self.call_after_refresh(self._scroll_cursor_into_view)
        self.refresh()

    def repaint_rows(self) -> None:
        """After a cell of a shown row was swapped in place: draw the rows again (no measuring)."""
        self._redraw_same_rows()
        self.refresh()

    def refresh_labels(self) -> None:
        """After a column label changed: widths follow the new label."""
        self._apply_widths()
        self._redraw_same_rows()
        self._update_dimensions(())
        self.refresh()

    def _redraw_same_rows(self) -> None:
        """Drop what was drawn; the rows and their order are the same, so DataTable's row order
        and line offsets are carried over to the new version instead of recomputed."""
        rows, offsets = self.ordered_rows, self._y_offsets
        self._clear_caches()
        self._update_count += 1
        self._ordered_row_cache[(len(rows), self._update_count)] = rows
        self._offset_cache[self._update_count] = offsets

    def _apply_widths(self) -> None:
        for i, column in enumerate(self.ordered_columns):
            fitted = self._fitted[i] if i < len(self._fitted) else 0
            column.content_width = max(fitted, text_width(column.label.plain))
