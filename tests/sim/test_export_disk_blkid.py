"""The sim's exports look like disks to a reader that isn't ours (issue #11): util-linux's blkid
finds the MBR and, at the partition's offset, an ext4 filesystem. Our own probe agreeing with
our own generator would prove little; blkid is in util-linux (every Debian has it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile

import pytest

from tui_export.sim.oss import generated
from tui_export.sim.oss.disk_image import HEAD


def _blkid() -> str:
    # blkid lives in /usr/sbin, often not on a non-root PATH
    path = shutil.which("blkid") or next((p for p in ("/usr/sbin/blkid", "/sbin/blkid") if os.path.exists(p)), None)
    if path is None:
        pytest.skip("blkid (util-linux) is not installed: the independent ext4/MBR check can't run")
    return path


def test_blkid_sees_an_mbr_and_an_ext4_partition(tmp_path):
    blkid = _blkid()
    archive = tmp_path / "p_m-1_system.raw.tar.gz"
    with open(archive, "wb") as f:
        generated.write_export(f, size=3_333_333, seed="blkid", member_name="system.raw")
    with tarfile.open(archive, "r:gz") as tar:
        tar.extract("system.raw", tmp_path, filter="data")
    disk = str(tmp_path / "system.raw")
    table = subprocess.run([blkid, "-p", "-o", "export", disk], capture_output=True, text=True, timeout=60)
    assert "PTTYPE=dos" in table.stdout.splitlines(), table.stdout + table.stderr
    fs = subprocess.run([blkid, "-p", "-o", "export", "-O", str(HEAD), disk], capture_output=True, text=True,
                        timeout=60)
    assert "TYPE=ext4" in fs.stdout.splitlines(), fs.stdout + fs.stderr
