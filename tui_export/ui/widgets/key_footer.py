"""The footer every screen shows: Textual's Footer, compact below the wide breakpoint.

At 80 columns the default padding (two spaces around each key) cuts the last
labels off; the compact style keeps one space between keys, so every key and
its whole label fit, in Chinese too (double-width characters).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

# The app's wide breakpoint (ui/app.py HORIZONTAL_BREAKPOINTS): below it the footer is compact.
WIDE_FROM = 150


class KeyFooter(Footer):
    def __init__(self, **kwargs) -> None:
        super().__init__(compact=True, **kwargs)   # the first frame at 80 columns is already compact

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self.app.size.width < WIDE_FROM
