"""One `--demo` launch's own folder, <state>/demo/<run id>/, kept while that launch runs.

Why: the demo cloud starts fresh each launch, so its task store and object files are
throwaway; but two launches on one HOME must never delete each other's, and a launch
killed with `kill -9` leaves its folder behind.

How: each launch holds an OS lock (flock; msvcrt on Windows) on <state>/demo/<run id>.lock
for its whole life. The kernel drops that lock when the process ends, however it ends,
so a lock file nobody holds is stale by definition: no pid guessing, and a stale lock
never blocks anything. At start, folders whose lock can be taken are removed; folders
whose lock is held belong to a running launch and are left alone.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from pathlib import Path

from tui_export.cloud import paths

log = logging.getLogger("tui_export.cloud")

LOCK_SUFFIX = ".lock"
# what launches before per-run folders left directly in <state>/demo
_LEGACY_FILES = ("tasks.sqlite3", "tasks.sqlite3-wal", "tasks.sqlite3-shm", "tasks.sqlite3-journal")


class DemoRun:
    """The folder of this launch; `close()` removes it. Use `DemoRun.start(root)`."""

    def __init__(self, root: Path, run_id: str, lock_fd: int) -> None:
        self.root = root
        self.run_id = run_id
        self.path = root / run_id
        self.lock_path = root / (run_id + LOCK_SUFFIX)
        self._fd = lock_fd

    @classmethod
    def start(cls, root: Path | str) -> "DemoRun":
        """Claim a new run folder under `root`, then sweep what dead launches left there.

        Raises OSError when `root` can't be written."""
        root = paths.ensure_private_dir(Path(root))
        run_id, fd = _claim_lock(root)
        run = cls(root, run_id, fd)
        try:
            run.path.mkdir(mode=0o700)
        except BaseException:
            run.close()
            raise
        removed = sweep_stale(root, keep=run_id)
        if removed:
            log.info("removed %d demo folder(s) left by ended launches", len(removed))
        return run

    @property
    def active(self) -> bool:
        return self._fd >= 0

    def close(self) -> None:
        """Remove this launch's folder and release its lock (the folder first: a lock file
        without its folder is what a sweeper treats as gone)."""
        if self._fd < 0:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        _unlink(self.lock_path)
        fd, self._fd = self._fd, -1
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> "DemoRun":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DemoRun({str(self.path)!r}, active={self.active})"


def sweep_stale(root: Path | str, *, keep: str = "") -> list[str]:
    """Remove run folders (and their lock files) whose lock no live process holds; return
    their names. Folders of running launches, and anything unknown, are left alone."""
    root = Path(root)
    removed: list[str] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if name in (keep, keep + LOCK_SUFFIX):
            continue
        if name.endswith(LOCK_SUFFIX):
            if _remove_if_unlocked(root, name[: -len(LOCK_SUFFIX)]):
                removed.append(name[: -len(LOCK_SUFFIX)])
        elif entry.is_dir() and not entry.is_symlink():
            # A folder is made after its lock is held and removed before its lock file goes:
            # without a lock file it is the rest of an interrupted clean-up.
            if not (root / (name + LOCK_SUFFIX)).exists():
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(name)
        elif name in _LEGACY_FILES:
            _unlink(entry)
    return removed


def _remove_if_unlocked(root: Path, run_id: str) -> bool:
    lock_path = root / (run_id + LOCK_SUFFIX)
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return False                      # a running launch holds it
        if not _same_file(fd, lock_path):
            return False                      # another sweeper removed it meanwhile
        shutil.rmtree(root / run_id, ignore_errors=True)
        _unlink(lock_path)
        return True
    finally:
        os.close(fd)                          # closing drops our lock too


def _claim_lock(root: Path) -> tuple[str, int]:
    for _ in range(100):
        run_id = f"{os.getpid()}-{secrets.token_hex(4)}"
        lock_path = root / (run_id + LOCK_SUFFIX)
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        # Between the create and the lock a sweeper may take it for a dead launch's and
        # remove it: then the lock is on a file no longer at that path, and we try anew.
        if _try_lock(fd) and _same_file(fd, lock_path):
            return run_id, fd
        os.close(fd)
    raise OSError(f"could not create a demo lock in {root}")


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


try:
    import fcntl
except ImportError:   # Windows
    fcntl = None


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            import msvcrt
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            import msvcrt
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    except OSError:
        pass
