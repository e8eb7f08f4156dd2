"""How many ranged connections the download engine keeps open: adaptive, bounded.

A per-connection cap (common on the public internet and on OSS itself) means one
stream can't fill the link; on a fast, uncapped link extra streams only add CPU.
So the engine starts with two connections and probes: every window it compares
the throughput with the window before the last step. A step after which each
connection still carries about as much (a per-connection cap) doubles the count
again; a step that gained at least half of its share is kept and followed by a
small one; a step that gained less (the link or the CPU is full, or it was noise)
is undone and probing pauses for a while. Throttling or
errors halve the count at once. Fewer connections also means fewer bytes in
flight in socket buffers, which a killed process loses. Pure logic (no I/O,
no threads), so it can be reasoned about and tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WINDOW_S = 0.25         # seconds between two decisions
NO_GAIN = 1.05          # a step that gained less than 5 %, or than half of its share, is undone
LINEAR = 0.75           # per-connection throughput kept at 75 % or more: the step paid off fully
HOLD_WINDOWS = 8        # windows to wait after an undone step before probing again (2 s)
MIN_WINDOW_BYTES = 1 << 20   # a window that moved less says nothing about throughput


@dataclass
class Concurrency:
    maximum: int
    target: int
    _rate_before: float = 0.0        # throughput before the last step up (0: no step pending)
    _before: int = 0                 # connection count before that step
    _hold: int = 0
    _errors: int = 0
    _probed: bool = False            # the first probe doubles: most links either gain from it or not at all
    _last: tuple[float, int] | None = field(default=None, repr=False)

    @classmethod
    def start(cls, maximum: int, initial: int) -> "Concurrency":
        maximum = max(1, maximum)
        return cls(maximum=maximum, target=max(1, min(initial, maximum)))

    def sample(self, now: float, total_bytes: int, errors: int, work_left: int) -> int:
        """Feed the clock, the bytes fetched so far and the errors seen so far; returns the new target.

        `work_left` bounds the count (no point opening more connections than parts left)."""
        if self._last is None:
            self._last = (now, total_bytes)
            self._errors = errors
            return self.target
        t0, b0 = self._last
        dt = now - t0
        if errors > self._errors:
            # throttled, cut or failing: fewer connections, and no probing for a while
            self._errors = errors
            self._last = (now, total_bytes)
            self.target = max(1, self.target // 2)
            self._rate_before = 0.0
            self._hold = HOLD_WINDOWS
            return self.target
        if dt < WINDOW_S or total_bytes - b0 < MIN_WINDOW_BYTES:
            return self.target
        rate = (total_bytes - b0) / dt
        self._last = (now, total_bytes)
        if self._rate_before:
            gain = rate / self._rate_before
            linear = self.target / self._before
            per_connection = (rate / self.target) / (self._rate_before / self._before)
            self._rate_before = 0.0
            if gain < max(NO_GAIN, 1 + (linear - 1) / 2):
                # the new connections didn't carry half their share: the link (or the CPU) is full
                self.target = self._before
                self._hold = HOLD_WINDOWS
                return self.target
            # each connection still carries about what it did: a per-connection cap, double again
            step = self.target if per_connection >= LINEAR else max(1, self.target // 4)
            return self._step_up(rate, step, work_left)
        if self._hold:
            self._hold -= 1
            return self.target
        step = max(1, self.target // 4) if self._probed else self.target
        self._probed = True
        return self._step_up(rate, step, work_left)

    def _step_up(self, rate: float, step: int, work_left: int) -> int:
        new = min(self.maximum, self.target + step, max(1, work_left))
        if new > self.target:
            self._before, self._rate_before = self.target, rate
            self.target = new
        return self.target
