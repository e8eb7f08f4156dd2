"""The one retry policy of the cloud layer (the SDKs' own retries are switched off).

Idempotent reads: exponential backoff with full jitter on throttling, 5xx,
timeouts and dropped connections, bounded in attempts and in total time.
Non-idempotent calls (ExportImage, CancelTask) never go through `call` blindly:
session.py reconciles after an ambiguous failure and uses `backoff` only.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from tui_export.cloud.errors import CloudError

T = TypeVar("T")


@dataclass
class RetryPolicy:
    max_attempts: int = 5          # total tries, the first included
    max_total_s: float = 30.0      # no new attempt starts after this much time
    base_s: float = 0.25           # first backoff ceiling
    cap_s: float = 8.0             # largest backoff ceiling
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**attempt)] (attempt counts from 0)."""
        ceiling = min(self.cap_s, self.base_s * (2 ** attempt))
        return self.rng.uniform(0, ceiling)

    def budget(self) -> "RetryBudget":
        return RetryBudget(self)


class RetryBudget:
    """Counts attempts and time for one logical call."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.started = policy.clock()
        self.attempts = 0

    def next_attempt(self) -> None:
        self.attempts += 1

    def can_retry(self) -> bool:
        p = self.policy
        return self.attempts < p.max_attempts and (p.clock() - self.started) < p.max_total_s

    def backoff(self) -> None:
        """Sleep before the next attempt, never past the total budget."""
        p = self.policy
        left = p.max_total_s - (p.clock() - self.started)
        d = min(p.delay(self.attempts - 1), max(0.0, left))
        if d > 0:
            p.sleep(d)


def call(fn: Callable[[], T], policy: RetryPolicy, *, operation: str = "",
         on_retry: Callable[[CloudError, int], None] | None = None) -> T:
    """Run the idempotent `fn` (which raises CloudError) under `policy`.

    The last error is raised when attempts or time run out; it keeps retryable=True so
    the UI can offer "try again".
    """
    budget = policy.budget()
    while True:
        budget.next_attempt()
        try:
            return fn()
        except CloudError as err:
            if not err.retryable or not budget.can_retry():
                raise
            if on_retry:
                on_retry(err, budget.attempts)
            budget.backoff()
