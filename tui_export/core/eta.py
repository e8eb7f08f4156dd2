"""How long an export has left, from how its progress moved over time, as a range.

ExportImage reports a whole percent (DescribeTaskAttribute's TaskProcess) that moves in
uneven steps, so a single number would promise too much: the range spans the average
rate since the first step and the rate of the last few steps, widened a little. A task
whose percent has not moved for a while is "stalled" (the screens warn; the cloud may
still be working). Pure: times are plain seconds from any monotonic clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RECENT_STEPS = 3        # the "recent" rate spans the last few changes of the percent
WIDEN_LOW = 0.8         # the range is widened on both sides: steps are coarse
WIDEN_HIGH = 1.25
STALL_SECONDS = 600.0   # no change in this long: worth a warning


@dataclass(frozen=True)
class EtaRange:
    low: float    # seconds left, at best
    high: float   # seconds left, at worst (>= low)


class ProgressHistory:
    """When each percent of one task was first seen (a step back starts over)."""

    def __init__(self, keep: int = 64) -> None:
        self.keep = keep
        self.samples: list[tuple[float, int]] = []   # (time, percent), percent strictly rising
        self.last_seen: float | None = None

    def add(self, at: float, percent: int | None) -> None:
        if percent is None:
            return
        self.last_seen = at
        if self.samples and percent < self.samples[-1][1]:
            self.samples.clear()          # the cloud started over (or another task): old steps lie
        if not self.samples or percent > self.samples[-1][1]:
            self.samples.append((at, percent))
            del self.samples[:-self.keep]

    @property
    def percent(self) -> int | None:
        return self.samples[-1][1] if self.samples else None

    @property
    def last_change(self) -> float | None:
        return self.samples[-1][0] if self.samples else None


def _rate(a: tuple[float, int], b: tuple[float, int]) -> float:
    dt = b[0] - a[0]
    return (b[1] - a[1]) / dt if dt > 0 else math.inf


def export_eta(samples: list[tuple[float, int]], now: float) -> EtaRange | None:
    """The time left as a range, or None until the percent has moved twice (no rate yet)."""
    if not samples:
        return None
    last = samples[-1]
    if last[1] >= 100:
        return EtaRange(0.0, 0.0)
    if len(samples) < 2:
        return None
    remaining = 100 - last[1]
    rates = [_rate(samples[0], last), _rate(samples[-1 - min(RECENT_STEPS, len(samples) - 1)], last)]
    rates = [r for r in rates if 0 < r < math.inf]
    if not rates:
        return None
    since = max(0.0, now - last[0])     # time already spent on the current step
    low = max(0.0, remaining / max(rates) * WIDEN_LOW - since)
    high = max(low, remaining / min(rates) * WIDEN_HIGH - since)
    return EtaRange(low, high)


def stalled(history: ProgressHistory, now: float, after: float = STALL_SECONDS) -> bool:
    """True when a task below 100 % has shown the same percent for `after` seconds or more."""
    changed = history.last_change
    return changed is not None and (history.percent or 0) < 100 and now - changed >= after


def eta_parts(eta: EtaRange) -> tuple[str, dict]:
    """The catalogue key and values that say `eta` ("eta.minutes", {"low": 3, "high": 5})."""
    if eta.high < 60:
        return "eta.under_minute", {}
    if eta.high < 2 * 3600:
        low = max(1, int(eta.low // 60))
        return "eta.minutes", {"low": low, "high": max(low, math.ceil(eta.high / 60))}
    low_h = max(1, int(eta.low // 3600))
    return "eta.hours", {"low": low_h, "high": max(low_h, math.ceil(eta.high / 3600))}
