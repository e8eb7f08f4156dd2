"""The sim's OSS serves oss2's own object calls: copy_object, update_object_meta (a copy onto
itself with REPLACE), get_object_meta, head_object, object_exists, batch_delete_objects and
list_objects_v2 — all through the real oss2 over HTTP."""

from __future__ import annotations

import time
from email.utils import formatdate

import oss2
import pytest
from oss_fixtures import demo_bucket, oss_sim  # noqa: F401


def _server_error(call) -> oss2.exceptions.OssError:
    with pytest.raises(oss2.exceptions.OssError) as info:
        call()
    return info.value


def test_copy_object_keeps_body_etag_crc_and_metadata(oss_sim, demo_bucket):
    put = demo_bucket.put_object("dir/src.raw", b"x" * 5000, headers={
        "x-oss-meta-owner": "ops", "Content-Type": "text/plain", "Cache-Control": "no-cache"})
    oss_sim.store.create_bucket("other-hz", "cn-hangzhou")
    other = oss_sim.bucket("other-hz")
    result = other.copy_object("demo-bucket", "dir/src.raw", "copy/dst.raw",
                               headers={"x-oss-meta-ignored": "1"})        # COPY: request meta ignored
    assert result.status == 200 and result.etag == put.etag
    head = other.head_object("copy/dst.raw")
    assert head.content_length == 5000 and head.etag == put.etag
    assert head.server_crc == put.crc
    assert head.headers["x-oss-meta-owner"] == "ops" and "x-oss-meta-ignored" not in head.headers
    assert head.content_type == "text/plain" and head.headers["Cache-Control"] == "no-cache"
    assert other.get_object("copy/dst.raw").read() == b"x" * 5000
    # the source is untouched
    assert demo_bucket.get_object("dir/src.raw").read() == b"x" * 5000


def test_update_object_meta_replaces_metadata_only(demo_bucket):
    put = demo_bucket.put_object("k.bin", b"payload", headers={"x-oss-meta-a": "1", "x-oss-meta-b": "2"})
    demo_bucket.update_object_meta("k.bin", {"x-oss-meta-c": "3", "Content-Type": "application/x-tar"})
    head = demo_bucket.head_object("k.bin")
    assert head.headers.get("x-oss-meta-c") == "3"
    assert "x-oss-meta-a" not in head.headers and "x-oss-meta-b" not in head.headers
    assert head.content_type == "application/x-tar"
    assert head.etag == put.etag and demo_bucket.get_object("k.bin").read() == b"payload"


def test_copy_refusals_like_oss(oss_sim, demo_bucket):
    demo_bucket.put_object("src", b"abc")
    e = _server_error(lambda: demo_bucket.copy_object("demo-bucket", "missing", "dst"))
    assert (e.status, e.code) == (404, "NoSuchKey")
    e = _server_error(lambda: demo_bucket.copy_object("no-such-bucket-x", "src", "dst"))
    assert (e.status, e.code) == (404, "NoSuchBucket")
    e = _server_error(lambda: demo_bucket.copy_object("demo-bucket", "src", "dst",
                                                      headers={"x-oss-metadata-directive": "MERGE"}))
    assert (e.status, e.code) == (400, "InvalidArgument")
    # same-region only: a source bucket of another region is not found from here
    oss_sim.store.create_bucket("in-shanghai-x", "cn-shanghai")
    oss_sim.store.put_bytes("in-shanghai-x", "k", b"1")
    e = _server_error(lambda: demo_bucket.copy_object("in-shanghai-x", "k", "dst"))
    assert (e.status, e.code) == (404, "NoSuchBucket")
    demo_bucket.put_object("dst", b"old")
    e = _server_error(lambda: demo_bucket.copy_object("demo-bucket", "src", "dst",
                                                      headers={"x-oss-forbid-overwrite": "true"}))
    assert (e.status, e.code) == (409, "FileAlreadyExists")
    assert not demo_bucket.object_exists("never-made")


def test_copy_source_conditions(demo_bucket):
    put = demo_bucket.put_object("src", b"abc")
    e = _server_error(lambda: demo_bucket.copy_object("demo-bucket", "src", "dst",
                                                      headers={"x-oss-copy-source-if-match": '"0000"'}))
    assert (e.status, e.code) == (412, "PreconditionFailed")
    past = formatdate(time.time() - 3600, usegmt=True)
    e = _server_error(lambda: demo_bucket.copy_object(
        "demo-bucket", "src", "dst", headers={"x-oss-copy-source-if-unmodified-since": past}))
    assert (e.status, e.code) == (412, "PreconditionFailed")
    e = _server_error(lambda: demo_bucket.copy_object("demo-bucket", "src", "dst",
                                                      headers={"x-oss-copy-source-if-none-match": put.etag}))
    assert e.status == 304
    assert not demo_bucket.object_exists("dst")
    demo_bucket.copy_object("demo-bucket", "src", "dst", headers={"x-oss-copy-source-if-match": put.etag})
    assert demo_bucket.get_object("dst").read() == b"abc"


def test_meta_exists_batch_delete_and_v2_listing(oss_sim, demo_bucket):
    keys = [f"p/{i}.raw.tar.gz" for i in range(5)]
    for k in keys:
        demo_bucket.put_object(k, k.encode())
    meta = demo_bucket.get_object_meta(keys[0])
    assert meta.content_length == len(keys[0]) and meta.etag
    assert demo_bucket.object_exists(keys[0]) and not demo_bucket.object_exists("p/none")
    with pytest.raises(oss2.exceptions.NoSuchBucket):
        oss_sim.bucket("no-such-bucket-y").object_exists("k")
    listed = demo_bucket.list_objects_v2(prefix="p/", max_keys=2)
    assert [o.key for o in listed.object_list] == keys[:2] and listed.is_truncated
    assert [o.key for o in oss2.ObjectIteratorV2(demo_bucket, prefix="p/", max_keys=2)] == keys
    result = demo_bucket.batch_delete_objects(keys[:3] + ["p/none"])
    assert sorted(result.deleted_keys) == sorted(keys[:3] + ["p/none"])
    assert [o.key for o in oss2.ObjectIteratorV2(demo_bucket, prefix="p/")] == keys[3:]
