"""The download engine against the embedded OSS server, through oss2: the happy paths,
destinations, progress, cancel, the lock."""

from __future__ import annotations

import os
import threading
import time

import pytest

from download_fixtures import BUCKET, MiB, oss_sim, same_bytes, sim  # noqa: F401  (fixtures)
from tui_export.cloud import download_checkpoint as ckpt
from tui_export.cloud.crc_check import crc64_of_file
from tui_export.cloud.download import TEMP_SUFFIX, DownloadError, DownloadJob, crc_accelerated
from tui_export.cloud.errors import CloudError


def _job(sim, key, dest, state, **kw):
    kw.setdefault("retry_backoff", 0.01)
    return DownloadJob(sim.bucket(), key, dest, state_dir=state, **kw)


def _leftovers(dest):
    return [p for p in os.listdir(dest.parent) if p.startswith(dest.name + TEMP_SUFFIX)]


def test_64_mib_with_4_threads_is_verified(sim, tmp_path):
    sim.put("img/system.raw", 64 * MiB)
    dest = tmp_path / "out" / "system.raw"
    result = _job(sim, "img/system.raw", dest, tmp_path / "state", threads=4).run()
    assert result.verified and result.size == 64 * MiB and result.resumed_bytes == 0
    assert result.crc64 == sim.crc("img/system.raw") == crc64_of_file(dest)
    assert same_bytes(dest, sim.body_path("img/system.raw"))
    assert _leftovers(dest) == []
    assert not ckpt.checkpoint_path(tmp_path / "state", BUCKET, "img/system.raw", dest).exists()
    umask = os.umask(0o022)
    os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o666 & ~umask   # a normal file, not a private temp


@pytest.mark.parametrize("size", [0, 1, 300_000])
def test_small_objects_take_the_same_verified_path(sim, tmp_path, size):
    sim.put(f"small/{size}", size)
    dest = tmp_path / f"small-{size}"
    result = _job(sim, f"small/{size}", dest, tmp_path / "state").run()
    assert result.verified and dest.stat().st_size == size
    assert result.crc64 == sim.crc(f"small/{size}")
    assert _leftovers(dest) == []


def test_existing_different_file_is_not_overwritten(sim, tmp_path):
    sim.put("ow/obj", 3 * MiB)
    dest = tmp_path / "obj"
    dest.write_bytes(b"precious")
    with pytest.raises(DownloadError) as exc:
        _job(sim, "ow/obj", dest, tmp_path / "state").run()
    assert exc.value.code == "DestinationExists" and str(dest) in exc.value.message
    assert isinstance(exc.value, CloudError)
    assert dest.read_bytes() == b"precious"

    result = _job(sim, "ow/obj", dest, tmp_path / "state", overwrite=True).run()
    assert result.verified and same_bytes(dest, sim.body_path("ow/obj"))


def test_existing_identical_file_counts_as_done(sim, tmp_path):
    sim.put("same/obj", 2 * MiB)
    dest = tmp_path / "obj"
    _job(sim, "same/obj", dest, tmp_path / "state").run()
    mtime = dest.stat().st_mtime_ns
    again = _job(sim, "same/obj", dest, tmp_path / "state").run()
    assert again.already_present and again.verified and dest.stat().st_mtime_ns == mtime


def test_progress_every_half_second_while_bandwidth_capped(sim, tmp_path):
    sim.put("slow/obj", 24 * MiB)
    sim.faults.update(bandwidth=4.0)          # 4 MB/s per connection, 4 connections: ~1.6 s
    events = []
    stamps = []

    def on_progress(ev):
        events.append(ev)
        stamps.append(time.monotonic())

    result = _job(sim, "slow/obj", tmp_path / "obj", tmp_path / "state", threads=4,
                  on_progress=on_progress).run()
    assert result.verified
    gaps = sorted(b - a for a, b in zip(stamps, stamps[1:]))
    # about twice a second; a loaded 2-core machine may deliver one late, but never a part's
    # length (8 MiB at 4 MB/s = 2 s) apart, which is what per-part progress would give
    assert gaps[len(gaps) // 2] <= 0.5 and gaps[-1] < 1.5, gaps
    done = [e.bytes_done for e in events]
    assert done == sorted(done) and done[-1] == 24 * MiB and events[-1].state == "done"
    # the 3 parts of 8 MiB stream side by side: every value in between was counted mid-part, in
    # steps no bigger than half a second of transfer (unlike oss2's per-part-start callback)
    early = {d for d in done if 0 < d < 24 * MiB}
    assert len(early) >= 3, done
    assert max(b - a for a, b in zip(done, done[1:])) <= 4 * MiB, done
    mid = [e for e in events if e.state == "downloading" and 0 < e.bytes_done < e.total]
    assert all(e.total == 24 * MiB for e in events)
    assert mid and all(e.rate > 0 for e in mid[2:])
    assert all(e.eta is not None and e.eta >= 0 for e in mid[2:])
    # the smoothed rate follows the throughput measured here (a loaded machine may run below
    # the ~16 MB/s cap, so no fixed window), and never beats the cap
    timed = [(at, e.bytes_done) for at, e in zip(stamps, events) if e in mid]
    seen = (timed[-1][1] - timed[0][1]) / max(timed[-1][0] - timed[0][0], 1e-3)
    assert seen / 3 < mid[-1].rate < min(3 * seen, 40e6), (mid[-1].rate, seen)


def test_cancel_keeps_parts_and_a_new_job_resumes(sim, tmp_path):
    sim.put("cancel/obj", 16 * MiB)
    sim.faults.update(bandwidth=4.0)
    dest, state = tmp_path / "obj", tmp_path / "state"
    job = _job(sim, "cancel/obj", dest, state, threads=2, part_size=1 * MiB)

    def on_progress(ev):
        if ev.bytes_done >= 4 * MiB:
            job.cancel()

    job.on_progress = on_progress
    started = time.monotonic()
    with pytest.raises(DownloadError) as exc:
        job.run()
    assert exc.value.code == "Cancelled" and exc.value.retryable
    assert time.monotonic() - started < 10
    cp = ckpt.load(ckpt.checkpoint_path(state, BUCKET, "cancel/obj", dest))
    assert cp is not None and cp.done_bytes >= 4 * MiB
    assert job.partial_bytes() == cp.done_bytes
    assert not dest.exists()

    sim.faults.clear()
    result = _job(sim, "cancel/obj", dest, state, threads=2, part_size=1 * MiB).run()
    assert result.verified and result.resumed_bytes == cp.done_bytes
    assert same_bytes(dest, sim.body_path("cancel/obj"))


def test_two_downloads_to_one_path_are_refused(sim, tmp_path):
    sim.put("lock/obj", 8 * MiB)
    sim.faults.update(bandwidth=4.0)
    dest, state = tmp_path / "obj", tmp_path / "state"
    first = _job(sim, "lock/obj", dest, state, threads=1, part_size=1 * MiB)
    seen = threading.Event()
    first.on_progress = lambda ev: seen.set() if ev.bytes_done else None
    box = {}
    t = threading.Thread(target=lambda: box.setdefault("r", _try(first.run)))
    t.start()
    assert seen.wait(10)
    with pytest.raises(DownloadError) as exc:
        _job(sim, "lock/obj", dest, state).run()
    assert exc.value.code == "DownloadInProgress"
    first.cancel()
    t.join(10)
    assert box["r"].code == "Cancelled"


def _try(fn):
    try:
        return fn()
    except DownloadError as e:
        return e


def test_missing_object_is_a_cloud_error(sim, tmp_path):
    with pytest.raises(CloudError) as exc:
        _job(sim, "nope/none", tmp_path / "x", tmp_path / "state").run()
    assert exc.value.code == "NoSuchKey"


def test_crc_is_fastcrc_and_gives_the_standard_check_value():
    from tui_export.cloud import crc_check

    # fastcrc is a declared dependency: the GIL-free CRC is what makes parallel reads pay off
    assert crc_check.crc_backend() == "fastcrc" and crc_accelerated()
    assert crc_check.crc64(b"123456789") == 0x995DC9BBDF1939FA
    assert crc_check._crc64_crcmod(memoryview(b"123456789")) == 0x995DC9BBDF1939FA   # the fallback


def test_warns_once_without_c_extension(monkeypatch, caplog):
    import sys
    import warnings

    from tui_export.cloud import crc_check

    monkeypatch.setattr(sys.modules["crcmod.crcmod"], "_usingExtension", False)
    monkeypatch.setattr(crc_check, "crc64", crc_check._crc64_crcmod)     # as if fastcrc were missing
    monkeypatch.setattr(crc_check, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert crc_check.warn_if_slow_crc() is False
        assert crc_check.warn_if_slow_crc() is False
    assert len([w for w in caught if "C extension" in str(w.message)]) == 1
    assert "C extension" in caplog.text
