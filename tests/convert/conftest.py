"""Fixtures for the disk conversion tests: generated exports (the sim's disks) and qemu-img as the judge."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from tui_export.sim.oss import generated

SKIP_REASON = "install qemu-utils (qemu-img) to run the disk-format checks"


@pytest.fixture(scope="session")
def qemu_img():
    """qemu-img's path; required (a failure) when TUI_EXPORT_REQUIRE_QEMU_IMG is set, else a skip."""
    path = shutil.which("qemu-img")
    if path is None:
        if os.environ.get("TUI_EXPORT_REQUIRE_QEMU_IMG"):
            pytest.fail("TUI_EXPORT_REQUIRE_QEMU_IMG is set but qemu-img is not installed (apt-get install qemu-utils)")
        pytest.skip(SKIP_REASON)
    return QemuImg(path)


class QemuImg:
    def __init__(self, path: str) -> None:
        self.path = path

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([self.path, *args], capture_output=True, text=True, timeout=120)


def make_export(folder: Path, *, size: int = 3_333_333, seed: str = "conv",
                name: str = "p_m-1_system.raw.tar.gz") -> Path:
    """A generated export as the sim writes it, plus its extracted raw disk (`system.raw`) beside it."""
    archive = folder / name
    with open(archive, "wb") as f:
        generated.write_export(f, size=size, seed=seed, member_name="system.raw")
    with tarfile.open(archive, "r:gz") as tar:
        tar.extract("system.raw", folder / "extracted", filter="data")
    return archive


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    return make_export(tmp_path_factory.mktemp("export"))
