"""Download one OSS object: parallel ranged GETs, resumable, CRC-64 verified (issue #3 §6).

Why not `oss2.resumable_download`: its progress only moves when a part starts,
it has no per-part retry, and a CRC mismatch leaves a checkpoint that fails
forever (api-notes 7.9). Here:

- the object is split in parts (8 MiB default) fetched by a few threads with
  `Range` + `If-Match`; each part streams in 256 KiB chunks straight to the
  temp file with `os.pwrite`, so memory stays at a few chunks;
- each part's CRC-64 is computed while streaming; the whole CRC is combined
  from them and compared with `x-oss-hash-crc64ecma` before the rename;
- a checkpoint (download_checkpoint.py) records the bytes written per part, so
  a crash, a cancel, a cut connection or a full disk resumes where it stopped;
- a cut body is retried inside the run from the byte it stopped at.

`DownloadJob(...).run()` blocks; call it from a worker thread and `cancel()`
from anywhere. Progress events come from the thread that called `run()`.
"""

from __future__ import annotations

import errno
import http.client
import logging
import math
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import oss2
import requests
import urllib3

from . import download_checkpoint as ckpt
from .errors import CloudError, translate
from tui_export.core.units import human_bytes

from .crc_check import crc64, crc64_combine, crc64_of_file, crc_accelerated, warn_if_slow_crc

__all__ = [
    "DownloadJob", "DownloadResult", "DownloadProgress", "DownloadError", "crc_accelerated",
    "TEMP_SUFFIX", "DEFAULT_PART_SIZE", "DEFAULT_THREADS",
]

log = logging.getLogger(__name__)

DEFAULT_THREADS = 4
DEFAULT_PART_SIZE = 8 << 20
CHUNK = 256 << 10            # read/write unit: progress granularity and per-thread memory
MIN_CHUNK = 16 << 10         # smallest read after repeated cuts that made no progress
TEMP_SUFFIX = ".tui-export-part"
PROGRESS_INTERVAL = 0.25     # seconds between progress events (the UI wants <= 0.5 s)
CHECKPOINT_INTERVAL = 1.0    # seconds between checkpoint writes while running
RATE_TAU = 3.0               # seconds: time constant of the smoothed rate

# indirection so a test can inject ENOSPC when no small filesystem can be mounted
_pwrite = os.pwrite


class DownloadError(CloudError):
    """A download failed or was refused; a CloudError, so the UI handles it like any other.

    Codes: CrcMismatch, DestinationExists, DiskFull, Cancelled, DownloadInProgress, RemoteChanged,
    NetworkError, WriteFailed, BadResponse. OSS errors (NoSuchKey, AccessDenied, ...) arrive as
    plain CloudError from errors.translate. `path`/`needed` (bytes) are set for DiskFull.
    """

    def __init__(self, code: str, message: str, *, retryable: bool = False, path: str = "",
                 needed: int = 0, operation: str = "download") -> None:
        super().__init__(code, message, retryable=retryable, operation=operation)
        self.path = path
        self.needed = needed

    def __reduce__(self):
        return (_rebuild_download_error, (self.code, self.message, self.retryable, self.path, self.needed))


def _rebuild_download_error(code, message, retryable, path, needed) -> "DownloadError":
    return DownloadError(code, message, retryable=retryable, path=path, needed=needed)


@dataclass(frozen=True)
class DownloadProgress:
    bytes_done: int
    total: int
    rate: float                  # bytes/s, smoothed
    eta: float | None            # seconds; None while the rate is unknown
    resumed_bytes: int           # bytes found on disk when this run started
    state: str                   # "checking" | "downloading" | "verifying" | "done"
    retrying: int = 0            # parts waiting to retry after a cut/5xx (show "reconnecting")

    @property
    def fraction(self) -> float:
        return 1.0 if self.total <= 0 else self.bytes_done / self.total


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    size: int
    crc64: int
    verified: bool               # False only when the object carries no CRC-64 to compare with
    resumed_bytes: int
    already_present: bool = False
    elapsed: float = 0.0


class _Stopped(Exception):
    """A worker noticed the stop flag between chunks."""


class _Transient(Exception):
    """A part attempt failed in a way worth retrying (cut connection, 5xx, timeout, short body)."""


@dataclass
class _Part:
    index: int
    start: int
    length: int
    base_done: int = 0           # bytes written by earlier attempts/runs ...
    base_crc: int = 0            # ... and their CRC
    seg_done: int = 0            # bytes written by the attempt in flight ...
    seg_crc: int = 0             # ... and their CRC (combined into base when it ends)

    @property
    def done(self) -> int:
        return self.base_done + self.seg_done

    def crc(self) -> int:
        if not self.seg_done:
            return self.base_crc
        if not self.base_done:
            return self.seg_crc
        return crc64_combine(self.base_crc, self.seg_crc, self.seg_done)

    def fold(self) -> None:
        self.base_crc = self.crc()
        self.base_done += self.seg_done
        self.seg_done = self.seg_crc = 0


def _oss_error(e: Exception, operation: str) -> CloudError:
    return translate(e, operation=operation)


# errors raised while a response body streams, when the connection is cut or stalls
_STREAM_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException,
                  ConnectionError, TimeoutError)


def _umask() -> int:
    try:  # Linux tells it without changing it (os.umask would, process-wide, for a moment)
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class DownloadJob:
    def __init__(self, bucket: oss2.Bucket, key: str, dest: Path | str, *, state_dir: Path | str | None = None,
                 threads: int = DEFAULT_THREADS, part_size: int = DEFAULT_PART_SIZE, overwrite: bool = False,
                 on_progress: Callable[[DownloadProgress], None] | None = None, max_retries: int = 5,
                 retry_backoff: float = 0.25, preallocate: bool = True) -> None:
        if threads < 1 or part_size < CHUNK:
            raise ValueError(f"threads must be >= 1 and part_size >= {CHUNK}")
        if state_dir is None:
            from .paths import state_dir as default_state_dir
            state_dir = default_state_dir(create=True)
        self.bucket = bucket
        self.key = key
        self.dest = Path(os.path.abspath(dest))
        self.temp = Path(str(self.dest) + TEMP_SUFFIX)
        self.state_dir = Path(state_dir)
        self.checkpoint_path = ckpt.checkpoint_path(self.state_dir, bucket.bucket_name, key, self.dest)
        self.threads = threads
        self.part_size = part_size
        self.overwrite = overwrite
        self.on_progress = on_progress
        self.max_retries = max_retries          # consecutive failed attempts of one part without progress
        self.retry_backoff = retry_backoff      # first delay, doubled per attempt, capped at 5 s
        self.preallocate = preallocate
        self._cancel = threading.Event()
        self._stop = threading.Event()       # cancel, or a part failed: workers stop between chunks
        self._lock = threading.Lock()
        self._reset()

    # --- public ------------------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop soon (workers check between chunks); run() raises DownloadError("Cancelled").

        A cancelled job stays cancelled: make a new DownloadJob to resume (the checkpoint keeps the parts).
        """
        self._cancel.set()
        self._stop.set()
        self._close_streams()

    def _close_streams(self) -> None:
        with self._lock:
            streams = list(self._streams)
        for result in streams:   # unblock reads stalled on a silent connection
            try:
                result.resp.response.close()
            except Exception:
                pass

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
                                  resumed_bytes=self._resumed, elapsed=time.monotonic() - started)

    # --- steps -------------------------------------------------------------------------------

    def _reset(self) -> None:
        # cancel() sets _cancel before _stop, so clearing first can't lose a cancel racing with run()
        self._stop.clear()
        if self._cancel.is_set():
            self._stop.set()
        self._error: BaseException | None = None
        self._parts: list[_Part] = []
        self._queue: list[_Part] = []
        self._streams: set = set()
        self._done = 0
        self._total = 0
        self._resumed = 0
        self._retrying = 0
        self._etag = ""
        self._last_emit = 0.0
        self._rate = 0.0
        self._rate_sample: tuple[float, int] | None = None
        self._fd = -1

    def _head(self):
        delay = self.retry_backoff
        for attempt in range(self.max_retries + 1):
            try:
                return self.bucket.head_object(self.key)
            except oss2.exceptions.OssError as e:
                err = _oss_error(e, "HeadObject")
                if not err.retryable or attempt == self.max_retries:
                    raise err from None
            if self._stop.wait(delay):   # HEAD is idempotent: a blip shouldn't fail the download
                raise DownloadError("Cancelled", f"download of {self.key} cancelled", retryable=True)
            delay = min(delay * 2, 5.0)
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
            part = _Part(i, start, min(cp.part_size, size - start))
            done, pcrc = cp.parts.get(i, (0, 0))
            if 0 < done <= part.length:
                part.base_done, part.base_crc = done, pcrc
            self._parts.append(part)
        self._total = size
        self._etag = cp.etag            # sent unquoted, as oss2 does (api-notes 7.8)
        self._resumed = self._done = sum(p.done for p in self._parts)
        if self._resumed:
            self._check_resumed(cp)
        return cp

    def _check_resumed(self, cp: ckpt.Checkpoint) -> None:
        """Re-read the bytes a checkpoint vouches for: a temp file damaged between runs (power cut,
        disk error, someone's editor) fails here, before more is fetched on top of it."""
        checked = 0
        self._done = 0
        with open(self.temp, "rb") as f:
            for p in self._parts:
                crc, left = 0, p.base_done
                f.seek(p.start)
                while left:
                    data = f.read(min(left, 1 << 20))
                    if not data:
                        break
                    crc = crc64(data, crc)
                    left -= len(data)
                    checked += len(data)
                    self._done = checked
                    self._maybe_emit("checking")
                if left or crc != p.base_crc:
                    self._crc_mismatch(f"part {p.index} of the partial download no longer matches its "
                                       "checkpoint")
        self._done = self._resumed
        self._rate, self._rate_sample = 0.0, None   # disk-read speed is no download rate

    def _crc_mismatch(self, what: str):
        # A bad byte could be anywhere: the record is worthless, start over next time (api-notes 7.9).
        self._close_fd()
        ckpt.discard(self.checkpoint_path)
        self._unlink(self.temp)
        raise DownloadError("CrcMismatch", f"{what} (oss://{self.bucket.bucket_name}/{self.key}); the partial "
                            "download was discarded, run it again to start over", retryable=True,
                            path=str(self.dest))

    def _download(self, cp: ckpt.Checkpoint) -> None:
        self._check_space(cp.size)
        self._fd = os.open(self.temp, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            self._allocate(cp.size)
            self._save(cp)
            self._queue = [p for p in self._parts if p.done < p.length]
            workers = [threading.Thread(target=self._worker, name=f"download-{i}", daemon=True)
                       for i in range(min(self.threads, len(self._queue)))]
            for w in workers:
                w.start()
            last_save = time.monotonic()
            try:
                self._emit("downloading")
                next_emit = time.monotonic() + PROGRESS_INTERVAL
                while True:
                    alive = [w for w in workers if w.is_alive()]
                    if not alive:
                        break
                    alive[0].join(max(0.0, next_emit - time.monotonic()))
                    now = time.monotonic()
                    if now >= next_emit:
                        self._emit("downloading")
                        next_emit = now + PROGRESS_INTERVAL
                    if now - last_save >= CHECKPOINT_INTERVAL:
                        try:
                            self._save(cp)
                        except DownloadError as e:
                            self._fail(e)
                        last_save = now
            except BaseException as e:  # Ctrl-C or a raising progress callback: stop workers, keep the parts
                self._fail(e)
                for w in workers:
                    w.join()
            try:
                self._save(cp)
            except DownloadError as e:
                if self._error is None:
                    raise
                # the disk that refused the data may refuse the record too: the previous one stays
                log.warning("checkpoint of %s not updated: %s", self.key, e)
        except BaseException:
            self._close_fd()
            raise
        if self._error is not None:
            self._close_fd()
            err = self._error
            if isinstance(err, _Stopped) or (self._cancel.is_set() and not isinstance(err, DownloadError)):
                raise DownloadError("Cancelled", f"download of {self.key} cancelled; it will resume from "
                                    f"{human_bytes(self._done)}", retryable=True) from None
            if isinstance(err, Exception) and not isinstance(err, CloudError):
                # anything unforeseen still reaches the UI as one error type, scrubbed
                raise translate(err, operation="download") from err
            raise err
        if self._cancel.is_set():
            self._close_fd()
            raise DownloadError("Cancelled", f"download of {self.key} cancelled", retryable=True)

    def _verify(self, cp: ckpt.Checkpoint) -> int:
        self._emit("verifying")
        crc = 0
        for p in self._parts:
            crc = crc64_combine(crc, p.crc(), p.length)
        if cp.crc64 is None:
            log.warning("oss://%s/%s has no CRC-64: the download cannot be verified", cp.bucket, cp.key)
        elif crc != int(cp.crc64):
            self._crc_mismatch(f"CRC-64 of the download is {crc}, OSS says {cp.crc64}")
        return crc

    def _finish(self, cp: ckpt.Checkpoint) -> None:
        try:
            os.fsync(self._fd)
            # Private while incomplete; the verified file gets the mode any new file
            # gets here (the umask), like curl or cp would give it.
            os.fchmod(self._fd, 0o666 & ~_umask())
        finally:
            self._close_fd()
        os.replace(self.temp, self.dest)
        try:  # make the rename durable
            dfd = os.open(self.dest.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass
        ckpt.discard(self.checkpoint_path)

    # --- disk --------------------------------------------------------------------------------

    def _check_space(self, size: int) -> None:
        try:
            allocated = min(size, os.stat(self.temp).st_blocks * 512)
        except (FileNotFoundError, AttributeError):
            allocated = 0
        needed = size - allocated
        free = shutil.disk_usage(self.dest.parent).free
        if needed > free:
            raise DownloadError("DiskFull", f"not enough space for {self.dest}: {human_bytes(needed)} more needed "
                                f"({needed} bytes), {human_bytes(free)} free", path=str(self.dest), needed=needed,
                                retryable=True)

    def _allocate(self, size: int) -> None:
        if self.preallocate and size and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(self._fd, 0, size)   # reserve the space now: fail early, not at 97 %
                return
            except OSError as e:
                if e.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise self._disk_full(e) from None
                if e.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                    raise
        if os.fstat(self._fd).st_size != size:
            os.ftruncate(self._fd, size)

    def _disk_full(self, e: OSError) -> DownloadError:
        needed = self._total - self._done
        return DownloadError("DiskFull", f"disk full while writing {self.temp} ({e.strerror}): "
                             f"{human_bytes(needed)} still to write; free some space and resume",
                             path=str(self.temp), needed=needed, retryable=True)

    def _write(self, data, offset: int) -> None:
        view = memoryview(data)
        while view:
            try:
                n = _pwrite(self._fd, view, offset)
            except OSError as e:
                if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                    raise self._disk_full(e) from None
                raise DownloadError("WriteFailed", f"cannot write {self.temp}: {e.strerror}",
                                    path=str(self.temp)) from None
            view = view[n:]
            offset += n

    def _close_fd(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    @staticmethod
    def _unlink(path: Path) -> None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass

    def _save(self, cp: ckpt.Checkpoint) -> None:
        # Snapshot, then flush the data, then write the record: the record never claims bytes
        # a power cut could lose (everything it counts was written before the flush).
        with self._lock:
            cp.parts = {p.index: (p.done, p.crc()) for p in self._parts if p.done}
        if self._fd >= 0:
            try:
                os.fdatasync(self._fd) if hasattr(os, "fdatasync") else os.fsync(self._fd)
            except OSError:
                pass
        try:
            ckpt.save(self.checkpoint_path, cp)
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DownloadError("DiskFull", f"disk full while saving the download checkpoint "
                                    f"{self.checkpoint_path} ({e.strerror})", path=str(self.checkpoint_path),
                                    needed=self._total - self._done, retryable=True) from None
            raise DownloadError("WriteFailed", f"cannot write the download checkpoint "
                                f"{self.checkpoint_path}: {e.strerror}", path=str(self.checkpoint_path)) from None

    @contextmanager
    def _exclusive(self):
        """One download per destination at a time, across processes (flock dies with its process)."""
        import fcntl

        path = str(self.temp) + ".lock"
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise DownloadError("DownloadInProgress", f"{self.dest} is already being downloaded "
                                    "by another task or process", path=str(self.dest)) from None
            try:  # the file we locked must still be the one at `path` (a finishing run unlinks it)
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        try:
            yield
        finally:
            self._close_fd()
            self._unlink(Path(path))
            os.close(fd)

    # --- workers -----------------------------------------------------------------------------

    def _fail(self, e: BaseException) -> None:
        with self._lock:
            if self._error is None or isinstance(self._error, _Stopped):
                self._error = e
        self._stop.set()
        if not isinstance(e, _Stopped):
            self._close_streams()

    def _worker(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                if not self._queue:
                    return
                part = self._queue.pop(0)
            try:
                self._fetch_part(part)
            except BaseException as e:
                self._fail(e)
                return

    def _fetch_part(self, part: _Part) -> None:
        failures = 0
        delay = self.retry_backoff
        chunk = CHUNK
        while part.done < part.length:
            if self._stop.is_set():
                raise _Stopped()
            before = part.done
            try:
                self._attempt(part, chunk)
            except _Transient as e:
                if part.done > before:   # progress resets the budget: a body cut every N MB still finishes
                    failures, delay = 0, self.retry_backoff
                elif e.__cause__ is None:
                    # a cut loses the chunk being read: on a link that drops often, read smaller pieces
                    chunk = max(MIN_CHUNK, chunk // 4)
                failures += 1
                if failures > self.max_retries:
                    cause = e.__cause__ if isinstance(e.__cause__, CloudError) else None
                    raise cause or DownloadError(
                        "NetworkError", f"download of {self.key} interrupted ({e}); "
                        f"{human_bytes(self._done)} kept, run again to resume", retryable=True) from None
                log.info("part %d of %s: %s; retry %d in %.2fs", part.index, self.key, e, failures, delay)
                with self._lock:
                    self._retrying += 1
                try:
                    if self._stop.wait(delay):
                        raise _Stopped()
                finally:
                    with self._lock:
                        self._retrying -= 1
                delay = min(delay * 2, 5.0)

    def _attempt(self, part: _Part, chunk: int = CHUNK) -> None:
        first = part.start + part.done
        last = part.start + part.length - 1
        headers = {"If-Match": self._etag, "x-oss-range-behavior": "standard"}
        try:
            result = self.bucket.get_object(self.key, byte_range=(first, last), headers=headers)
        except oss2.exceptions.OssError as e:
            err = _oss_error(e, "GetObject")
            if err.code == "PreconditionFailed":
                ckpt.discard(self.checkpoint_path)   # the object changed under us: next run starts over
                raise DownloadError("RemoteChanged", f"oss://{self.bucket.bucket_name}/{self.key} changed "
                                    "during the download; start it again", retryable=True) from None
            if err.retryable:
                raise _Transient(err.message) from err
            raise err from None
        with self._lock:
            self._streams.add(result)
        offset = first
        try:
            crange = result.headers.get("Content-Range", "")
            if result.status != 206 or not crange.startswith(f"bytes {first}-"):
                raise DownloadError("BadResponse", f"OSS answered range {first}-{last} of {self.key} with "
                                    f"HTTP {result.status} {crange!r}")
            try:
                for data in result.resp.response.iter_content(chunk):
                    if self._stop.is_set():
                        raise _Stopped()
                    if not data:
                        continue
                    n = len(data)
                    if offset + n > last + 1:
                        raise DownloadError("BadResponse", f"OSS sent more than range {first}-{last}")
                    self._write(data, offset)
                    crc = crc64(data, part.seg_crc)
                    with self._lock:
                        part.seg_crc = crc
                        part.seg_done += n
                        self._done += n
                    offset += n
            except (DownloadError, _Stopped):
                raise
            except _STREAM_ERRORS as e:
                if self._stop.is_set():
                    raise _Stopped() from None
                raise _Transient(f"connection cut at byte {offset}: {type(e).__name__}") from None
            except Exception:
                if self._stop.is_set():   # a stream closed under us by cancel() can fail in odd ways
                    raise _Stopped() from None
                raise
            if offset != last + 1:
                raise _Transient(f"body ended at byte {offset}, expected {last + 1}")
        finally:
            with self._lock:
                self._streams.discard(result)
                part.fold()
            result.resp.response.close()

    # --- progress ----------------------------------------------------------------------------

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
        if self.on_progress is not None:
            self.on_progress(DownloadProgress(done, self._total, self._rate, eta, self._resumed, state,
                                              self._retrying))
