"""The app's tables: Textual's DataTable, with Home/End on rows and a column brought into view.

DataTable binds Home/End to the leftmost/rightmost column, which does nothing useful in
a table with a row cursor (every table here): in each of them Home/End go to the first/last
row, as ctrl+home/ctrl+end do.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Region
from textual.widgets import DataTable


class RowTable(DataTable):
    BINDINGS = [
        Binding("home", "scroll_top", show=False),
        Binding("end", "scroll_bottom", show=False),
    ]

    def scroll_to_column(self, key: str) -> None:
        """Scroll sideways (only) so the whole column `key`, header included, is on screen:
        a sorted column's ▲/▼ would otherwise sit beyond the right edge at 80 columns."""
        x = 0
        for column in self.ordered_columns:
            width = column.get_render_width(self)
            if column.key.value == key:
                # from the left edge when it fits there (the first columns stay in view), else itself
                start = 0 if x + width <= self.scrollable_content_region.width else x
                region = Region(start, int(self.scroll_y), x + width - start, 1)
                self.scroll_to_region(region, animate=False, force=True, y_axis=False, immediate=True)
                return
            x += width
