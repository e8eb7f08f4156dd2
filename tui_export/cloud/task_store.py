"""Local memory of the export tasks started from this machine, and of their downloads (issue #3 §7).

Why: DescribeTasks knows ids, status and times, but not the bucket, prefix and
format an export wrote to, and nothing about downloads; after a relaunch the
app needs those to keep watching unfinished tasks and resume downloads.

SQLite `tasks.sqlite3` in the state dir, WAL (readers never block the writer),
one connection behind a lock for this process's threads, `BEGIN IMMEDIATE` +
`busy_timeout` for writers in other processes (a second app window). The schema version lives in `PRAGMA user_version`; `MIGRATIONS`
(task_store_schema.py) upgrade older files step by step. The records and the merge with the
API's tasks: task_records.py.

`account` is a label or a masked AccessKeyId (credentials.mask_key_id): never a secret.

`TaskStore(memory=True)`: the same store in SQLite's ":memory:" database, for an app whose
state folder can't hold the file (refused, disk full, read-only HOME). The store has one
connection, and a memory database is that connection's own, so every thread sees the same
tables; nothing is written anywhere (a temp file would fail on the same full disk and be left
behind by a kill -9); it all goes when the app ends. `path` is None then.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Iterable

from tui_export.cloud.task_records import (DOWNLOAD_STATES, DownloadRecord, TaskRecord, TaskRecordConflict,
                                           merge)
from tui_export.cloud.task_store_schema import MIGRATIONS, SCHEMA_VERSION

DB_NAME = "tasks.sqlite3"

__all__ = ["TaskStore", "TaskRecord", "TaskRecordConflict", "DownloadRecord", "DOWNLOAD_STATES", "merge",
           "DB_NAME", "SCHEMA_VERSION"]


class TaskStore:
    def __init__(self, state_dir: Path | str | None = None, *, memory: bool = False) -> None:
        # One connection behind a lock, not one per thread: Textual starts a new thread per
        # worker, and per-thread connections would pile up for the app's lifetime.
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self.path: Path | None = None
        if memory:
            self._conn()   # a memory database starts empty: _conn makes its tables
            return
        if state_dir is None:
            from .paths import state_dir as default_state_dir
            state_dir = default_state_dir(create=True)
        self.path = Path(state_dir) / DB_NAME
        _create_private(self.path)
        self._migrate()

    @property
    def in_memory(self) -> bool:
        """True for a store that is gone when the app ends (no file: see the module's doc)."""
        return self.path is None

    # --- connections -------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so writers of other
            # processes queue on busy_timeout instead of failing on a read->write upgrade.
            where = ":memory:" if self.path is None else self.path
            conn = sqlite3.connect(where, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")   # (a memory database keeps its own "memory" mode)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._db = conn
            if self.path is None:   # new and empty (also after close(): an engine thread late at exit)
                self._migrate()
        return self._db

    def _write(self, sql: str, args: Iterable = ()) -> sqlite3.Cursor:
        with self._lock:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                cur = conn.execute(sql, tuple(args))
                conn.execute("COMMIT")
                return cur
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, args: Iterable = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn().execute(sql, tuple(args)).fetchall()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                try:
                    self._db.close()
                except sqlite3.Error:
                    pass
                self._db = None

    def __enter__(self) -> "TaskStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        with self._lock:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise RuntimeError(f"{self.path or ':memory:'} was written by a newer tui-export (schema {version}); "
                                       "update the app")
                for step in range(version, SCHEMA_VERSION):
                    for stmt in MIGRATIONS[step].split(";"):
                        if stmt.strip():
                            conn.execute(stmt)
                    conn.execute(f"PRAGMA user_version={step + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                self.close()
                raise

    # --- tasks -------------------------------------------------------------------------------

    def record_export(self, task_id: str, *, account: str, region_id: str, image_id: str, bucket: str,
                      prefix: str = "", image_format: str = "raw", status: str = "Waiting",
                      progress: int | None = None, created_at: float | None = None) -> TaskRecord:
        """Remember the request a task was started with.

        The same task recorded again with the same request keeps its one row. A row is
        never rewritten with another request's fields (a task id answered for the wrong
        request must not relabel the real task): TaskRecordConflict, the row untouched.
        """
        now = time.time()
        created = now if created_at is None else created_at
        identity = (region_id, image_id, bucket, prefix, image_format)
        with self._lock:
            cur = self._write(
                """INSERT INTO tasks (task_id, account, region_id, image_id, bucket, prefix, image_format,
                                      status, progress, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(task_id) DO UPDATE SET updated_at=excluded.updated_at,
                       account=CASE WHEN tasks.account='' THEN excluded.account ELSE tasks.account END
                   WHERE tasks.region_id=excluded.region_id AND tasks.image_id=excluded.image_id
                     AND tasks.bucket=excluded.bucket AND tasks.prefix=excluded.prefix
                     AND tasks.image_format=excluded.image_format""",
                (task_id, account, *identity, status, progress, created, now))
            if cur.rowcount == 0:
                kept = self.task(task_id)
                raise TaskRecordConflict(task_id, kept)
        return self.task(task_id)  # type: ignore[return-value]

    def update_status(self, task_id: str, status: str, progress: int | None = None,
                      objects: Iterable[str] | None = None) -> bool:
        """Record what the API said last; False when the task isn't known here."""
        args: list = [status, progress, time.time()]
        extra = ""
        if objects is not None:
            extra = ", objects=?"
            args.append(json.dumps(list(objects)))
        cur = self._write(f"UPDATE tasks SET status=?, progress=?, updated_at=?{extra} WHERE task_id=?",
                          (*args, task_id))
        return cur.rowcount > 0

    def task(self, task_id: str) -> TaskRecord | None:
        rows = self._read("SELECT * FROM tasks WHERE task_id=?", (task_id,))
        return _task(rows[0]) if rows else None

    def tasks(self, account: str | None = None) -> list[TaskRecord]:
        """Newest first; all accounts when `account` is None."""
        if account is None:
            rows = self._read("SELECT * FROM tasks ORDER BY created_at DESC, task_id")
        else:
            rows = self._read("SELECT * FROM tasks WHERE account=? ORDER BY created_at DESC, task_id",
                              (account,))
        return [_task(r) for r in rows]

    def unfinished(self, account: str | None = None) -> list[TaskRecord]:
        """Tasks whose last known status isn't final: watch them again after a relaunch."""
        return [t for t in self.tasks(account) if not t.finished]

    def forget(self, task_id: str) -> None:
        self._write("DELETE FROM tasks WHERE task_id=?", (task_id,))

    # --- downloads ---------------------------------------------------------------------------

    def record_download(self, task_id: str, bucket: str, key: str, dest: str, *, checkpoint: str = "",
                        state: str = "pending", size: int = 0, bytes_done: int = 0) -> DownloadRecord:
        if state not in DOWNLOAD_STATES:
            raise ValueError(f"unknown download state {state!r}")
        now = time.time()
        self._write(
            """INSERT INTO downloads (task_id, bucket, key, dest, checkpoint, state, size, bytes_done,
                                      created_at, updated_at)
               VALUES (?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(bucket, key, dest) DO UPDATE SET task_id=excluded.task_id,
                   checkpoint=excluded.checkpoint, state=excluded.state, size=excluded.size,
                   bytes_done=excluded.bytes_done, updated_at=excluded.updated_at""",
            (task_id, bucket, key, str(dest), str(checkpoint), state, size, bytes_done, now, now))
        return self.download(bucket, key, dest)  # type: ignore[return-value]

    def update_download(self, bucket: str, key: str, dest: str, *, state: str | None = None,
                        bytes_done: int | None = None) -> bool:
        if state is not None and state not in DOWNLOAD_STATES:
            raise ValueError(f"unknown download state {state!r}")
        cur = self._write(
            """UPDATE downloads SET state=COALESCE(?, state), bytes_done=COALESCE(?, bytes_done), updated_at=?
               WHERE bucket=? AND key=? AND dest=?""",
            (state, bytes_done, time.time(), bucket, key, str(dest)))
        return cur.rowcount > 0

    def download(self, bucket: str, key: str, dest: str) -> DownloadRecord | None:
        rows = self._read("SELECT * FROM downloads WHERE bucket=? AND key=? AND dest=?",
                          (bucket, key, str(dest)))
        return _download(rows[0]) if rows else None

    def downloads(self, task_id: str | None = None) -> list[DownloadRecord]:
        if task_id is None:
            rows = self._read("SELECT * FROM downloads ORDER BY created_at, id")
        else:
            rows = self._read("SELECT * FROM downloads WHERE task_id=? ORDER BY created_at, id", (task_id,))
        return [_download(r) for r in rows]

    def unfinished_downloads(self) -> list[DownloadRecord]:
        return [d for d in self.downloads() if d.state not in ("done",)]

    # --- jobs (the job engine's journal) -----------------------------------------------------

    _JOB_FIELDS = ("account", "region_id", "image_id", "bucket", "prefix", "image_format", "task_id", "stage",
                   "status", "progress", "download_dir", "cleanup", "error", "convert_format", "keep_archive",
                   "download_keys", "tasks_before")

    def save_job(self, job_id: str, *, journal: str | None = None, **fields) -> None:
        """Insert or update one job row; `journal` (a step's detail) also appends a journal line
        with the row's stage, in the same transaction, so the row and its history never disagree."""
        unknown = set(fields) - set(self._JOB_FIELDS)
        if unknown:
            raise ValueError(f"unknown job fields {sorted(unknown)}")
        now = time.time()
        cols = list(fields)
        with self._lock:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    f"INSERT INTO jobs (job_id, created_at, updated_at{''.join(', ' + c for c in cols)}) "
                    f"VALUES (?, ?, ?{', ?' * len(cols)}) ON CONFLICT(job_id) DO UPDATE SET updated_at=excluded.updated_at"
                    f"{''.join(f', {c}=excluded.{c}' for c in cols)}",
                    (job_id, now, now, *(fields[c] for c in cols)))
                if journal is not None:
                    stage = conn.execute("SELECT stage FROM jobs WHERE job_id=?", (job_id,)).fetchone()[0]
                    conn.execute("INSERT INTO job_journal (job_id, at, stage, detail) VALUES (?,?,?,?)",
                                 (job_id, now, stage, journal))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def job_rows(self, account: str | None = None) -> list[dict]:
        """Job rows (dicts), oldest first; all accounts when `account` is None."""
        if account is None:
            rows = self._read("SELECT * FROM jobs ORDER BY created_at, job_id")
        else:
            rows = self._read("SELECT * FROM jobs WHERE account=? ORDER BY created_at, job_id", (account,))
        return [dict(r) for r in rows]

    def job_row(self, job_id: str) -> dict | None:
        rows = self._read("SELECT * FROM jobs WHERE job_id=?", (job_id,))
        return dict(rows[0]) if rows else None

    def job_journal(self, job_id: str) -> list[tuple[float, str, str]]:
        """(when, stage, detail) of every step of a job, in order."""
        rows = self._read("SELECT at, stage, detail FROM job_journal WHERE job_id=? ORDER BY id", (job_id,))
        return [(r["at"], r["stage"], r["detail"]) for r in rows]


def _create_private(db: Path) -> None:
    """The database and its -wal/-shm/-journal are 0600 whatever the umask and the folder's
    mode: they name images, buckets and accounts. SQLite gives the files it creates beside
    the database the database's own mode, so creating that one 0600 is enough; older
    looser files are tightened."""
    from .paths import ensure_private_dir, ensure_private_file

    ensure_private_dir(db.parent)
    ensure_private_file(db)
    for suffix in ("-wal", "-shm", "-journal"):
        try:
            side = db.with_name(db.name + suffix)
            if side.stat().st_mode & 0o077:
                os.chmod(side, 0o600)
        except OSError:   # not there (the usual case), or not ours to change
            pass


def _task(row: sqlite3.Row) -> TaskRecord:
    try:
        objects = tuple(json.loads(row["objects"] or "[]"))
    except ValueError:
        objects = ()
    return TaskRecord(task_id=row["task_id"], region_id=row["region_id"], account=row["account"],
                      image_id=row["image_id"], bucket=row["bucket"], prefix=row["prefix"],
                      image_format=row["image_format"], status=row["status"], progress=row["progress"],
                      objects=objects, created_at=row["created_at"], updated_at=row["updated_at"])


def _download(row: sqlite3.Row) -> DownloadRecord:
    return DownloadRecord(task_id=row["task_id"], bucket=row["bucket"], key=row["key"], dest=row["dest"],
                          checkpoint=row["checkpoint"], state=row["state"], size=row["size"],
                          bytes_done=row["bytes_done"], created_at=row["created_at"],
                          updated_at=row["updated_at"])
