"""The fetching half of a download: workers taking parts from the queue, each a ranged GET
read with `readinto` into one reused buffer, cut bodies retried from the byte they stopped at
(jittered exponential backoff), a changed object refused (If-Match). With a shared
ConnectionGate (download_gate.py) each worker holds one slot per part it fetches."""

from __future__ import annotations

import logging
import mmap
import random
from dataclasses import dataclass

import oss2

from . import download_checkpoint as ckpt
from .download_http import STREAM_ERRORS, readinto1
from .download_settings import CHUNK, MIN_CHUNK, RETRY_CAP
from .download_gate import Slot
from .download_types import DownloadError
from .errors import CloudError, translate
from tui_export.core.units import human_bytes

log = logging.getLogger("tui_export.cloud.download")


class Stopped(Exception):
    """A worker noticed the stop flag between chunks."""


class Transient(Exception):
    """A part attempt failed in a way worth retrying (cut connection, 5xx, timeout, short body)."""


class Damaged(Exception):
    """The resume check found bytes on disk that don't match the checkpoint's CRC."""


@dataclass
class Part:
    index: int
    start: int
    length: int
    done: int = 0                # bytes written from the part's start ...
    crc: int = 0                 # ... and their CRC-64, continued as bytes arrive (no combine needed)


def oss_error(e: Exception, operation: str) -> CloudError:
    return translate(e, operation=operation)


def backoff(base: float, failures: int) -> float:
    """Equal jitter: half the exponential delay, plus up to as much again at random (spreads
    reconnects of many connections cut at once), never more than RETRY_CAP."""
    ceiling = min(RETRY_CAP, base * (2 ** max(0, failures - 1)))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


class RangeFetcher:
    """Mixed into DownloadJob: the worker threads' side (state set up by DownloadJob._reset)."""

    def _fail(self, e: BaseException) -> None:
        with self._lock:
            if self._error is None or isinstance(self._error, Stopped):
                self._error = e
        self._stop.set()
        self._wake.set()
        if self._gate is not None:
            self._gate.wake()       # this job's workers waiting for a slot leave now
        if not isinstance(e, Stopped):
            self._close_streams()

    def _worker(self) -> None:
        # this connection's one read buffer, reused; mmap memory is page-aligned, as O_DIRECT wants
        buf = memoryview(mmap.mmap(-1, CHUNK))
        slot = None if self._gate is None else Slot(self._gate, self._stop)
        while True:
            if slot is not None and not self._take_slot(slot):
                break
            with self._lock:
                # leaving is decided and counted under one lock: two workers can't both leave
                # on the same "one too many", and run() never sees none left with parts queued
                part = None if self._leaving() else self._queue.popleft()
                if part is None:
                    self._active -= 1
            if part is None:
                self._give_slot(slot)
                break
            try:
                self._fetch_part(part, buf, slot)
            except BaseException as e:
                with self._lock:
                    self._active -= 1
                self._fail(e)
                break
            finally:
                self._give_slot(slot)   # between parts a worker holds no slot of the shared budget
        self._wake.set()

    def _leaving(self) -> bool:
        """Caller holds _lock: stopping, nothing left, or one worker too many."""
        return self._stop.is_set() or not self._queue or self._active > self._target

    def _take_slot(self, slot: Slot) -> bool:
        """Before taking a part: a slot of the shared budget, or False (counted out) when this
        worker leaves instead. A worker that would leave anyway doesn't queue for a slot first."""
        with self._lock:
            if self._leaving():
                self._active -= 1
                return False
        if not self._hold(slot):
            with self._lock:
                self._active -= 1
            return False
        return True

    def _hold(self, slot: Slot) -> bool:
        """Wait for a slot (False once stopping); counts the ranged GETs this job may have in flight."""
        if slot.held:
            return True
        if not slot.take():
            return False
        with self._lock:
            self._holding += 1
            self._peak_active = max(self._peak_active, self._holding)
        return True

    def _give_slot(self, slot: Slot | None) -> None:
        if slot is not None and slot.held:
            with self._lock:
                self._holding -= 1
            slot.give_back()

    def _fetch_part(self, part: Part, buf: memoryview, slot: Slot | None = None) -> None:
        failures = 0
        chunk = len(buf)
        while part.done < part.length:
            if self._stop.is_set():
                raise Stopped()
            before = part.done
            try:
                self._attempt(part, buf[:chunk])
            except Transient as e:
                with self._lock:
                    self._errors += 1
                if part.done > before:   # progress resets the budget: a body cut every N MB still finishes
                    failures = 0
                elif e.__cause__ is None:
                    # a cut loses the buffer being filled: on a link that drops often, read smaller pieces
                    chunk = max(MIN_CHUNK, chunk // 4)
                failures += 1
                if failures > self.max_retries:
                    cause = e.__cause__ if isinstance(e.__cause__, CloudError) else None
                    raise cause or DownloadError(
                        "NetworkError", f"download of {self.key} interrupted ({e}); "
                        f"{human_bytes(self._done)} kept, run again to resume", retryable=True) from None
                delay = backoff(self.retry_backoff, failures)
                log.info("part %d of %s: %s; retry %d in %.2fs", part.index, self.key, e, failures, delay)
                with self._lock:
                    self._retrying += 1
                self._give_slot(slot)   # a backoff has no GET in flight: another download may use the slot
                try:
                    if self._stop.wait(delay):
                        raise Stopped()
                finally:
                    with self._lock:
                        self._retrying -= 1
                if slot is not None and not self._hold(slot):
                    raise Stopped()

    def _attempt(self, part: Part, buf: memoryview) -> None:
        first = part.start + part.done
        last = part.start + part.length - 1
        headers = {"If-Match": self._etag, "x-oss-range-behavior": "standard"}
        try:
            result = self._oss.get_object(self.key, byte_range=(first, last), headers=headers)
        except oss2.exceptions.OssError as e:
            err = oss_error(e, "GetObject")
            if err.code == "PreconditionFailed":
                ckpt.discard(self.checkpoint_path)   # the object changed under us: next run starts over
                raise DownloadError("RemoteChanged", f"oss://{self.bucket.bucket_name}/{self.key} changed "
                                    "during the download; start it again", retryable=True) from None
            if err.retryable:
                raise Transient(err.message) from err
            raise err from None
        with self._lock:
            self._streams.add(result)
        response = result.resp.response
        raw = response.raw                      # urllib3's response ...
        body = getattr(raw, "_fp", None) or raw  # ... and http.client's under it: readinto, no copies
        offset = first          # the next byte to receive; part.done counts the bytes written
        fill = 0                # bytes received into buf, not written yet (less than a block)
        try:
            crange = result.headers.get("Content-Range", "")
            if result.status != 206 or not crange.startswith(f"bytes {first}-"):
                raise DownloadError("BadResponse", f"OSS answered range {first}-{last} of {self.key} with "
                                    f"HTTP {result.status} {crange!r}")
            try:
                while offset <= last:
                    if self._stop.is_set():
                        raise Stopped()
                    n = readinto1(body, buf[fill:fill + min(len(buf) - fill, last + 1 - offset)])
                    if not n:
                        break
                    offset += n
                    with self._lock:
                        self._fetched += n
                    fill = self._put(part, buf, fill + n, part.start + part.done, final=False)
            except (DownloadError, Stopped):
                raise
            except STREAM_ERRORS as e:
                if self._stop.is_set():
                    raise Stopped() from None
                raise Transient(f"connection cut at byte {offset}: {type(e).__name__}") from None
            except Exception:
                if self._stop.is_set():   # a stream closed under us by cancel() can fail in odd ways
                    raise Stopped() from None
                raise
            finally:
                if fill:    # whatever arrived is kept, even when the connection was cut
                    fill = self._put(part, buf, fill, part.start + part.done, final=True)
            if offset != last + 1:
                raise Transient(f"body ended at byte {offset}, expected {last + 1}")
            if body is not raw and body.isclosed():
                raw.release_conn()       # body read to its end: keep the connection for the next part
        finally:
            with self._lock:
                self._streams.discard(result)
            response.close()
