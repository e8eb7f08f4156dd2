"""The app's own preferences: `<state dir>/settings.json` (0600, written atomically).

    {"alerts": true, "download_dir": "/data/images"}

- `alerts`: ring the bell and send a desktop notification when a job ends (default on);
- `download_dir`: the folder the download prompt offers first: the last one chosen for a
  download, or set as the default in the palette (default: the current one).

A damaged or unreadable file is not an error: the defaults apply and the next change
writes a good file (these are conveniences, never needed to work).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from tui_export.cloud import paths

log = logging.getLogger(__name__)
FILE_NAME = "settings.json"


@dataclass(frozen=True)
class UiSettings:
    alerts: bool = True
    download_dir: str | None = None


def load_settings(state_dir: Path | str | None) -> UiSettings:
    if state_dir is None:
        return UiSettings()
    try:
        data = json.loads((Path(state_dir) / FILE_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return UiSettings()
    except (OSError, ValueError):
        log.warning("settings file unreadable; using the defaults")
        return UiSettings()
    if not isinstance(data, dict):
        return UiSettings()
    alerts = data.get("alerts", True)
    folder = data.get("download_dir")
    return UiSettings(alerts=alerts if isinstance(alerts, bool) else True,
                      download_dir=folder if isinstance(folder, str) and folder else None)


def save_settings(state_dir: Path | str, settings: UiSettings) -> None:
    """Raises OSError when it can't be written (the caller says so; the setting still applies)."""
    data = json.dumps(asdict(settings), indent=1, ensure_ascii=False).encode("utf-8")
    paths.atomic_write_private(Path(state_dir) / FILE_NAME, data)


def changed(settings: UiSettings, **values) -> UiSettings:
    return replace(settings, **values)
