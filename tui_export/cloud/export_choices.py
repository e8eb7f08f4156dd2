"""The export form's last choices, per account and region: `<state dir>/export_choices.json`
(0600, written atomically), so the next form in that region starts from them, even after a
relaunch.

    {"accounts": {"LTAI****abcd": {"cn-hangzhou": {"bucket": "b", "prefix": "EcsExport", "format": "raw"}}}}

The account is the task store's label (cloud/account_label.py: a masked key id or a
profile, never a secret). A damaged or unreadable file is not an error: nothing is
remembered and the next export writes a good file (a convenience, never needed to work).
What is read back is only a suggestion: the form checks it again (the bucket still there,
the prefix valid, the format offered in the region).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from tui_export.cloud import paths

log = logging.getLogger(__name__)
FILE_NAME = "export_choices.json"


@dataclass(frozen=True)
class ExportChoice:
    bucket: str = ""
    prefix: str = ""
    image_format: str = "raw"


def _read(state_dir: Path | str) -> dict:
    try:
        data = json.loads((Path(state_dir) / FILE_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("remembered export choices unreadable; starting afresh")
        return {}
    accounts = data.get("accounts") if isinstance(data, dict) else None
    return accounts if isinstance(accounts, dict) else {}


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def load_choice(state_dir: Path | str | None, account: str, region_id: str) -> ExportChoice | None:
    """The last choice of `account` in `region_id`, or None (never asked, or no state dir)."""
    if state_dir is None:
        return None
    entry = _read(state_dir).get(account or "", {})
    entry = entry.get(region_id) if isinstance(entry, dict) else None
    if not isinstance(entry, dict):
        return None
    return ExportChoice(bucket=_text(entry.get("bucket")), prefix=_text(entry.get("prefix")),
                        image_format=_text(entry.get("format")) or "raw")


def save_choice(state_dir: Path | str, account: str, region_id: str, choice: ExportChoice) -> None:
    """Raises OSError when it can't be written (the caller says so; the export goes on)."""
    accounts = _read(state_dir)
    regions = accounts.get(account or "")
    regions = regions if isinstance(regions, dict) else {}
    regions[region_id] = {"bucket": choice.bucket, "prefix": choice.prefix, "format": choice.image_format}
    accounts[account or ""] = regions
    data = json.dumps({"accounts": accounts}, indent=1, ensure_ascii=False).encode("utf-8")
    paths.atomic_write_private(Path(state_dir) / FILE_NAME, data)
