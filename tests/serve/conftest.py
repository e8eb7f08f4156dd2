"""A running `tui-export serve --demo` (see serve_process.py), stopped after the test."""

from __future__ import annotations

import pytest

from serve_process import start_serve


@pytest.fixture
def served_demo(tmp_path):
    served = start_serve("--demo", cwd=tmp_path)     # a download lands in the cwd
    try:
        yield served
    finally:
        served.stop()
