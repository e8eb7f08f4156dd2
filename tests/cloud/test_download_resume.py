"""Resuming: cut connections (inside the run and on the next run), a killed process,
a corrupted temp file (CRC mismatch), and a remote object that changed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from download_fixtures import BUCKET, MiB, oss_sim, same_bytes, sim  # noqa: F401  (fixtures)
from tui_export.cloud import download_checkpoint as ckpt
from tui_export.cloud.download import TEMP_SUFFIX, DownloadError, DownloadJob
from tui_export.cloud.errors import CloudError

from tests.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]


def _job(sim, key, dest, state, **kw):
    kw.setdefault("retry_backoff", 0.01)
    return DownloadJob(sim.bucket(), key, dest, state_dir=state, **kw)


def _checkpoint(state, key, dest):
    return ckpt.load(ckpt.checkpoint_path(state, BUCKET, key, dest))


def test_cut_bodies_resume_inside_the_run(sim, tmp_path):
    sim.put("cut/obj", 24 * MiB)
    sim.faults.update(drop_after=3 * MiB)       # every response dies after 3 MiB
    before = sim.server.requests["GetObject"]
    result = _job(sim, "cut/obj", tmp_path / "obj", tmp_path / "state", part_size=8 * MiB).run()
    assert result.verified and same_bytes(tmp_path / "obj", sim.body_path("cut/obj"))
    # each 8 MiB part needed 3 ranged GETs, each continuing where the last was cut
    assert sim.server.requests["GetObject"] - before == 9


def test_retries_exhausted_then_the_next_run_resumes(sim, tmp_path):
    sim.put("cut2/obj", 32 * MiB)
    sim.faults.update(drop_after=3 * MiB)
    dest, state = tmp_path / "obj", tmp_path / "state"
    job = _job(sim, "cut2/obj", dest, state, part_size=8 * MiB, max_retries=0)
    with pytest.raises(DownloadError) as exc:
        job.run()
    assert exc.value.code == "NetworkError" and exc.value.retryable
    cp = _checkpoint(state, "cut2/obj", dest)
    assert cp is not None and cp.done_bytes >= 3 * MiB   # the bytes before the cut are kept
    assert not dest.exists()

    sim.faults.clear()
    result = job.run()                                   # the same job, called again
    assert result.verified and result.resumed_bytes == cp.done_bytes
    assert same_bytes(dest, sim.body_path("cut2/obj"))
    assert _checkpoint(state, "cut2/obj", dest) is None


def test_server_errors_are_retried(sim, tmp_path):
    sim.put("5xx/obj", 4 * MiB)
    sim.faults.update(server_error=0.5, only={"GetObject"}, seed=7)
    result = _job(sim, "5xx/obj", tmp_path / "obj", tmp_path / "state", part_size=1 * MiB,
                  max_retries=10).run()
    assert result.verified


_CHILD = textwrap.dedent("""
    import sys, oss2
    from tui_export.cloud.download import DownloadJob
    endpoint, ak, sk, bucket, key, dest, state = sys.argv[1:]
    b = oss2.Bucket(oss2.Auth(ak, sk), endpoint, bucket)
    DownloadJob(b, key, dest, state_dir=state, threads=2, part_size=1 << 20).run()
    print("finished")
""")


def test_killed_process_resumes_from_its_checkpoint(sim, tmp_path):
    sim.put("kill/obj", 24 * MiB)
    sim.faults.update(bandwidth=3.0)            # ~6 MB/s over 2 connections: ~4 s in all
    dest, state = tmp_path / "obj", tmp_path / "state"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, sim.endpoint, sim.access_key_id, sim.access_key_secret, BUCKET,
         "kill/obj", str(dest), str(state)], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        def checkpointed() -> bool:
            assert child.poll() is None, child.communicate()
            cp = _checkpoint(state, "kill/obj", dest)
            return cp is not None and cp.done_bytes >= 6 * MiB
        wait_until(checkpointed, timeout=30, what="the child to checkpoint 6 MiB")
        child.send_signal(signal.SIGKILL)       # no cleanup, no final checkpoint write
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    killed_at = _checkpoint(state, "kill/obj", dest).done_bytes
    assert killed_at < 24 * MiB and Path(str(dest) + TEMP_SUFFIX).exists()

    sim.faults.clear()
    result = _job(sim, "kill/obj", dest, state, threads=2, part_size=1 * MiB).run()
    assert result.verified and result.resumed_bytes == killed_at
    assert same_bytes(dest, sim.body_path("kill/obj"))


def _partial(sim, key, dest, state, at):
    """Run until `at` bytes are done, then cancel: leaves a checkpoint and a temp file."""
    sim.faults.update(bandwidth=4.0)
    job = _job(sim, key, dest, state, threads=2, part_size=1 * MiB)
    job.on_progress = lambda ev: job.cancel() if ev.bytes_done >= at else None
    with pytest.raises(DownloadError, match="Cancelled"):
        job.run()
    sim.faults.clear()
    return _checkpoint(state, key, dest)


def test_corrupted_done_part_fails_crc_then_starts_over(sim, tmp_path):
    sim.put("crc/obj", 12 * MiB)
    dest, state = tmp_path / "obj", tmp_path / "state"
    cp = _partial(sim, "crc/obj", dest, state, 3 * MiB)
    done_part = next(i for i, (done, _) in cp.parts.items() if done == 1 * MiB)
    temp = Path(str(dest) + TEMP_SUFFIX)
    with open(temp, "r+b") as f:               # flip one byte inside a finished part
        f.seek(done_part * MiB + 12345)
        byte = f.read(1)
        f.seek(done_part * MiB + 12345)
        f.write(bytes([byte[0] ^ 0xFF]))

    with pytest.raises(DownloadError) as exc:
        _job(sim, "crc/obj", dest, state, threads=2, part_size=1 * MiB).run()
    assert exc.value.code == "CrcMismatch" and exc.value.retryable
    assert _checkpoint(state, "crc/obj", dest) is None      # not poisoned (docs/api.md)
    assert not temp.exists() and not dest.exists()

    result = _job(sim, "crc/obj", dest, state, threads=2, part_size=1 * MiB).run()
    assert result.verified and result.resumed_bytes == 0
    assert same_bytes(dest, sim.body_path("crc/obj"))


def test_changed_remote_object_restarts_from_zero(sim, tmp_path):
    sim.put("chg/obj", 8 * MiB, seed="one")
    dest, state = tmp_path / "obj", tmp_path / "state"
    cp = _partial(sim, "chg/obj", dest, state, 2 * MiB)
    assert cp.done_bytes >= 2 * MiB
    sim.put("chg/obj", 8 * MiB, seed="two")              # same key and size, new content (etag)
    result = _job(sim, "chg/obj", dest, state, threads=2, part_size=1 * MiB).run()
    assert result.verified and result.resumed_bytes == 0
    assert result.crc64 == sim.crc("chg/obj")
    assert same_bytes(dest, sim.body_path("chg/obj"))


def test_checkpoint_part_size_wins_on_resume(sim, tmp_path):
    sim.put("ps/obj", 6 * MiB)
    dest, state = tmp_path / "obj", tmp_path / "state"
    cp = _partial(sim, "ps/obj", dest, state, 2 * MiB)
    result = _job(sim, "ps/obj", dest, state, part_size=4 * MiB).run()
    assert result.verified and result.resumed_bytes == cp.done_bytes


def test_wrong_checkpoint_fails_crc_then_starts_over(sim, tmp_path):
    sim.put("crc2/obj", 6 * MiB)
    dest, state = tmp_path / "obj", tmp_path / "state"
    cp = _partial(sim, "crc2/obj", dest, state, 2 * MiB)
    i, (done, crc) = next(iter(cp.parts.items()))
    cp.parts[i] = (done, crc ^ 1)                       # the record lies about a part
    ckpt.save(ckpt.checkpoint_path(state, BUCKET, "crc2/obj", dest), cp)
    with pytest.raises(DownloadError, match="CrcMismatch"):
        _job(sim, "crc2/obj", dest, state, threads=2, part_size=1 * MiB).run()
    assert _checkpoint(state, "crc2/obj", dest) is None
    assert _job(sim, "crc2/obj", dest, state).run().resumed_bytes == 0


def test_stream_that_disagrees_with_the_server_crc_is_discarded(sim, tmp_path, monkeypatch):
    """The end-of-download check: bytes that arrived damaged (here: a CRC made wrong in flight)."""
    from tui_export.cloud import download_disk

    sim.put("crc3/obj", 3 * MiB)
    dest, state = tmp_path / "obj", tmp_path / "state"
    real = download_disk.crc64
    monkeypatch.setattr(download_disk, "crc64", lambda data, crc=0: real(data, crc) ^ 1)
    with pytest.raises(DownloadError) as exc:
        _job(sim, "crc3/obj", dest, state, part_size=1 * MiB).run()
    assert exc.value.code == "CrcMismatch" and "OSS says" in exc.value.message
    assert _checkpoint(state, "crc3/obj", dest) is None and not dest.exists()
    assert not Path(str(dest) + TEMP_SUFFIX).exists()
    monkeypatch.setattr(download_disk, "crc64", real)
    assert _job(sim, "crc3/obj", dest, state).run().verified


def test_persistent_5xx_gives_the_server_code_and_shows_retrying(sim, tmp_path):
    sim.put("5xx2/obj", 2 * MiB)
    sim.faults.update(server_error=1.0, only={"GetObject"})
    events = []
    job = _job(sim, "5xx2/obj", tmp_path / "obj", tmp_path / "state", threads=1, max_retries=3,
               retry_backoff=0.2, on_progress=events.append)
    with pytest.raises(CloudError) as exc:
        job.run()
    assert exc.value.code in ("InternalError", "ServiceUnavailable") and exc.value.retryable
    assert any(e.retrying for e in events)


def test_head_is_retried_too(sim, tmp_path):
    sim.put("head/obj", 1 * MiB)
    sim.faults.update(server_error=0.6, only={"HeadObject"}, seed=3)
    result = _job(sim, "head/obj", tmp_path / "obj", tmp_path / "state", max_retries=12).run()
    assert result.verified


def test_cuts_shorter_than_a_read_chunk_still_finish(sim, tmp_path):
    sim.put("tiny-cut/obj", 1 * MiB)
    sim.faults.update(drop_after=100_000)    # less than one 256 KiB read: the engine reads smaller
    result = _job(sim, "tiny-cut/obj", tmp_path / "obj", tmp_path / "state", threads=2,
                  part_size=512 << 10).run()
    assert result.verified and same_bytes(tmp_path / "obj", sim.body_path("tiny-cut/obj"))
