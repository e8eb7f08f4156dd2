"""Download one OSS object: parallel ranged GETs, resumable, CRC-64 verified (issue #3 §6, #8).

Why not `oss2.resumable_download`: its progress only moves when a part starts,
it has no per-part retry, and a CRC mismatch leaves a checkpoint that fails
forever (docs/api.md). Here:

- the object is split in parts (8 MiB default) fetched with `Range` + `If-Match`
  by an adaptive number of connections (download_concurrency.py): more while
  throughput grows, fewer on throttling or errors, never more than `threads`;
  downloads running side by side may share a ConnectionGate (download_gate.py): then
  a worker holds one of its slots for each part it fetches, and all of them together
  never have more ranged GETs in flight than the gate has slots;
- each connection reads its body straight from the HTTP response with
  `readinto` into one reused 1 MiB buffer, `pwrite`s it to the temp file and
  feeds the same memory to CRC-64 (fastcrc, which releases the GIL): no
  per-chunk allocation, memory bounded by one buffer per connection;
- each part's CRC-64 is computed from the bytes written; the whole CRC is
  combined from them and compared with `x-oss-hash-crc64ecma` before the rename;
- a checkpoint (download_checkpoint.py) records the bytes written per part and
  their CRC every few MiB (and every second), so a crash loses a few MiB at most;
- on resume, fetching starts at once while a checker thread re-reads the bytes
  the checkpoint vouches for (disk speed, in parallel): a temp file damaged
  between runs still fails with CrcMismatch before anything is renamed;
- a cut body is retried inside the run from the byte it stopped at, with
  jittered exponential backoff, capped.

`DownloadJob(...).run()` blocks; call it from a worker thread and `cancel()`
from anywhere. Progress events come from the thread that called `run()`.

This module runs the steps; the workers' side is download_fetch.py, the temp file's and the
checkpoint's download_disk.py, the sizes and intervals download_settings.py.
"""

from __future__ import annotations

import copy
import logging
import math
import os
import threading
import time
from collections import deque
from pathlib import Path
from typing import Callable

import oss2

from . import download_checkpoint as ckpt
from .crc_check import crc64_combine, crc64_of_file, crc_accelerated, warn_if_slow_crc
from .download_concurrency import Concurrency
from .download_disk import TempFile
from .download_fetch import Damaged, Part, RangeFetcher, Stopped, backoff, oss_error
from .download_gate import ConnectionGate
from .download_http import session_for
from .download_settings import (CHECKPOINT_INTERVAL, CHECKPOINT_MAX_BYTES, CHECKPOINT_MIN_BYTES, DEFAULT_PART_SIZE,
                                DEFAULT_THREADS, INITIAL_THREADS, MIN_PART_SIZE, PROGRESS_INTERVAL, RATE_TAU,
                                TEMP_SUFFIX)
from .download_types import DownloadError, DownloadProgress, DownloadResult
from .errors import CloudError, translate
from tui_export.core.units import human_bytes

__all__ = [
    "DownloadJob", "DownloadResult", "DownloadProgress", "DownloadError", "crc_accelerated",
    "TEMP_SUFFIX", "DEFAULT_PART_SIZE", "DEFAULT_THREADS", "INITIAL_THREADS",
]

log = logging.getLogger(__name__)


class DownloadJob(RangeFetcher, TempFile):
    def __init__(self, bucket: oss2.Bucket, key: str, dest: Path | str, *, state_dir: Path | str | None = None,
                 threads: int = DEFAULT_THREADS, part_size: int = DEFAULT_PART_SIZE, overwrite: bool = False,
                 on_progress: Callable[[DownloadProgress], None] | None = None, max_retries: int = 5,
                 retry_backoff: float = 0.25, preallocate: bool = True,
                 gate: ConnectionGate | None = None) -> None:
        if threads < 1 or part_size < MIN_PART_SIZE:
            raise ValueError(f"threads must be >= 1 and part_size >= {MIN_PART_SIZE}")
        if state_dir is None:
            from .paths import state_dir as default_state_dir
            state_dir = default_state_dir(create=True)
        self.bucket = bucket
        self.key = key
        self.dest = Path(os.path.abspath(dest))
        self.temp = Path(str(self.dest) + TEMP_SUFFIX)
        self.state_dir = Path(state_dir)
        self.checkpoint_path = ckpt.checkpoint_path(self.state_dir, bucket.bucket_name, key, self.dest)
        self.threads = threads                  # most connections at once (the count adapts below it)
        self.part_size = part_size
        self.overwrite = overwrite
        self.on_progress = on_progress
        self.max_retries = max_retries          # consecutive failed attempts of one part without progress
        self.retry_backoff = retry_backoff      # first delay, doubled per attempt (jittered), capped
        self.preallocate = preallocate
        self._gate = gate                       # the budget shared with other downloads (None: own threads only)
        self._cancel = threading.Event()
        self._stop = threading.Event()       # cancel, or a part failed: workers stop between chunks
        self._wake = threading.Event()       # a worker asks run()'s thread for a checkpoint or a look
        self._lock = threading.Lock()
        self._reset()

    def cancel(self) -> None:
        """Stop soon (workers check between chunks); run() raises DownloadError("Cancelled").

        A cancelled job stays cancelled: make a new DownloadJob to resume (the checkpoint keeps the parts).
        """
        self._cancel.set()
        self._stop.set()
        self._wake.set()
        if self._gate is not None:
            self._gate.wake()       # workers waiting for a slot see the stop now
        self._close_streams()

    def _close_streams(self) -> None:
        with self._lock:
            streams = list(self._streams)
        for result in streams:   # unblock reads stalled on a silent connection
            try:
                result.resp.response.close()
            except Exception as exc:   # noqa: BLE001 - closing is only to unblock; the stream is dropped anyway
                log.debug("closing a download stream: %s", type(exc).__name__)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def partial_bytes(self) -> int:
        """Bytes a previous run left to resume from (0 when none): for "Resume (1.2 GiB done)" buttons."""
        cp = ckpt.load(self.checkpoint_path)
        return cp.done_bytes if cp is not None and self.temp.exists() else 0

    def run(self) -> DownloadResult:
        """Download (or resume) to `dest`; raises DownloadError. Safe to call again after a failure."""
        warn_if_slow_crc()
        self._reset()
        started = time.monotonic()
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        with self._exclusive():
            head = self._head()
            done = self._check_destination(head)
            if done is not None:
                return done
            cp = self._load_or_start(head)
            self._download(cp)
            crc = self._verify(cp)
            self._finish(cp)
            self._emit("done")
            return DownloadResult(self.dest, cp.size, crc, verified=cp.crc64 is not None,
                                  resumed_bytes=self._resumed, elapsed=time.monotonic() - started,
                                  fetched_bytes=self._fetched, max_connections=self._peak_active)

    def _reset(self) -> None:
        # cancel() sets _cancel before _stop, so clearing first can't lose a cancel racing with run()
        self._stop.clear()
        if self._cancel.is_set():
            self._stop.set()
        self._wake.clear()
        self._error: BaseException | None = None
        self._parts: list[Part] = []
        self._queue: deque[Part] = deque()
        self._streams: set = set()
        self._done = 0
        self._total = 0
        self._resumed = 0
        self._retrying = 0
        self._fetched = 0           # body bytes received in this run
        self._unsaved = 0           # bytes written since the last checkpoint snapshot
        self._unflushed = 0         # bytes written since the last flush-behind
        self._fetching = threading.Event()   # set while fetchers run: the flush-behind thread's lifetime
        self._flush_due = threading.Event()
        self._errors = 0            # failed attempts in this run (the concurrency backs off on them)
        self._active = 0            # workers running
        self._holding = 0           # of them, holding a slot of the shared gate (waiting ones don't)
        self._peak_active = 0
        self._target = 1            # workers wanted now (Concurrency decides)
        self._checkpoint_bytes = CHECKPOINT_MIN_BYTES
        self._to_check: list[tuple[int, int, int, int]] = []   # (index, start, bytes, crc) to re-read
        self._etag = ""
        self._last_emit = 0.0
        self._rate = 0.0
        self._rate_sample: tuple[float, int] | None = None
        self._fd = -1
        self._dfd = -1              # the same file opened O_DIRECT (-1: buffered writes only)
        self._spare_fds: list[int] = []
        self._oss = None            # the bucket with this run's own connection pool

    def _head(self):
        for attempt in range(self.max_retries + 1):
            try:
                return self.bucket.head_object(self.key)
            except oss2.exceptions.OssError as e:
                err = oss_error(e, "HeadObject")
                if not err.retryable or attempt == self.max_retries:
                    raise err from None
            if self._stop.wait(backoff(self.retry_backoff, attempt + 1)):   # HEAD is idempotent
                raise DownloadError("Cancelled", f"download of {self.key} cancelled", retryable=True)
        raise AssertionError("unreachable")  # pragma: no cover

    def _check_destination(self, head) -> DownloadResult | None:
        if self.dest.is_dir():
            raise DownloadError("DestinationExists", f"{self.dest} is a directory", path=str(self.dest))
        if not self.dest.exists() or self.overwrite:
            return None
        size = self.dest.stat().st_size
        if size == head.content_length and head.server_crc is not None:
            self._total = size
            checked = [0]

            def on_bytes(n: int) -> None:
                checked[0] += n
                self._done = checked[0]
                self._maybe_emit("checking")

            if crc64_of_file(self.dest, on_bytes=on_bytes) == head.server_crc:
                # Same bytes already there: nothing to fetch; drop leftovers of an older attempt.
                ckpt.discard(self.checkpoint_path)
                self._unlink(self.temp)
                self._done = size
                self._emit("done")
                return DownloadResult(self.dest, size, head.server_crc, verified=True, resumed_bytes=size,
                                      already_present=True)
        raise DownloadError("DestinationExists",
                            f"{self.dest} already exists and differs from oss://{self.bucket.bucket_name}/"
                            f"{self.key}; choose another name or allow overwriting", path=str(self.dest))

    def _load_or_start(self, head) -> ckpt.Checkpoint:
        size = head.content_length or 0
        crc = None if head.server_crc is None else str(head.server_crc)
        etag = head.etag or ""
        cp = ckpt.load(self.checkpoint_path)
        if cp is not None and not (cp.same_remote(etag, size, head.last_modified or 0, crc)
                                   and cp.temp == str(self.temp) and self.temp.exists()):
            log.info("download of %s: remote object or temp file changed, starting over", self.key)
            cp = None
        if cp is None:
            self._unlink(self.temp)
            cp = ckpt.Checkpoint(bucket=self.bucket.bucket_name, key=self.key, dest=str(self.dest),
                                 temp=str(self.temp), etag=etag, size=size, last_modified=head.last_modified or 0,
                                 crc64=crc, part_size=self.part_size)
        # the checkpoint's part size wins so finished parts stay valid
        n = math.ceil(size / cp.part_size)
        self._parts = []
        for i in range(n):
            start = i * cp.part_size
            part = Part(i, start, min(cp.part_size, size - start))
            done, pcrc = cp.parts.get(i, (0, 0))
            if 0 < done <= part.length:
                part.done, part.crc = done, pcrc
            self._parts.append(part)
        self._total = size
        self._etag = cp.etag            # sent unquoted, as oss2 does (docs/api.md)
        self._resumed = self._done = sum(p.done for p in self._parts)
        # what the checkpoint vouches for is re-read while the rest downloads (_check_resumed)
        self._to_check = [(p.index, p.start, p.done, p.crc) for p in self._parts if p.done]
        return cp

    def _crc_mismatch(self, what: str):
        # A bad byte could be anywhere: the record is worthless, start over next time (docs/api.md).
        self._close_fd()
        ckpt.discard(self.checkpoint_path)
        self._unlink(self.temp)
        raise DownloadError("CrcMismatch", f"{what} (oss://{self.bucket.bucket_name}/{self.key}); the partial "
                            "download was discarded, run it again to start over", retryable=True,
                            path=str(self.dest))

    def _download(self, cp: ckpt.Checkpoint) -> None:
        self._check_space(cp.size)
        self._fd = os.open(self.temp, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        self._oss = copy.copy(self.bucket)   # same auth, endpoint, timeouts; a pool sized for our connections
        self._oss.session = session_for(max(self.threads, 1))
        try:
            self._allocate(cp.size)
            self._open_direct()
            self._save(cp)
            self._checkpoint_bytes = min(CHECKPOINT_MAX_BYTES, max(CHECKPOINT_MIN_BYTES, cp.size // 256))
            self._queue = deque(p for p in self._parts if p.done < p.length)
            self._run_workers(cp)
        except BaseException:
            self._close_fd()
            raise
        finally:
            self._oss.session.session.close()
        if self._error is not None:
            self._close_fd()
            err = self._error
            if isinstance(err, Damaged):
                self._crc_mismatch(str(err))
            if isinstance(err, Stopped) or (self._cancel.is_set() and not isinstance(err, DownloadError)):
                raise DownloadError("Cancelled", f"download of {self.key} cancelled; it will resume from "
                                    f"{human_bytes(self._done)}", retryable=True) from None
            if isinstance(err, Exception) and not isinstance(err, CloudError):
                # anything unforeseen still reaches the UI as one error type, scrubbed
                raise translate(err, operation="download") from err
            raise err
        if self._cancel.is_set():
            self._close_fd()
            raise DownloadError("Cancelled", f"download of {self.key} cancelled", retryable=True)
        if any(p.done < p.length for p in self._parts):   # never verify (and discard) a partial file
            self._close_fd()
            raise DownloadError("NetworkError", f"download of {self.key} stopped early; "
                                f"{human_bytes(self._done)} kept, run again to resume", retryable=True)

    def _run_workers(self, cp: ckpt.Checkpoint) -> None:
        """run()'s thread: start and stop workers as the concurrency says, checkpoint, report."""
        conc = Concurrency.start(self.threads, INITIAL_THREADS)
        self._target = conc.target
        workers: list[threading.Thread] = []
        if self._to_check:
            workers.append(threading.Thread(target=self._check_resumed, name="download-check", daemon=True))
            workers[-1].start()
        self._fetching.set()
        flusher = threading.Thread(target=self._flush_behind, name="download-flush", daemon=True)
        flusher.start()
        last_save = last_durable = time.monotonic()
        try:
            self._emit("downloading")
            next_emit = time.monotonic() + PROGRESS_INTERVAL
            while True:
                self._spawn(workers)
                workers = [w for w in workers if w.is_alive()]
                if not workers:
                    break
                now = time.monotonic()
                self._wake.wait(max(0.0, min(next_emit, last_save + CHECKPOINT_INTERVAL) - now))
                self._wake.clear()
                now = time.monotonic()
                if now >= next_emit:
                    self._emit("downloading")
                    next_emit = now + PROGRESS_INTERVAL
                if self._unsaved >= self._checkpoint_bytes or (self._unsaved and now - last_save >= CHECKPOINT_INTERVAL):
                    durable = now - last_durable >= CHECKPOINT_INTERVAL
                    try:
                        self._save(cp, durable)
                    except DownloadError as e:
                        self._fail(e)
                    last_save = now
                    last_durable = now if durable else last_durable
                with self._lock:
                    left = len(self._queue) + self._active
                self._target = conc.sample(now, self._fetched, self._errors, left)
        except BaseException as e:  # Ctrl-C or a raising progress callback: stop workers, keep the parts
            self._fail(e)
        for w in workers:
            w.join()
        self._fetching.clear()
        self._flush_due.set()
        flusher.join()          # before anyone closes the fd it syncs
        if isinstance(self._error, Damaged):
            return      # the record is about to be discarded: don't rewrite it
        try:
            self._save(cp)
        except DownloadError as e:
            if self._error is None:
                raise
            # the disk that refused the data may refuse the record too: the previous one stays
            log.warning("checkpoint of %s not updated: %s", self.key, e)

    def _spawn(self, workers: list[threading.Thread]) -> None:
        with self._lock:
            want = 0 if self._stop.is_set() else min(self._target, self._active + len(self._queue))
            new = max(0, want - self._active)
            self._active += new
            if self._gate is None:  # with a gate, a connection counts once it holds a slot (_hold)
                self._peak_active = max(self._peak_active, self._active)
        for _ in range(new):
            w = threading.Thread(target=self._worker, name="download", daemon=True)
            w.start()
            workers.append(w)

    def _verify(self, cp: ckpt.Checkpoint) -> int:
        self._emit("verifying")
        crc = 0
        for p in self._parts:
            crc = crc64_combine(crc, p.crc, p.length)
        if cp.crc64 is None:
            log.warning("oss://%s/%s has no CRC-64: the download cannot be verified", cp.bucket, cp.key)
        elif crc != int(cp.crc64):
            self._crc_mismatch(f"CRC-64 of the download is {crc}, OSS says {cp.crc64}")
        return crc

    def _maybe_emit(self, state: str) -> None:
        if time.monotonic() - self._last_emit >= PROGRESS_INTERVAL:
            self._emit(state)

    def _emit(self, state: str) -> None:
        now = time.monotonic()
        self._last_emit = now
        done = self._done
        if self._rate_sample is None:
            self._rate_sample = (now, done)
        else:
            t0, d0 = self._rate_sample
            dt = now - t0
            if dt > 0.05:
                inst = (done - d0) / dt
                # exponential smoothing with a time constant: steady under uneven tick spacing
                self._rate = inst if self._rate == 0 else self._rate + (1 - math.exp(-dt / RATE_TAU)) * (inst - self._rate)
                self._rate_sample = (now, done)
        left = self._total - done
        eta = left / self._rate if self._rate > 0 else (0.0 if left <= 0 else None)
        connections = self._active if self._gate is None else self._holding
        if self.on_progress is not None:
            self.on_progress(DownloadProgress(done, self._total, self._rate, eta, self._resumed, state,
                                              self._retrying, connections))
