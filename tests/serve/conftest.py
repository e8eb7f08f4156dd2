"""A running `tui-export serve --demo` (see serve_process.py), stopped after the test."""

from __future__ import annotations

import pytest

from serve_process import start_serve


@pytest.fixture
def served_demo(tmp_path):
    # a download lands in the cwd; the demo's exports take 4 s, not 20 (the browser test waits for one)
    served = start_serve("--demo", cwd=tmp_path, env_extra={"TUI_EXPORT_DEMO_EXPORT_SECONDS": "4"})
    try:
        yield served
    finally:
        served.stop()
