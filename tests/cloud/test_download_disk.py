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
from tui_export.cloud import download, download_disk
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
        real = download_disk.shutil.disk_usage
        monkeypatch.setattr(download_disk.shutil, "disk_usage",
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
    real_pwrite = download_disk._pwrite

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
                monkeypatch.setattr(download_disk, "_pwrite", full_pwrite)

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
        monkeypatch.setattr(download_disk, "_pwrite", real_pwrite)
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
    real = download_disk.shutil.disk_usage
    monkeypatch.setattr(download_disk.shutil, "disk_usage", lambda p: real(p)._replace(free=1 << 40))
    dest = where / "obj"
    with pytest.raises(DownloadError) as exc:
        DownloadJob(sim.bucket(), "prefail/obj", dest, state_dir=tmp_path / "state").run()
    assert exc.value.code == "DiskFull" and exc.value.needed == 6 * MiB
    filler.unlink()
    monkeypatch.setattr(download_disk.shutil, "disk_usage", real)
    assert DownloadJob(sim.bucket(), "prefail/obj", dest, state_dir=tmp_path / "state").run().verified


def test_full_disk_while_saving_the_checkpoint_keeps_the_previous_one(sim, small_fs, tmp_path, monkeypatch):
    """The record is written beside the old one and renamed: ENOSPC leaves the old one whole."""
    where, kind = small_fs
    sim.put("ckfull/obj", 8 * MiB)
    sim.faults.update(bandwidth=4.0)
    dest, state = tmp_path / "obj", where / "state"      # only the state dir is on the small disk
    path = ckpt.checkpoint_path(state, BUCKET, "ckfull/obj", dest)
    at_fill: list = []

    def refuse(*a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    def on_progress(ev):
        if ev.bytes_done >= 2 * MiB and not at_fill:
            at_fill.append(ckpt.load(path))
            if kind == "tmpfs":
                _fill(where)
            else:
                monkeypatch.setattr(ckpt, "atomic_write_private", refuse)

    job = DownloadJob(sim.bucket(), "ckfull/obj", dest, state_dir=state, threads=2, part_size=1 * MiB,
                      on_progress=on_progress, retry_backoff=0.01)
    with pytest.raises(DownloadError) as exc:
        job.run()
    assert exc.value.code == "DiskFull" and exc.value.retryable
    assert "checkpoint" in exc.value.message and str(path) in exc.value.message
    kept = ckpt.load(path)
    assert kept is not None and at_fill[0] is not None
    assert kept.done_bytes >= at_fill[0].done_bytes > 0          # the last good record, readable
    assert sorted(os.listdir(path.parent)) == [path.name]         # no half-written record beside it

    sim.faults.clear()
    if kind == "tmpfs":
        (where / "filler").unlink()
    else:
        monkeypatch.undo()
    result = DownloadJob(sim.bucket(), "ckfull/obj", dest, state_dir=state).run()
    assert result.verified and result.resumed_bytes == kept.done_bytes
    assert same_bytes(dest, sim.body_path("ckfull/obj"))


def test_checkpoint_is_private_under_umask_022_in_an_open_directory(sim, tmp_path):
    sim.put("mode/obj", 4 * MiB)
    sim.faults.update(bandwidth=2.0)
    state = tmp_path / "state"
    (state / "downloads").mkdir(parents=True)
    os.chmod(state, 0o755)                   # a shared, readable state dir (TUI_EXPORT_STATE_DIR)
    os.chmod(state / "downloads", 0o755)
    dest = tmp_path / "obj"
    path = ckpt.checkpoint_path(state, BUCKET, "mode/obj", dest)
    modes = []
    old = os.umask(0o022)
    try:
        job = DownloadJob(sim.bucket(), "mode/obj", dest, state_dir=state, threads=2, part_size=1 * MiB)

        def on_progress(ev):
            if ev.bytes_done >= 2 * MiB and path.exists():
                modes.append(path.stat().st_mode & 0o777)
                job.cancel()

        job.on_progress = on_progress
        with pytest.raises(DownloadError, match="Cancelled"):
            job.run()
    finally:
        os.umask(old)
    assert modes and set(modes) == {0o600}                      # while running
    assert (path.stat().st_mode & 0o777) == 0o600               # and the record left for a resume
    assert (Path(str(dest) + download.TEMP_SUFFIX).stat().st_mode & 0o777) == 0o600


def test_a_filesystem_that_refuses_direct_writes_still_gets_every_byte(sim, tmp_path, monkeypatch):
    """Some filesystems open with O_DIRECT and then refuse the writes (EINVAL): the page cache takes over."""
    import fcntl

    sim.put("odirect/obj", 3 * MiB + 12345)           # not a whole number of blocks either
    sim.faults.update(drop_after=700_000)              # cuts at offsets that aren't block-aligned
    real = download_disk._pwrite
    refused = []

    def pwrite(fd, data, offset):
        if fcntl.fcntl(fd, fcntl.F_GETFL) & getattr(os, "O_DIRECT", 0):
            refused.append(offset)
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(fd, data, offset)

    monkeypatch.setattr(download_disk, "_pwrite", pwrite)
    dest = tmp_path / "obj"
    result = DownloadJob(sim.bucket(), "odirect/obj", dest, state_dir=tmp_path / "state", threads=2,
                         part_size=1 * MiB, retry_backoff=0.01).run()
    assert result.verified and same_bytes(dest, sim.body_path("odirect/obj"))
    if hasattr(os, "O_DIRECT") and _supports_o_direct(tmp_path):
        assert refused                                  # the direct path was tried, then left


def _supports_o_direct(directory: Path) -> bool:
    try:
        fd = os.open(directory / ".odirect-probe", os.O_WRONLY | os.O_CREAT | os.O_DIRECT, 0o600)
    except OSError:
        return False
    os.close(fd)
    os.unlink(directory / ".odirect-probe")
    return True
