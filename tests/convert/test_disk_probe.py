"""What the archive holds: the partition table (MBR or GPT) with each partition's filesystem, and a
clear error (never a converted file) when there is no disk in it."""

from __future__ import annotations

import io
import struct
import tarfile
import tracemalloc
import uuid

import pytest

from tui_export.convert.engine import convert_file
from tui_export.convert.errors import ConvertError

from tests.convert.conftest import make_export

LINUX = uuid.UUID("0fc63daf-8483-4772-8e79-3d69d8477de4")
MS_DATA = uuid.UUID("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7")


def _tar_gz(path, name: str, data: bytes) -> None:
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


def _gpt_disk() -> bytes:
    disk = bytearray(8 << 20)
    disk[446:462] = struct.pack("<B3xB3xII", 0, 0xEE, 1, len(disk) // 512 - 1)
    disk[510:512] = b"\x55\xaa"
    parts = [(LINUX, 2048, 4095), (MS_DATA, 4096, 8191), (LINUX, 8192, 12287)]
    for i, (type_guid, first, last) in enumerate(parts):
        entry = type_guid.bytes_le + uuid.uuid4().bytes_le + struct.pack("<QQQ", first, last, 0)
        disk[1024 + 128 * i:1024 + 128 * i + len(entry)] = entry
    disk[512:512 + 92] = b"EFI PART" + struct.pack("<IIIIQQQQ16sQIII", 0x10000, 92, 0, 0, 1, len(disk) // 512 - 1,
                                                   34, len(disk) // 512 - 34, uuid.uuid4().bytes_le, 2, 128, 128, 0)
    disk[2048 * 512:2048 * 512 + 4] = b"XFSB"
    disk[4096 * 512 + 3:4096 * 512 + 11] = b"NTFS    "
    struct.pack_into("<H", disk, 8192 * 512 + 1080, 0xEF53)
    struct.pack_into("<III", disk, 8192 * 512 + 1024 + 0x5C, 0x3C, 0x242, 0x6B)
    return bytes(disk)


def test_mbr_disk_shows_its_linux_partition_with_ext4(tmp_path):
    out = convert_file(make_export(tmp_path), tmp_path, "raw")
    layout = out.layout.to_json()
    assert layout["table"] == "mbr"
    [part] = layout["partitions"]
    assert (part["type"], part["start"], part["filesystem"]) == ("Linux", 1 << 20, "ext4")
    assert part["start"] + part["size"] == out.virtual_size
    assert out.layout.summary().startswith("MBR: 1 Linux (ext4, ")


def test_gpt_disk_shows_xfs_ntfs_and_ext4(tmp_path):
    _tar_gz(tmp_path / "d.raw.tar.gz", "disk.raw", _gpt_disk())
    out = convert_file(tmp_path / "d.raw.tar.gz", tmp_path, "qcow2")
    parts = [(p.number, p.type, p.start, p.filesystem) for p in out.layout.partitions]
    assert out.layout.table == "gpt"
    assert parts == [(1, "Linux filesystem", 2048 * 512, "xfs"), (2, "Microsoft basic data", 4096 * 512, "ntfs"),
                     (3, "Linux filesystem", 8192 * 512, "ext4")]


@pytest.mark.parametrize("case", ["text file", "empty tar", "not gzip", "truncated"])
def test_an_archive_without_a_disk_is_reported_not_converted(tmp_path, case):
    archive = tmp_path / "p_m-1_system.raw.tar.gz"
    if case == "text file":
        _tar_gz(archive, "readme.txt", b"hello, this is not a disk\n" * 100)
    elif case == "empty tar":
        with tarfile.open(archive, "w:gz"):
            pass
    elif case == "not gzip":
        archive.write_bytes(b"<Error><Code>AccessDenied</Code></Error>")
    else:
        whole = make_export(tmp_path / "..", seed="cut", name="whole.raw.tar.gz").read_bytes()
        archive.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ConvertError) as e:
        convert_file(archive, tmp_path, "qcow2")
    expected = {"text file": "NoDisk", "empty tar": "NoDisk", "not gzip": "NotAnArchive", "truncated": "Truncated"}
    assert e.value.code == expected[case]
    assert not list(tmp_path.glob("*.qcow2*"))   # nothing half-written left behind


def test_conversion_streams_in_bounded_memory(tmp_path):
    archive = make_export(tmp_path, size=24 << 20, seed="big")
    tracemalloc.start()
    try:
        out = convert_file(archive, tmp_path, "qcow2")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert out.virtual_size > 64 << 20
    assert peak < 16 << 20, f"peak {peak >> 20} MiB converting a {out.virtual_size >> 20} MiB disk"
