"""One poller for every watched export task (issue #9 §1).

Each round asks DescribeTasks once per region with the watched ids (TaskIds, 100 a call;
docs/api.md "Polling many export tasks"):
an account following 30 exports sends one request per region, not 30. A finished task is
dropped from the watch at once (no polls for it). DescribeTasks carries no percent, so each
running task's DescribeTaskAttribute is asked in the same round: the jobs carry the task's
progress and status for the task list, the ETA and the Jobs view (the app has no watcher of its
own). Failed rounds back off (doubling up to `poll_max_seconds`) and mark the jobs
`poll_trouble`; the first good round resets both.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict

log = logging.getLogger("tui_export.jobs")

MISSING_ROUNDS = 3   # a watched id DescribeTasks keeps leaving out is asked for alone
PROGRESS_ROUNDS = 1  # a running task whose listing has no progress: its attribute every round it runs


class Poller:
    def __init__(self, engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._watched: dict[str, str] = {}      # task id -> region
        self._missing: dict[str, int] = {}
        self._no_progress: dict[str, int] = {}  # rounds since a running task's progress was last asked
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.rounds = 0                          # DescribeTasks rounds done (tests, benchmarks)
        self.delay = engine.options.poll_seconds  # the gap before the next round (longer while backing off)

    def thread(self) -> threading.Thread:
        return threading.Thread(target=self._loop, name="jobs-poller", daemon=True)

    def watch(self, region_id: str, task_id: str) -> None:
        if not task_id:
            return
        with self._lock:
            self._watched[task_id] = region_id
        self._wake.set()   # a new task is looked at in the next round, now

    def unwatch(self, task_id: str) -> None:
        with self._lock:
            self._watched.pop(task_id, None)
            self._missing.pop(task_id, None)
            self._no_progress.pop(task_id, None)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _loop(self) -> None:
        opts = self.engine.options
        delay = opts.poll_seconds
        while not self._stop.is_set():
            self.delay = delay
            self._wake.wait(delay)
            self._wake.clear()
            if self._stop.is_set():
                return
            with self._lock:
                by_region: dict[str, list[str]] = defaultdict(list)
                for task_id, region in self._watched.items():
                    by_region[region].append(task_id)
            if not by_region:
                delay = opts.poll_seconds
                continue
            ok = True
            for region, ids in by_region.items():
                ok = self._round(region, ids) and ok
            self.rounds += 1
            delay = opts.poll_seconds if ok else min(max(delay, opts.poll_seconds) * 2, opts.poll_max_seconds)
            self.delay = delay

    def _round(self, region: str, ids: list[str]) -> bool:
        session = self.engine.session
        try:
            tasks = session.ecs.tasks_by_id(region, ids)
        except Exception as err:   # noqa: BLE001 - throttling, a flaky link: back off, say so on the jobs
            log.info("DescribeTasks in %s failed (%s); backing off", region, getattr(err, "code", type(err).__name__))
            self.engine._poll_trouble(ids, True)
            return False
        seen = set()
        ok = True
        for task in tasks:
            if task.task_id in ids:
                seen.add(task.task_id)
                try:
                    self.engine._task_seen(task)
                except Exception:   # noqa: BLE001 - one job's trouble must not stop the poller
                    log.exception("handling task %s", task.task_id)
            if not task.finished and task.progress is None and task.task_id in ids:
                # DescribeTasks may carry no progress (docs/api.md "Polling many export tasks"):
                # the attribute says it, asked now and then rather than every round.
                with self._lock:
                    n = self._no_progress[task.task_id] = self._no_progress.get(task.task_id, PROGRESS_ROUNDS) + 1
                if n >= PROGRESS_ROUNDS:
                    with self._lock:
                        self._no_progress[task.task_id] = 0
                    ok = self._ask_alone(region, task.task_id) and ok
        for task_id in set(ids) - seen:
            with self._lock:
                n = self._missing[task_id] = self._missing.get(task_id, 0) + 1
            if n >= MISSING_ROUNDS:
                ok = self._ask_alone(region, task_id) and ok
        if not ok:   # DescribeTaskAttribute throttled or failing: the whole poller backs off
            self.engine._poll_trouble(ids, True)
        return ok

    def _ask_alone(self, region: str, task_id: str) -> bool:
        """The task's own attribute (its percent); False when the call failed for a reason worth backing off."""
        try:
            task = self.engine.session.task(region, task_id)
        except Exception as err:   # noqa: BLE001
            if str(getattr(err, "code", "")).startswith("InvalidTaskId"):
                self.engine._task_gone(task_id, err)
                return True
            log.info("DescribeTaskAttribute of %s failed (%s); backing off", task_id,
                     getattr(err, "code", type(err).__name__))
            return False
        with self._lock:
            self._missing.pop(task_id, None)
        try:
            self.engine._task_seen(task)
        except Exception:   # noqa: BLE001 - one job's trouble must not stop the poller
            log.exception("handling task %s", task_id)
        return True
