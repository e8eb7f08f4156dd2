"""ObjectStore and generated objects: real .tar.gz exports of the requested size, checksums, threads."""

from __future__ import annotations

import hashlib
import struct
import tarfile
import threading
import time

import pytest

from tui_export.sim.oss.crc64 import crc64
from tui_export.sim.oss.store import ObjectStore, StoreError


@pytest.fixture
def store(tmp_path):
    s = ObjectStore(tmp_path / "data")
    s.create_bucket("bkt", "cn-hangzhou")
    return s


def _file_digests(path):
    md5, crc = hashlib.md5(), 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            md5.update(chunk)
            crc = crc64(chunk, crc)
    return md5.hexdigest().upper(), crc


def test_buckets(store):
    rec = store.create_bucket("other", "ap-southeast-1", "IA", creation_time=1_600_000_000.7)
    assert (rec.location, rec.storage_class, rec.creation_time) == ("oss-ap-southeast-1", "IA", 1_600_000_000)
    assert [b.name for b in store.list_buckets()] == ["bkt", "other"]
    with pytest.raises(StoreError) as e:
        store.create_bucket("other", "cn-hangzhou")
    assert e.value.code == "BucketAlreadyExists"
    store.put_bytes("other", "k", b"v")
    with pytest.raises(StoreError) as e:
        store.delete_bucket("other")
    assert e.value.code == "BucketNotEmpty"
    store.delete_object("other", "k")
    store.delete_bucket("other")
    assert store.get_bucket("other") is None
    assert store.update_bucket("bkt", public_endpoint_forbidden=True).public_endpoint_forbidden


def test_objects(store):
    rec = store.put_bytes("bkt", "a/b", b"hello", meta={"x": "1"}, content_type="text/plain")
    assert (rec.size, rec.etag, rec.crc64) == (5, hashlib.md5(b"hello").hexdigest().upper(), crc64(b"hello"))
    assert rec.path.read_bytes() == b"hello" and rec.meta == {"x": "1"} and rec.last_modified <= time.time()
    assert store.get_object("bkt", "a/b") == rec
    store.put_bytes("bkt", "a/c", b"")
    store.put_bytes("bkt", "b", b"")
    assert [o.key for o in store.list_objects("bkt", "a/")] == ["a/b", "a/c"]
    assert store.delete_object("bkt", "a/b") and not store.delete_object("bkt", "a/b")
    assert not rec.path.exists()
    with pytest.raises(StoreError):
        store.put_bytes("missing", "k", b"")


def test_overwrite_keeps_open_readers_whole(store):
    old = store.put_bytes("bkt", "k", b"old body")
    with open(old.path, "rb") as reader:
        store.put_bytes("bkt", "k", b"new")
        assert reader.read() == b"old body"
    assert store.get_object("bkt", "k").path.read_bytes() == b"new"


def test_concurrent_writers(store):
    def write(i):
        for j in range(20):
            store.put_bytes("bkt", f"t{i}/{j}", bytes([i]) * (j + 1))
    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.list_objects("bkt")) == 160


@pytest.mark.parametrize("size", [5000, 1 << 20, 3_333_333])
def test_generated_export_is_a_real_tar_gz_of_the_exact_size(store, size):
    rec = store.put_generated_export("bkt", "p_m-1_system.raw.tar.gz", size=size, seed="m-1/system",
                                     member_name="system.raw")
    assert rec.size == size == rec.path.stat().st_size
    assert _file_digests(rec.path) == (rec.etag, rec.crc64)
    with tarfile.open(rec.path, mode="r|gz") as tar:   # streaming, as a downloader would
        members = []
        for member in tar:
            data = tar.extractfile(member).read()
            members.append((member.name, member.size, data))
    assert len(members) == 1
    name, member_size, disk = members[0]
    assert name == "system.raw" and member_size == len(disk)
    # a disk, compressed like a real export: bigger than its archive, mostly zeros
    assert member_size > 2 * size and disk.count(0) > member_size // 2


def test_generated_export_is_a_partitioned_disk_with_ext4(store):
    rec = store.put_generated_export("bkt", "d.raw.tar.gz", size=2 << 20, seed="d", member_name="system.raw")
    with tarfile.open(rec.path, mode="r|gz") as tar:
        disk = tar.extractfile(next(iter(tar))).read()
    assert disk[510:512] == b"\x55\xaa"
    status, ptype, start, count = struct.unpack_from("<B3xB3xII", disk, 446)
    assert (status, ptype, start) == (0x80, 0x83, 2048) and (start + count) * 512 == len(disk)
    assert struct.unpack_from("<H", disk, start * 512 + 1080)[0] == 0xEF53   # ext4 magic
    blocks = struct.unpack_from("<I", disk, start * 512 + 1024 + 4)[0]
    assert blocks == count * 512 // 4096


def test_generated_objects_are_deterministic(store):
    a = store.put_generated_export("bkt", "a", size=2 << 20, seed="s1", member_name="system.raw")
    b = store.put_generated_export("bkt", "b", size=2 << 20, seed="s1", member_name="system.raw")
    c = store.put_generated_export("bkt", "c", size=2 << 20, seed="s2", member_name="system.raw")
    assert (a.etag, a.crc64) == (b.etag, b.crc64) and a.etag != c.etag
    r1 = store.put_generated_raw("bkt", "r1", size=3_000_001, seed="x")
    r2 = store.put_generated_raw("bkt", "r2", size=3_000_001, seed="x")
    assert r1.size == 3_000_001 and r1.path.read_bytes() == r2.path.read_bytes()
    assert _file_digests(r1.path) == (r1.etag, r1.crc64)
