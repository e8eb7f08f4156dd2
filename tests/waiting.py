"""The one way tests wait: poll a condition until it holds, with a deadline, and fail saying what
never happened (and, for the app, the last error the condition raised).

`wait_until` is for threads, servers and subprocesses; `wait_for` lets a Textual app run (Pilot)
between looks. Neither sleeps longer than it must: a fixed sleep is either too short on a busy
CI machine or wasted time on an idle one.
"""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")

TIMEOUT = 10.0     # seconds; generous, since a shared 2-core CI machine can be slow
STEP = 0.05        # seconds between looks


def _timed_out(what: str, timeout: float, last_error: BaseException | None = None) -> AssertionError:
    message = f"timed out after {timeout:g} s waiting for {what}"
    if last_error is not None:
        message += f" (last look raised {type(last_error).__name__}: {last_error})"
    return AssertionError(message)


def wait_until(condition: Callable[[], T], *, timeout: float = TIMEOUT, what: str = "the condition",
               step: float = STEP, sleep: Callable[[float], object] = time.sleep,
               on_timeout: Callable[[], str] | None = None) -> T:
    """The first truthy `condition()`, looked at every `step` s; AssertionError after `timeout` s.

    `sleep` lets a caller wait its own way (a browser page's timer); `on_timeout` adds detail
    (what the screen showed) to the failure."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            error = _timed_out(what, timeout)
            if on_timeout is not None:
                error = AssertionError(f"{error}:\n{on_timeout()}")
            raise error
        sleep(step)


async def wait_for(pilot, predicate: Callable[[], object], timeout: float = TIMEOUT,
                   what: str = "the condition", step: float = STEP) -> None:
    """Let the app run until `predicate()` is true; AssertionError naming `what` after `timeout` s.

    A predicate that raises counts as not yet true (the screen it reads may not be mounted yet);
    the last such error is part of the failure message. A true predicate counts only once the
    top screen has mounted: `push_screen` makes a screen current before its widgets exist, and a
    test that reads it then sees an empty screen (and, failing, tears the app down mid-mount)."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        await pilot.pause()
        try:
            if predicate() and _top_screen_mounted(pilot):
                return
            last_error = None
        except Exception as exc:   # noqa: BLE001 — reported on timeout
            last_error = exc
        if time.monotonic() > deadline:
            raise _timed_out(what, timeout, last_error)
        await pilot.pause(step)


def _top_screen_mounted(pilot) -> bool:
    screen = pilot.app.screen
    return screen.is_mounted
