"""Sizes, rates and durations as people read them (binary units, like `ls -h`)."""

from __future__ import annotations


def human_bytes(n: float) -> str:
    """1536 -> "1.5 KiB"; 0 -> "0 B"."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"  # pragma: no cover


def human_rate(bytes_per_s: float) -> str:
    return f"{human_bytes(bytes_per_s)}/s"


def human_eta(seconds: float | None) -> str:
    """Seconds left as "0:07", "12:30" or "2:05:00"; "—" while unknown."""
    if seconds is None or seconds != seconds or seconds < 0:
        return "—"
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
