"""Faults the embedded cloud can inject on demand (all off by default).

One `Faults` object is shared by the RPC and OSS servers of an `EmbeddedCloud`;
tests and `--faults` change it while the servers run.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass, field, fields

from tui_export.sim.flag_messages import FlagError

# key -> type of the value in a `--faults` spec
_SPEC_TYPES = {
    "latency_ms": float,   # added to every request
    "jitter_ms": float,    # +- uniform on top of latency_ms
    "throttle": float,     # share 0..1 of RPC requests answered Throttling.User
    "server_error": float,  # share 0..1 answered 500 InternalError / 503 ServiceUnavailable (before any effect)
    "lost_response": float,  # share 0..1 of RPC requests carried out, then the connection closed unanswered
    "drop_after": int,     # bytes after which an OSS response body is cut (connection closed)
    "bandwidth": float,    # MB/s cap per OSS connection (1 MB = 1,000,000 bytes)
    "export_fail": float,  # share 0..1 of ExportImage calls answered ExportImageFailed
    "task_fail": float,    # share 0..1 of export tasks that end Failed
    "clock_skew_s": float,  # the cloud's clock runs this many seconds ahead (its Date header, its skew checks)
    "answer_delay_ms": float,  # RPC: the request is carried out at once, its answer held this long (a client gives up or dies meanwhile)
}


@dataclass
class Faults:
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    throttle: float = 0.0
    server_error: float = 0.0
    lost_response: float = 0.0
    drop_after: int = 0
    bandwidth: float = 0.0
    export_fail: float = 0.0
    task_fail: float = 0.0
    clock_skew_s: float = 0.0
    answer_delay_ms: float = 0.0
    # RPC action names (or OSS operation names) the shares apply to; empty = all
    only: frozenset[str] = frozenset()
    seed: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    @classmethod
    def parse(cls, spec: str | None) -> "Faults":
        faults = cls()
        if spec:
            faults.update(**parse_spec(spec))
        return faults

    def update(self, **values) -> None:
        with self._lock:
            for key, value in values.items():
                if key == "only":
                    # one action name given as a plain string is that name, not a set of its letters
                    value = frozenset((value,) if isinstance(value, str) else (value or ()))
                elif key == "seed":
                    self._rng.seed(value)
                elif key not in _SPEC_TYPES:
                    raise ValueError(f"unknown fault {key!r}; known: {', '.join(sorted(_SPEC_TYPES))}")
                else:
                    value = _SPEC_TYPES[key](value)
                setattr(self, key, value)

    def clear(self) -> None:
        with self._lock:
            for f in fields(self):
                if f.name in _SPEC_TYPES:
                    setattr(self, f.name, _SPEC_TYPES[f.name]())
            self.only = frozenset()

    def applies(self, name: str) -> bool:
        return not self.only or name in self.only

    def roll(self, share: float, name: str) -> bool:
        """True with probability `share`, for a request named `name`."""
        if share <= 0 or not self.applies(name):
            return False
        with self._lock:
            return self._rng.random() < share

    def server_error_code(self, name: str) -> str | None:
        """For a share `server_error` of requests named `name`: "InternalError" (500) or
        "ServiceUnavailable" (503), half each; None for the others."""
        if not self.roll(self.server_error, name):
            return None
        with self._lock:
            return self._rng.choice(("InternalError", "ServiceUnavailable"))

    def now(self) -> float:
        """The cloud's time: what its Date headers say and what request times are checked against."""
        return time.time() + self.clock_skew_s

    def delay(self) -> None:
        """Sleep the configured latency (with jitter)."""
        if self.latency_ms <= 0 and self.jitter_ms <= 0:
            return
        with self._lock:
            jitter = self._rng.uniform(-self.jitter_ms, self.jitter_ms) if self.jitter_ms else 0.0
        time.sleep(max(0.0, self.latency_ms + jitter) / 1000.0)

    def hold_answer(self, name: str) -> None:
        """After the effect, before the answer (answer_delay_ms, for requests named `name`)."""
        if self.answer_delay_ms > 0 and self.applies(name):
            time.sleep(self.answer_delay_ms / 1000.0)

    def describe(self) -> str:
        on = [f"{k}={getattr(self, k)}" for k in _SPEC_TYPES if getattr(self, k)]
        return ",".join(on) or "none"


# What a `--faults` value may be, beyond its type: shares are probabilities, the others
# (but the clock's skew, which may run behind) are durations, sizes and rates.
_SHARES = frozenset({"throttle", "server_error", "lost_response", "export_fail", "task_fail"})
_SIGNED = frozenset({"clock_skew_s"})


def parse_spec(spec: str) -> dict:
    """`"throttle=0.2,latency_ms=50"` -> {"throttle": 0.2, "latency_ms": 50.0}.

    A bad part raises FlagError (a ValueError) worded in en and zh (flag_messages.py)."""
    out: dict = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep:
            raise FlagError("fault.needs_value", part=repr(part), key=key)
        if key == "only":
            out["only"] = frozenset(v for v in value.split("|") if v)
            continue
        if key not in _SPEC_TYPES:
            raise FlagError("fault.unknown", key=repr(key), known=", ".join(sorted((*_SPEC_TYPES, "only"))))
        kind = _SPEC_TYPES[key]
        try:
            number = kind(value)
        except ValueError:
            raise FlagError("fault.whole" if kind is int else "fault.number", key=key, value=repr(value)) from None
        if not math.isfinite(number):   # nan never rolls and inf can't be slept: neither is a fault
            raise FlagError("fault.finite", key=key, value=repr(value))
        if key in _SHARES and not 0 <= number <= 1:
            raise FlagError("fault.share", key=key, value=value.strip())
        if key not in _SHARES | _SIGNED and number < 0:
            raise FlagError("fault.at_least_0", key=key, value=value.strip())
        out[key] = number
    return out
