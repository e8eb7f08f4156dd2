"""One budget of ranged GETs shared by the downloads that run at once (issue #9 §1).

Why: a fixed share per download (budget // downloads at once) leaves a lone download, the
common case, with half the budget. With a gate every download may open up to the whole
budget, and a worker holds one slot for each ranged GET it has in flight: one download alone
can use all of it, several together never exceed it.

Slots are handed over first come, first served: a worker that gives a slot back and asks again
at once (its next part) queues behind the workers already waiting, so one download can't keep
the whole budget while another starves. Waiting ends when the waiter's stop event is set (cancel,
a failed part, shutdown): `wake()` makes that immediate, a short poll makes it certain.
"""

from __future__ import annotations

import threading
from collections import deque

POLL_S = 0.25     # a waiter looks at its stop event at least this often, even if nobody wakes it


class _Waiter:
    __slots__ = ("granted",)

    def __init__(self) -> None:
        self.granted = False


class ConnectionGate:
    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError("a connection gate needs at least one slot")
        self.slots = slots
        self._cond = threading.Condition()
        self._free = slots
        self._waiters: deque[_Waiter] = deque()

    def acquire(self, stop: threading.Event) -> bool:
        """Take a slot, waiting for one; False (no slot taken) once `stop` is set."""
        with self._cond:
            if stop.is_set():
                return False
            if self._free and not self._waiters:
                self._free -= 1
                return True
            me = _Waiter()
            self._waiters.append(me)
            # `stop` is looked at under the lock, and wake() takes the lock after it is set:
            # a stop can't slip in between the look and the wait
            while not me.granted:
                if stop.is_set():
                    self._waiters.remove(me)
                    return False
                self._cond.wait(POLL_S)
            return True

    def release(self) -> None:
        """Give a slot back: to the longest waiter if any, else to the pool."""
        with self._cond:
            if self._waiters:
                self._waiters.popleft().granted = True
                self._cond.notify_all()
            elif self._free < self.slots:
                self._free += 1
            else:
                raise RuntimeError("connection gate released more often than acquired")

    def wake(self) -> None:
        """Make waiters look at their stop events now (call after setting one)."""
        with self._cond:
            self._cond.notify_all()

    def in_use(self) -> int:
        with self._cond:
            return self.slots - self._free

    def waiting(self) -> int:
        with self._cond:
            return len(self._waiters)


class Slot:
    """One worker's hold on a gate; `take` and `give_back` may be called again harmlessly."""

    __slots__ = ("gate", "stop", "held")

    def __init__(self, gate: ConnectionGate, stop: threading.Event) -> None:
        self.gate, self.stop, self.held = gate, stop, False

    def take(self) -> bool:
        if not self.held:
            self.held = self.gate.acquire(self.stop)
        return self.held

    def give_back(self) -> None:
        if self.held:
            self.held = False
            self.gate.release()
