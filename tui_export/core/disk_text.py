"""What a converted disk is, as one line in the user's language: "MBR · 1 partition: #1 Linux
19.0 GiB ext4" (issue #11). Shared by the result screen and the headless commands, so the two
say it the same way; `disk` is a job object's `disk` (convert.partitions.DiskLayout.to_json)."""

from __future__ import annotations

from tui_export.core.i18n import t
from tui_export.core.units import human_bytes

SHOWN = 3   # partitions named on the line: an 80-column line holds about three


def disk_line(disk: dict, lang: str) -> str:
    table = (disk.get("table") or "").upper() or t("convert.disk_no_table", lang)
    parts = disk.get("partitions") or []
    if not parts:
        return t("convert.disk_none", lang, table=table)
    shown = [t("convert.disk_partition", lang, number=p["number"], type=p["type"], size=human_bytes(p["size"]),
               fs=p.get("filesystem") or t("convert.fs_unknown", lang)) for p in parts[:SHOWN]]
    text = ", ".join(shown) + (", …" if len(parts) > SHOWN else "")
    return t("convert.disk_one" if len(parts) == 1 else "convert.disk_many", lang, table=table,
             count=len(parts), parts=text)
