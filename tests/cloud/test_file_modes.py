"""The task store (with SQLite's -wal/-shm) and the log are 0600 whatever the folder's mode
and the umask: a state dir the user pointed at a shared 0755 folder, umask 022, must not
make them readable to others."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from tui_export.cloud.log_file import log_file_path, open_log_handler
from tui_export.cloud.task_store import DB_NAME, TaskStore



def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_dir(tmp_path):
    """A 0755 folder, created under umask 022 (the usual defaults), umask kept for the test."""
    old = os.umask(0o022)
    try:
        d = tmp_path / "shared-state"
        d.mkdir()
        d.chmod(0o755)
        yield d
    finally:
        os.umask(old)


def test_task_store_and_its_wal_files_are_private(open_dir):
    with TaskStore(open_dir) as store:
        store.record_export("t-mode0001", account="demo", region_id="cn-hangzhou",
                            image_id="m-bp1demoweb0000000001", bucket="b", prefix="p")
        files = sorted(p.name for p in open_dir.iterdir())
        assert {DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"} <= set(files)   # WAL is on
        assert {name: mode(open_dir / name) for name in files} == {name: 0o600 for name in files}
    assert mode(open_dir) == 0o755           # the user's folder is left as it was


def test_an_older_readable_store_is_tightened_on_open(open_dir):
    with TaskStore(open_dir) as store:
        store.record_export("t-mode0002", account="demo", region_id="cn-hangzhou",
                            image_id="m-bp1demoweb0000000001", bucket="b")
    db = open_dir / DB_NAME
    db.chmod(0o644)                          # what earlier versions left
    with TaskStore(open_dir) as store:
        assert store.task("t-mode0002") is not None
        assert mode(db) == 0o600
        assert all(mode(p) == 0o600 for p in open_dir.glob(DB_NAME + "-*"))


def test_log_file_is_private(open_dir):
    handler = open_log_handler(open_dir)
    logger = logging.getLogger("tui_export.test.modes")
    logger.addHandler(handler)
    try:
        logger.warning("a line")
    finally:
        logger.removeHandler(handler)
        handler.close()
    path = log_file_path(open_dir)
    assert "a line" in path.read_text(encoding="utf-8")
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700        # the logs folder is ours: created private
