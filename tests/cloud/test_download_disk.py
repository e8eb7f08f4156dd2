"""A full disk: refused up front when the object can't fit, and ENOSPC mid-download keeps the
checkpoint so the download resumes once space is freed.

Uses a real 8 MiB tmpfs when this process may mount one (root with CAP_SYS_ADMIN, as in CI's
container); otherwise the same scenarios run with ENOSPC injected through the engine's write
hook. Each test records which one it used in its `fs` parameter id and prints it.
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from download_fixtures import BUCKET, MiB, oss_sim, same_bytes, sim  # noqa: F401  (fixtures)
from tui_export.cloud import download
from tui_export.cloud import download_checkpoint as ckpt
from tui_export.cloud.download import DownloadError, DownloadJob


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    try:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                           capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0


@pytest.fixture
def small_fs(tmp_path):
    """(directory, kind): an 8 MiB tmpfs ("tmpfs") or a plain directory ("injected")."""
    where = tmp_path / "small"
    # DL_TEST_NO_MOUNT=1 exercises the fallback on a machine that could mount
    if not os.environ.get("DL_TEST_NO_MOUNT") and _mount_tmpfs(where, "8m"):
        print("full-disk test on a real 8 MiB tmpfs")
        try:
            yield where, "tmpfs"
        finally:
            subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=10)
    else:
        print("mount not permitted: full-disk test with ENOSPC injected via the write hook")
        yield where, "injected"


def _fill(directory: Path) -> Path:
    """Write a file until the filesystem says ENOSPC."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    block = b"\0" * (64 << 10)
    try:
        while True:
            os.write(fd, block)      # unbuffered: ENOSPC shows here, not at close
    except OSError as e:
        assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_object_that_cannot_fit_is_refused_up_front(sim, small_fs, tmp_path, monkeypatch):
    where, kind = small_fs
    sim.put("big/obj", 12 * MiB)
    if kind == "injected":   # pretend the directory has 8 MiB free
        real = download.shutil.disk_usage
        monkeypatch.setattr(download.shutil, "disk_usage",
                            lambda p: real(p)._replace(free=8 * MiB))
    dest = where / "obj"
    with pytest.raises(DownloadError) as exc:
        DownloadJob(sim.bucket(), "big/obj", dest, state_dir=tmp_path / "state").run()
    err = exc.value
    assert err.code == "DiskFull" and err.needed == 12 * MiB and err.path == str(dest)
    assert str(dest) in err.message and "12.0 MiB" in err.message
    assert os.listdir(where) == []          # nothing written, no temp file


def test_enospc_mid_download_keeps_parts_and_resumes(sim, small_fs, tmp_path, monkeypatch):
    where, kind = small_fs
    sim.put("mid/obj", 6 * MiB)
    sim.faults.update(bandwidth=4.0)
    dest, state = where / "obj", tmp_path / "state"
    filled: list[Path] = []
    real_pwrite = download._pwrite

    def full_pwrite(fd, data, offset):
        raise OSError(errno.ENOSPC, "No space left on device")

    def on_progress(ev):
        # someone else fills the disk part way through (preallocation off: like a filesystem
        # without fallocate, or space taken between the check and the writes)
        if ev.bytes_done >= 2 * MiB and not filled:
            if kind == "tmpfs":
                filled.append(_fill(where))
            else:
                filled.append(where)
                monkeypatch.setattr(download, "_pwrite", full_pwrite)

    job = DownloadJob(sim.bucket(), "mid/obj", dest, state_dir=state, threads=2, part_size=1 * MiB,
                      preallocate=False, on_progress=on_progress, retry_backoff=0.01)
    with pytest.raises(DownloadError) as exc:
        job.run()
    err = exc.value
    assert err.code == "DiskFull" and err.retryable and err.needed > 0
    cp = ckpt.load(ckpt.checkpoint_path(state, BUCKET, "mid/obj", dest))
    assert cp is not None and cp.done_bytes >= 2 * MiB

    # space freed: the next run resumes from the checkpoint
    sim.faults.clear()
    if kind == "tmpfs":
        filled[0].unlink()
    else:
        monkeypatch.setattr(download, "_pwrite", real_pwrite)
    result = DownloadJob(sim.bucket(), "mid/obj", dest, state_dir=state, threads=2, part_size=1 * MiB).run()
    assert result.verified and result.resumed_bytes == cp.done_bytes
    assert same_bytes(dest, sim.body_path("mid/obj"))


def test_preallocation_reserves_the_space(sim, small_fs, tmp_path):
    where, kind = small_fs
    if kind != "tmpfs":
        pytest.skip("needs a real small filesystem")
    sim.put("pre/obj", 5 * MiB)
    sim.faults.update(bandwidth=4.0)
    dest = where / "obj"
    grabbed = []

    def on_progress(ev):
        if ev.bytes_done and not grabbed:
            grabbed.append(_fill(where))    # the space is already ours: the download still finishes

    result = DownloadJob(sim.bucket(), "pre/obj", dest, state_dir=tmp_path / "state", threads=2,
                         part_size=1 * MiB, on_progress=on_progress).run()
    assert grabbed and result.verified
    assert same_bytes(dest, sim.body_path("pre/obj"))


def test_state_dir_on_the_full_disk_still_says_disk_full(sim, small_fs):
    """Checkpoints usually live on the same disk as downloads: saving one may fail too."""
    where, kind = small_fs
    if kind != "tmpfs":
        pytest.skip("needs a real small filesystem")
    sim.put("same-fs/obj", 5 * MiB)
    sim.faults.update(bandwidth=4.0)
    dest, state = where / "obj", where / "state"
    filled: list[Path] = []
    job = DownloadJob(sim.bucket(), "same-fs/obj", dest, state_dir=state, threads=2, part_size=1 * MiB,
                      preallocate=False, retry_backoff=0.01,
                      on_progress=lambda ev: filled.append(_fill(where)) if ev.bytes_done >= MiB and not filled
                      else None)
    with pytest.raises(DownloadError) as exc:
        job.run()
    assert exc.value.code == "DiskFull"
    cp = ckpt.load(ckpt.checkpoint_path(state, BUCKET, "same-fs/obj", dest))
    sim.faults.clear()
    filled[0].unlink()
    result = DownloadJob(sim.bucket(), "same-fs/obj", dest, state_dir=state).run()
    assert result.verified and result.resumed_bytes == (cp.done_bytes if cp else 0)
    assert same_bytes(dest, sim.body_path("same-fs/obj"))


def test_preallocation_failure_is_disk_full(sim, small_fs, tmp_path, monkeypatch):
    """Space vanishing between the up-front check and the preallocation (the check is made to lie)."""
    where, kind = small_fs
    if kind != "tmpfs":
        pytest.skip("needs a real small filesystem")
    sim.put("prefail/obj", 6 * MiB)
    filler = _fill(where)
    real = download.shutil.disk_usage
    monkeypatch.setattr(download.shutil, "disk_usage", lambda p: real(p)._replace(free=1 << 40))
    dest = where / "obj"
    with pytest.raises(DownloadError) as exc:
        DownloadJob(sim.bucket(), "prefail/obj", dest, state_dir=tmp_path / "state").run()
    assert exc.value.code == "DiskFull" and exc.value.needed == 6 * MiB
    filler.unlink()
    monkeypatch.setattr(download.shutil, "disk_usage", real)
    assert DownloadJob(sim.bucket(), "prefail/obj", dest, state_dir=tmp_path / "state").run().verified
