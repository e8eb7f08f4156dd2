"""The download queue (issue #9 §1): a few jobs download at once, sharing one budget of
connections, each object resumed from its checkpoint (cloud/download.py) and journaled in
the task store's `downloads` table (folder, checkpoint, bytes done, state).

The budget is one ConnectionGate (cloud/download_gate.py) of `connections` slots that every
running download holds a slot of per ranged GET in flight: a download alone may use the whole
budget, downloads side by side share it, and together they never exceed it.
"""

from __future__ import annotations

import logging
import posixpath
import queue
import threading
import time
from dataclasses import replace
from pathlib import Path

from tui_export.cloud.download_gate import ConnectionGate
from tui_export.jobs.api import JobObject, JobStage, error_of

log = logging.getLogger("tui_export.jobs")

JOURNAL_EVERY = 1.0   # seconds between two `bytes_done` updates of a running download


def local_name(key: str) -> str:
    """The file name an object is saved under: its name, never a path out of the folder."""
    name = posixpath.basename(key.rstrip("/")) or "object"
    return "_" if name in (".", "..") else name


class DownloadQueue:
    def __init__(self, engine) -> None:
        self.engine = engine
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._queued: set[str] = set()
        self._lock = threading.Lock()
        self._running: dict[str, object] = {}     # job id -> the DownloadJob running now
        self._active: set[str] = set()            # job ids a download thread is working on (all objects)
        self._again: set[str] = set()             # asked for again while their cancelled run winds down
        self._cancelled: set[str] = set()
        self._stop = threading.Event()
        self.convert_plans: dict[str, object] = {}   # job id -> convert_step.ConvertPlan (issue #11)
        self.gate = ConnectionGate(self._connections())   # ranged GETs in flight, all downloads together

    def threads(self) -> list[threading.Thread]:
        n = max(1, self.engine.options.downloads_at_once)
        return [threading.Thread(target=self._loop, name=f"jobs-download-{i}", daemon=True) for i in range(n)]

    def put(self, job_id: str) -> None:
        with self._lock:
            if job_id in self._queued:
                return
            if job_id in self._active:
                # `d` right after `x`: the cancelled run still winds down. Run it again once
                # that thread lets go (never two threads on one job's files).
                if job_id in self._cancelled:
                    self._again.add(job_id)
                return
            self._queued.add(job_id)
            self._cancelled.discard(job_id)
        self.engine._start_threads()
        self._queue.put(job_id)

    def cancel(self, job_id: str) -> None:
        with self._lock:
            self._cancelled.add(job_id)
            running = self._running.get(job_id)
        if running is not None:
            running.cancel()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            running = list(self._running.values())
        for dl in running:
            dl.cancel()
        for _ in range(max(1, self.engine.options.downloads_at_once)):
            self._queue.put(None)

    def _loop(self) -> None:
        while not self._stop.is_set():
            job_id = self._queue.get()
            if job_id is None or self._stop.is_set():
                return
            with self._lock:
                self._queued.discard(job_id)
                if job_id in self._cancelled:
                    continue
                self._active.add(job_id)
            try:
                self._run_reporting(job_id)
            finally:
                with self._lock:
                    self._active.discard(job_id)
                    again = job_id in self._again and not self._stop.is_set()
                    self._again.discard(job_id)
                if again:
                    self.put(job_id)

    def _run_reporting(self, job_id: str) -> None:
        """One job's download on this thread; a failure ends up on the job, not here."""
        try:
            self._run(job_id)
        except Exception as err:   # noqa: BLE001 - the job carries the reason
            if self._stop.is_set() and getattr(err, "code", "") == "Cancelled":
                self.engine._journal(job_id, "download paused")
                return
            with self._lock:
                if job_id in self._cancelled:
                    return
            log.info("download of job %s failed: %s", job_id, getattr(err, "code", type(err).__name__))
            self.engine._update(job_id, stage=JobStage.FAILED, error=error_of(err), journal="download failed")

    def _connections(self) -> int:
        """The whole budget: each download may use all of it, the gate keeps their sum within it."""
        return max(1, self.engine.options.connections)

    def _run(self, job_id: str) -> None:
        from tui_export.cloud.download import DownloadJob

        engine = self.engine
        job = engine._jobs[job_id]
        folder = Path(job.download_dir)
        folder.mkdir(parents=True, exist_ok=True)
        infos = engine.session.exported_objects(engine.task_of(job), engine.request_of(job))
        if job.download_keys:   # a download of some objects only (the result screen's `d`)
            infos = [o for o in infos if o.key in job.download_keys]
        if not infos:
            from tui_export.cloud.errors import CloudError
            raise CloudError("NoSuchKey", "The export task finished but no exported object was found.",
                             404, retryable=False, operation="ListObjects")
        objects = [JobObject(key=o.key, size=o.size, crc64=o.crc64) for o in infos]
        total = sum(o.size for o in objects)
        job = engine._update(job_id, stage=JobStage.DOWNLOADING, objects=tuple(objects), bytes_total=total,
                             bytes_done=0, error=None, journal=f"downloading {len(objects)} objects to {folder}")
        store = engine.store
        bucket = engine.session.oss_bucket(job.bucket, job.region_id)
        before = 0
        from tui_export.jobs import convert_step
        plan = self.convert_plans.get(job_id)
        results: dict = {}
        for i, obj in enumerate(objects):
            dest = folder / local_name(obj.key)
            last = [0.0]

            def progress(p, i=i, obj=obj, dest=dest, before=before):
                now = time.monotonic()
                current = engine._jobs[job_id]
                objs = list(current.objects)
                objs[i] = replace(objs[i], bytes_done=p.bytes_done)
                engine._update(job_id, kind="progress", objects=tuple(objs), bytes_done=before + p.bytes_done,
                               rate=p.rate, eta=p.eta)
                if now - last[0] >= JOURNAL_EVERY:
                    last[0] = now
                    store.update_download(job.bucket, obj.key, str(dest), bytes_done=p.bytes_done)

            dl = DownloadJob(bucket, obj.key, dest, state_dir=engine.state_dir, threads=self._connections(),
                             on_progress=progress, gate=self.gate)
            store.record_download(job.task_id, job.bucket, obj.key, str(dest), checkpoint=str(dl.checkpoint_path),
                                  state="running", size=obj.size, bytes_done=dl.partial_bytes())
            with self._lock:
                if job_id in self._cancelled or self._stop.is_set():
                    store.update_download(job.bucket, obj.key, str(dest), state="paused")
                    return
                self._running[job_id] = dl
            conversion = convert_step.start(plan, dl, obj.size)
            try:
                result = dl.run()
            except Exception as err:
                if conversion is not None:
                    conversion.abort()
                state = "paused" if getattr(err, "code", "") == "Cancelled" else "failed"
                store.update_download(job.bucket, obj.key, str(dest), state=state)
                raise
            finally:
                with self._lock:
                    self._running.pop(job_id, None)
            store.update_download(job.bucket, obj.key, str(dest), state="done", bytes_done=result.size)
            objs = list(engine._jobs[job_id].objects)
            objs[i] = replace(objs[i], path=str(result.path), verified=bool(result.verified), bytes_done=result.size)
            before += obj.size
            engine._update(job_id, objects=tuple(objs), bytes_done=before,
                           journal=f"verified {obj.key} ({result.size} bytes, {result.fetched_bytes} fetched)")
            if not result.verified:
                if conversion is not None:
                    conversion.abort()
                from tui_export.cloud.download_types import DownloadError
                raise DownloadError("CrcMismatch", f"{obj.key} carries no CRC-64 to verify against")
            converted = conversion.finish(result) if conversion is not None else None
            results[obj.key] = (result, converted)
            if converted is not None:
                if not plan.keep_archive:
                    result.path.unlink(missing_ok=True)
                objs = list(engine._jobs[job_id].objects)
                objs[i] = replace(objs[i], converted=converted.to_json(), disk=converted.layout.to_json())
                how = ("while downloading" if conversion.redone is None
                       else f"again from the verified archive ({conversion.redone})")
                engine._update(job_id, objects=tuple(objs),
                               journal=f"converted {obj.key} to {plan.format} {how}; {converted.layout.summary()}")
        convert_step.write_manifest(engine._jobs[job_id], infos, results, folder, plan)
        engine._after_download(engine._jobs[job_id])
