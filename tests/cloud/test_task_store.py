"""The local task store: survives relaunches, merges with DescribeTasks, takes concurrent writers."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from session_fixtures import REGION, make_session, new_image, ready, request_for, session, sim  # noqa: F401
from tui_export.cloud.task_store import SCHEMA_VERSION, TaskStore, merge
from tui_export.core.models import Task


@pytest.fixture
def state(tmp_path):
    return tmp_path / "state"


def _export(store: TaskStore, task_id: str, **kw):
    args = dict(account="FAKE*******abc", region_id="cn-hangzhou", image_id="m-1", bucket="exports",
                prefix="nightly", image_format="raw")
    args.update(kw)
    return store.record_export(task_id, **args)


def test_persists_across_relaunch(state):
    with TaskStore(state) as store:
        _export(store, "t-1", created_at=100.0)
        _export(store, "t-2", created_at=200.0, account="demo")
        store.update_status("t-1", "Processing", 45)
        store.update_status("t-2", "Finished", 100, objects=["nightly_m-1_system.raw.tar.gz"])
        store.record_download("t-2", "exports", "nightly_m-1_system.raw.tar.gz", "/tmp/x.tar.gz",
                              checkpoint="/s/downloads/abc.json", state="running", size=10)

    with TaskStore(state) as again:   # a relaunch: new object, same dir
        assert [t.task_id for t in again.tasks()] == ["t-2", "t-1"]   # newest first
        t1 = again.task("t-1")
        assert (t1.status, t1.progress, t1.bucket, t1.prefix, t1.image_format) == (
            "Processing", 45, "exports", "nightly", "raw")
        assert [t.task_id for t in again.unfinished()] == ["t-1"]
        assert [t.task_id for t in again.tasks(account="demo")] == ["t-2"]
        assert again.task("t-2").objects == ("nightly_m-1_system.raw.tar.gz",)
        (d,) = again.downloads("t-2")
        assert (d.key, d.dest, d.checkpoint, d.state, d.size) == (
            "nightly_m-1_system.raw.tar.gz", "/tmp/x.tar.gz", "/s/downloads/abc.json", "running", 10)
        assert again.update_download("exports", d.key, d.dest, state="done", bytes_done=10)
        assert again.downloads("t-2")[0].state == "done"
        assert again.unfinished_downloads() == []
        assert not again.update_status("t-unknown", "Finished", 100)


def test_file_is_wal_and_versioned(state):
    TaskStore(state).close()
    conn = sqlite3.connect(state / "tasks.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(RuntimeError, match="newer"):
        TaskStore(state)


def test_recording_twice_keeps_one_row_and_status(state):
    with TaskStore(state) as store:
        _export(store, "t-1")
        store.update_status("t-1", "Processing", 10)
        _export(store, "t-1")
        (t,) = store.tasks()
        assert (t.prefix, t.status, t.progress) == ("nightly", "Processing", 10)


def test_merge_fills_remote_with_local_knowledge(state):
    with TaskStore(state) as store:
        _export(store, "t-local", created_at=300.0)
        _export(store, "t-both", created_at=100.0, prefix="mine", image_format="qcow2")
        local = store.tasks()
    remote = [
        Task("t-both", "cn-hangzhou", status="Finished", progress=100, creation_time="2015-11-24T12:50Z",
             resource_id="m-1"),
        Task("t-elsewhere", "cn-hangzhou", status="Processing", progress=None,
             creation_time="2026-11-27T03:00Z", resource_id="m-9", oss_bucket="their-bucket"),
        Task("t-import", "cn-hangzhou", action="ImportImage", status="Finished"),
    ]
    merged = {r.task_id: r for r in merge(local, remote)}
    assert set(merged) == {"t-local", "t-both", "t-elsewhere"}
    both = merged["t-both"]
    assert (both.status, both.progress, both.prefix, both.image_format, both.bucket, both.origin) == (
        "Finished", 100, "mine", "qcow2", "exports", "both")
    other = merged["t-elsewhere"]
    assert (other.origin, other.bucket, other.image_id, other.status) == (
        "remote", "their-bucket", "m-9", "Processing")
    assert other.created_at > 1_700_000_000
    assert merged["t-local"].origin == "local"
    assert [r.task_id for r in merge(local, remote)][0] == "t-elsewhere"   # newest first



def test_relaunch_merges_with_describe_tasks_of_the_embedded_cloud(state, ready, sim):
    """Ours recorded, the process gone, one more export started elsewhere: the relaunched
    store plus DescribeTasks (through the SDK) show both, and ours is watched again."""
    mine, theirs = new_image(sim), new_image(sim)
    mine_req = request_for(mine, prefix="mine")
    mine_id = ready.export(mine_req)
    with TaskStore(state) as store:
        store.record_export(mine_id, account="demo", region_id=REGION, image_id=mine.image_id,
                            bucket=mine_req.bucket, prefix="mine")
    theirs_id = make_session(sim).export(request_for(theirs, prefix="theirs"))

    with TaskStore(state) as relaunched:
        assert [t.task_id for t in relaunched.unfinished("demo")] == [mine_id]
        merged = {r.task_id: r for r in merge(relaunched.tasks("demo"), ready.tasks(REGION))}
        assert (merged[mine_id].origin, merged[mine_id].prefix) == ("both", "mine")
        assert merged[mine_id].status in ("Waiting", "Processing")
        assert (merged[theirs_id].origin, merged[theirs_id].image_id) == ("remote", theirs.image_id)

        sim.world.finish_task(mine_id)
        task = ready.task(REGION, mine_id)
        relaunched.update_status(mine_id, task.status, task.progress, task.oss_objects)
        assert relaunched.unfinished("demo") == []
        assert relaunched.task(mine_id).objects == tuple(task.oss_objects) != ()


def test_concurrent_writers_from_threads(state):
    store = TaskStore(state)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(40):
                tid = f"t-{n}-{i}"
                _export(store, tid)
                store.update_status(tid, "Processing", i)
                store.record_download(tid, "exports", f"k{i}", f"/d/{n}/{i}", state="running")
                store.tasks()
        except BaseException as e:  # pragma: no cover - shown by the assert
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.tasks()) == 240
    assert len(store.downloads()) == 240
    store.close()
    # and a second store object (another process's view) writing while the first is open
    a, b = TaskStore(state), TaskStore(state)
    _export(a, "t-a")
    _export(b, "t-b")
    assert {"t-a", "t-b"} <= {t.task_id for t in a.tasks()}
    a.close()
    b.close()


_WRITER = """
import sys
from tui_export.cloud.task_store import TaskStore
store = TaskStore(sys.argv[1])
for i in range(50):
    store.record_export(f"t-{sys.argv[2]}-{i}", account="a", region_id="cn-hangzhou", image_id="m-1",
                        bucket="b")
    store.update_status(f"t-{sys.argv[2]}-{i}", "Processing", i)
store.close()
"""


def test_concurrent_writers_from_processes(state):
    import os
    import subprocess
    import sys
    from pathlib import Path

    TaskStore(state).close()
    repo = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(repo))
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(state), str(n)], env=env)
             for n in range(3)]
    assert [p.wait(60) for p in procs] == [0, 0, 0]
    with TaskStore(state) as store:
        assert len(store.tasks()) == 150


def test_in_memory_store_is_one_database_for_every_thread_and_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = TaskStore(memory=True)
    assert store.in_memory and store.path is None
    written = threading.Thread(target=lambda: _export(store, "t-1"))
    written.start()
    written.join()
    store.save_job("j-1", account="demo", task_id="t-1", stage="exporting", journal="queued")
    assert [t.task_id for t in store.tasks()] == ["t-1"]             # seen from this thread too
    assert [r["job_id"] for r in store.job_rows("demo")] == ["j-1"]
    assert list(tmp_path.iterdir()) == []                            # nothing on disk
    store.close()
    assert store.tasks() == []        # closed: gone (a late writer gets fresh tables, not an error)
