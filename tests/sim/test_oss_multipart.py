"""Multipart uploads through oss2: resumable_upload, the raw calls, and their refusals."""

from __future__ import annotations

import os

import oss2
import pytest
from oss2.models import PartInfo
from oss_fixtures import demo_bucket, oss_sim  # noqa: F401

from tui_export.sim.oss.crc64 import crc64


def test_resumable_upload(oss_sim, demo_bucket, tmp_path):
    data = os.urandom(3 << 20)
    src = tmp_path / "disk.img"
    src.write_bytes(data)
    oss2.resumable_upload(demo_bucket, "up/disk.img", str(src), multipart_threshold=1 << 20, part_size=512 << 10,
                          num_threads=2, store=oss2.ResumableStore(root=str(tmp_path / "ckpt")),
                          headers={"x-oss-meta-origin": "test"})
    head = demo_bucket.head_object("up/disk.img")
    assert head.content_length == len(data) and head.server_crc == crc64(data)
    assert head.etag.endswith("-6") and head.headers["x-oss-meta-origin"] == "test"
    assert demo_bucket.get_object("up/disk.img").read() == data
    assert list(oss2.MultipartUploadIterator(demo_bucket)) == []


def test_multipart_calls_and_refusals(oss_sim, demo_bucket):
    key = "mp/obj"
    upload_id = demo_bucket.init_multipart_upload(key).upload_id
    assert [u.upload_id for u in oss2.MultipartUploadIterator(demo_bucket)] == [upload_id]
    small, big = b"s" * 10, b"b" * (100 << 10)
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.upload_part(key, upload_id, 0, small)
    assert (e.value.status, e.value.code) == (400, "InvalidArgument")
    r1 = demo_bucket.upload_part(key, upload_id, 1, small)
    r2 = demo_bucket.upload_part(key, upload_id, 2, big)
    assert r1.crc == crc64(small)
    parts = list(oss2.PartIterator(demo_bucket, key, upload_id, max_parts=1))
    assert [(p.part_number, p.size) for p in parts] == [(1, 10), (2, 100 << 10)]
    with pytest.raises(oss2.exceptions.ServerError) as e:   # a small part that is not the last
        demo_bucket.complete_multipart_upload(key, upload_id, [PartInfo(1, r1.etag), PartInfo(2, r2.etag)])
    assert e.value.code == "EntityTooSmall"
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.complete_multipart_upload(key, upload_id, [PartInfo(2, r2.etag), PartInfo(2, r2.etag)])
    assert e.value.code == "InvalidPartOrder"   # oss2 sorts the list; a repeated part is still out of order
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.complete_multipart_upload(key, upload_id, [PartInfo(2, "0" * 32)])
    assert e.value.code == "InvalidPart"
    demo_bucket.upload_part(key, upload_id, 1, big)   # re-upload part 1, now big enough
    done = demo_bucket.complete_multipart_upload(key, upload_id, None, headers={"x-oss-complete-all": "yes"})
    assert done.crc == crc64(big + big) and done.etag.endswith("-2")
    assert demo_bucket.get_object(key).read() == big + big
    with pytest.raises(oss2.exceptions.NoSuchUpload):
        demo_bucket.list_parts(key, upload_id)
    other = demo_bucket.init_multipart_upload("mp/aborted").upload_id
    demo_bucket.abort_multipart_upload("mp/aborted", other)
    with pytest.raises(oss2.exceptions.NoSuchUpload):
        demo_bucket.upload_part("mp/aborted", other, 1, b"x")
    assert not [p for p in (oss_sim.store.data_dir / "objects").iterdir() if p.name.startswith("part-")]
