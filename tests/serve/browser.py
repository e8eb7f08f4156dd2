"""Debian's chromium driven by Playwright, and the terminal's text read from xterm.js.

The browser is the system's (`apt-get install chromium`), never one Playwright downloads.
Where it is missing the browser tests skip and say what to install; where
TUI_EXPORT_REQUIRE_CHROMIUM names it (.ci/run sets it), a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.waiting import wait_until

REQUIRED = os.environ.get("TUI_EXPORT_REQUIRE_CHROMIUM", "")
CHROMIUM = REQUIRED or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "browser"   # ignored by git

# textual.js keeps its xterm.js Terminal in a closure. Before the page's scripts run, a
# setter on Object.prototype catches the first `x.terminal = <Terminal>` assignment and keeps
# the Terminal on window, so the test can read the buffer the user sees.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && typeof value.onData === "function") window.__xterm = value;
  },
});
"""
READ_SCREEN = """() => {
  const term = window.__xterm;
  if (!term) return "";
  const buffer = term.buffer.active, lines = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


def chromium_or_skip() -> str:
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        missing.append(f"chromium at {CHROMIUM} (apt-get install chromium)")
    if missing:
        reason = "browser test needs " + " and ".join(missing)
        if REQUIRED:
            pytest.fail(f"TUI_EXPORT_REQUIRE_CHROMIUM is set but {reason}")
        pytest.skip(reason)
    return CHROMIUM


class Terminal:
    """The page's terminal: read its screen, wait for text, type keys, take screenshots."""

    def __init__(self, page, artefacts: Path) -> None:
        self.page = page
        self.artefacts = artefacts

    def screen(self) -> str:
        return self.page.evaluate(READ_SCREEN)

    def wait_for(self, text: str, *, timeout: float = 90) -> str:
        """The screen once `text` shows."""
        return self.wait_until(lambda screen: text in screen, what=repr(text), timeout=timeout)

    def wait_until(self, condition, *, what: str, timeout: float = 90):
        """The first true `condition(screen)`, looked at every 0.2 s until `timeout` seconds."""
        def timed_out() -> str:
            self.shot("timeout")
            return self.screen()
        return wait_until(lambda: condition(self.screen()), timeout=timeout, what=f"{what} on screen", step=0.2,
                          sleep=lambda s: self.page.wait_for_timeout(s * 1000), on_timeout=timed_out)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def shot(self, name: str) -> Path:
        self.artefacts.mkdir(parents=True, exist_ok=True)
        path = self.artefacts / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

# The highlighted row of a table: the one line whose background (at `column`) no other
# line shares — zebra stripes come in pairs of colours, the cursor's is its own.
CURSOR_LINE = """(column) => {
  const term = window.__xterm;
  if (!term) return null;
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    const cell = line && line.getCell(column);
    if (!cell) continue;
    rows.push({key: cell.getBgColorMode() + ":" + cell.getBgColor(), text: line.translateToString(true)});
  }
  const counts = {};
  for (const row of rows) counts[row.key] = (counts[row.key] || 0) + 1;
  const unique = rows.filter(row => counts[row.key] === 1 && row.text.trim());
  return unique.map(row => row.text);
}"""


def cursor_lines(term: Terminal, column: int = 2) -> list[str]:
    return term.page.evaluate(CURSOR_LINE, column) or []


def move_cursor_to(term: Terminal, text: str, *, key: str = "ArrowDown", most: int = 40) -> None:
    """Press `key` until the highlighted row holds `text`, waiting for each move to show."""
    for _ in range(most):
        before = cursor_lines(term)
        if any(text in line for line in before):
            return
        term.press(key)
        for _ in range(100):            # up to 20 s for the row to move on a loaded machine
            term.page.wait_for_timeout(200)
            if cursor_lines(term) != before:
                break
        else:
            term.shot("cursor_timeout")
            raise AssertionError(f"{key} did not move the cursor in 20 s; highlighted: {before}")
    term.shot("cursor_timeout")
    raise AssertionError(f"the cursor never reached {text!r}; highlighted: {cursor_lines(term)}")
