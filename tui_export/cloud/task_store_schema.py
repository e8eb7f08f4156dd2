"""The task store's SQLite schema: one migration per version, applied in order to older files
(the version lives in `PRAGMA user_version`; task_store.TaskStore._migrate runs them)."""

MIGRATIONS = [
    # version 1
    """
    CREATE TABLE tasks (
        task_id      TEXT PRIMARY KEY,
        account      TEXT NOT NULL DEFAULT '',
        region_id    TEXT NOT NULL DEFAULT '',
        image_id     TEXT NOT NULL DEFAULT '',
        bucket       TEXT NOT NULL DEFAULT '',
        prefix       TEXT NOT NULL DEFAULT '',
        image_format TEXT NOT NULL DEFAULT '',
        status       TEXT NOT NULL DEFAULT '',
        progress     INTEGER,
        objects      TEXT NOT NULL DEFAULT '[]',
        created_at   REAL NOT NULL,
        updated_at   REAL NOT NULL
    );
    CREATE INDEX tasks_account ON tasks(account, created_at);
    CREATE TABLE downloads (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id     TEXT NOT NULL DEFAULT '',
        bucket      TEXT NOT NULL,
        key         TEXT NOT NULL,
        dest        TEXT NOT NULL,
        checkpoint  TEXT NOT NULL DEFAULT '',
        state       TEXT NOT NULL DEFAULT 'pending',
        size        INTEGER NOT NULL DEFAULT 0,
        bytes_done  INTEGER NOT NULL DEFAULT 0,
        created_at  REAL NOT NULL,
        updated_at  REAL NOT NULL,
        UNIQUE (bucket, key, dest)
    );
    CREATE INDEX downloads_task ON downloads(task_id);
    """,
    # version 2: the job engine's journal (tui_export/jobs): one row per job, one line per step
    """
    CREATE TABLE jobs (
        job_id        TEXT PRIMARY KEY,
        account       TEXT NOT NULL DEFAULT '',
        region_id     TEXT NOT NULL DEFAULT '',
        image_id      TEXT NOT NULL DEFAULT '',
        bucket        TEXT NOT NULL DEFAULT '',
        prefix        TEXT NOT NULL DEFAULT '',
        image_format  TEXT NOT NULL DEFAULT '',
        task_id       TEXT NOT NULL DEFAULT '',
        stage         TEXT NOT NULL DEFAULT 'queued',
        status        TEXT NOT NULL DEFAULT '',
        progress      INTEGER,
        download_dir  TEXT NOT NULL DEFAULT '',
        cleanup       INTEGER NOT NULL DEFAULT 0,
        error         TEXT NOT NULL DEFAULT '',
        created_at    REAL NOT NULL,
        updated_at    REAL NOT NULL
    );
    CREATE INDEX jobs_account ON jobs(account, created_at);
    CREATE INDEX jobs_task ON jobs(task_id);
    CREATE TABLE job_journal (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id  TEXT NOT NULL,
        at      REAL NOT NULL,
        stage   TEXT NOT NULL,
        detail  TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX job_journal_job ON job_journal(job_id, id);
    """,
    # version 3: what a job's download becomes (issue #11), so a resumed download still converts
    """
    ALTER TABLE jobs ADD COLUMN convert_format TEXT NOT NULL DEFAULT '';
    ALTER TABLE jobs ADD COLUMN keep_archive INTEGER NOT NULL DEFAULT 0
    """,
    # version 4: which objects a job downloads (a JSON list of keys; '' = every object of the task),
    # so a relaunch resumes a one-object download as one object
    """
    ALTER TABLE jobs ADD COLUMN download_keys TEXT NOT NULL DEFAULT ''
    """,
    # version 5: the image's export tasks noted right before a job's ExportImage (a JSON list; ''
    # = not noted yet), so a run killed before the answer lets the next one find the task it
    # started, even one that has finished since (cloud/session_export.py)
    """
    ALTER TABLE jobs ADD COLUMN tasks_before TEXT NOT NULL DEFAULT ''
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
