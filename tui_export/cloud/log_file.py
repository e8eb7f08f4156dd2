"""The app's log file, <state dir>/logs/tui-export.log: created 0600, every line scrubbed.

Why here and not in the UI: what may reach the log (no secrets, no string to sign) is
the cloud layer's rule (cloud/errors.py), and the file's mode is the state dir's (paths.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from tui_export.cloud import paths
from tui_export.cloud.errors import ScrubLogFilter

LOG_FILE_NAME = "tui-export.log"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file_path(state_dir: Path) -> Path:
    return Path(state_dir) / "logs" / LOG_FILE_NAME


def open_log_handler(state_dir: Path) -> logging.Handler:
    """A handler appending to the log file; raises OSError when it can't be created."""
    path = log_file_path(state_dir)
    paths.ensure_private_dir(path.parent)
    paths.ensure_private_file(path)   # FileHandler would create it 0666 & ~umask
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.addFilter(ScrubLogFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler
