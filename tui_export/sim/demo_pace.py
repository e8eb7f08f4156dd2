"""How long the demo's exports take: 20 s, as a new hire can watch one run; tests and scripts
shorten it with TUI_EXPORT_DEMO_EXPORT_SECONDS (docs/internals.md). The app, the headless
commands and `serve` (whose tabs run the app) all start the demo through here."""

from __future__ import annotations

import math
import os
from typing import Mapping

DEFAULT_SECONDS = 20.0
VARIABLE = "TUI_EXPORT_DEMO_EXPORT_SECONDS"


def demo_export_seconds(environ: Mapping[str, str] = os.environ) -> float:
    """The variable's value when it is a positive number of seconds, else the default: a test
    knob that is wrong must not stop the demo from starting."""
    try:
        seconds = float(environ.get(VARIABLE, "") or DEFAULT_SECONDS)
    except ValueError:
        return DEFAULT_SECONDS
    return seconds if math.isfinite(seconds) and seconds > 0 else DEFAULT_SECONDS
