"""Converted disks as qemu-img sees them: identical content, clean metadata, the format named,
zero blocks left unallocated."""

from __future__ import annotations

import json
import os

import pytest

from tui_export.convert.engine import convert_file

# qemu does not probe a fixed VHD (its only header is the footer), so it is named explicitly.
QEMU_FORMAT = {"raw": "raw", "qcow2": "qcow2", "vmdk": "vmdk", "vhd": "vpc"}


@pytest.mark.parametrize("fmt", ["raw", "qcow2", "vmdk", "vhd"])
def test_converted_disk_is_identical_to_the_raw_disk(qemu_img, export, tmp_path, fmt):
    raw = export.parent / "extracted" / "system.raw"
    out = convert_file(export, tmp_path, fmt)
    assert out.path.name == f"p_m-1_system.{fmt}"
    res = qemu_img.run("compare", "-f", "raw", "-F", QEMU_FORMAT[fmt], str(raw), str(out.path))
    assert res.returncode == 0 and "Images are identical" in res.stdout, res.stdout + res.stderr
    info = json.loads(qemu_img.run("info", "--output=json", *(["-f", "vpc"] if fmt == "vhd" else []),
                                   str(out.path)).stdout)
    assert info["format"] == QEMU_FORMAT[fmt]
    if fmt == "vhd":
        assert info["virtual-size"] % (1 << 20) == 0 and 0 <= info["virtual-size"] - raw.stat().st_size < 1 << 20
    else:
        assert info["virtual-size"] == raw.stat().st_size


@pytest.mark.parametrize("fmt", ["qcow2", "vmdk"])
def test_qemu_img_check_is_clean(qemu_img, export, tmp_path, fmt):
    out = convert_file(export, tmp_path, fmt)
    res = qemu_img.run("check", "-f", fmt, str(out.path))
    assert res.returncode == 0 and "No errors were found" in res.stdout, res.stdout + res.stderr


@pytest.mark.parametrize("fmt", ["raw", "qcow2", "vmdk", "vhd"])
def test_zero_blocks_are_never_written(export, tmp_path, fmt):
    raw = export.parent / "extracted" / "system.raw"
    data = raw.read_bytes()
    nonzero = sum(1 for i in range(0, len(data), 65536) if data[i:i + 65536].count(0) != len(data[i:i + 65536]))
    out = convert_file(export, tmp_path, fmt)
    allocated = os.stat(out.path).st_blocks * 512
    assert nonzero * 65536 < len(data) // 2             # the disk is mostly zeros
    assert allocated < nonzero * 65536 + (1 << 20)       # only its data (plus metadata) takes space


def test_sha256_is_of_the_raw_disk_content(export, tmp_path):
    import hashlib
    raw = export.parent / "extracted" / "system.raw"
    out = convert_file(export, tmp_path, "qcow2")
    assert out.sha256 == hashlib.sha256(raw.read_bytes()).hexdigest()


def test_vmdk_descriptor_names_the_finished_file(export, tmp_path):
    """The disk is written as `<name>.part` and renamed when complete; its embedded descriptor
    must name the file as it ends up, not the .part it was written as."""
    out = convert_file(export, tmp_path, "vmdk")
    descriptor = out.path.read_bytes()[512:512 * 21].rstrip(b"\0").decode()
    [extent] = [line for line in descriptor.splitlines() if line.startswith("RW ")]
    assert extent.endswith(f'SPARSE "{out.path.name}"'), extent
