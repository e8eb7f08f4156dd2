"""The app's own line to the user's terminal, for the bytes Textual doesn't write itself:
the job-end bell and desktop notification (core/terminal_alert.py).

Textual (8.x) has no public way to write to its driver: App.bell() rings only (and not
under a web or headless driver's rules we need), copy_to_clipboard writes only OSC 52. The
app picks its driver class through the public App.get_driver_class(); this subclass of
that class hands the app a writer as `app.terminal_out` once the driver exists. A headless
run (tests) builds Textual's HeadlessDriver instead, so there `terminal_out` stays None.
"""

from __future__ import annotations

from textual.driver import Driver


def with_terminal_out(base: type[Driver]) -> type[Driver]:
    class TerminalOut(base):   # type: ignore[misc, valid-type]
        def __init__(self, app, **kwargs) -> None:
            super().__init__(app, **kwargs)
            app.terminal_out = self.write_now

        def write_now(self, data: str) -> None:
            self.write(data)
            self.flush()

    TerminalOut.__name__ = TerminalOut.__qualname__ = f"TerminalOut{base.__name__}"
    return TerminalOut
