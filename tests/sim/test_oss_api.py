"""The sim's OSS REST API through the real oss2: buckets, objects, listing, Range, If-*, CRC."""

from __future__ import annotations

import base64
import time
from email.utils import formatdate

import oss2
import pytest
import requests
from oss_fixtures import demo_bucket, oss_sim  # noqa: F401

from tui_export.sim.oss.crc64 import crc64


# --- buckets ----------------------------------------------------------------------------------

def test_bucket_crud_and_region_header(oss_sim):
    b = oss_sim.bucket("made-by-oss2")
    b.create_bucket(oss2.BUCKET_ACL_PRIVATE, oss2.models.BucketCreateConfig(oss2.BUCKET_STORAGE_CLASS_IA))
    rec = oss_sim.store.get_bucket("made-by-oss2")
    assert (rec.region_id, rec.storage_class) == ("cn-hangzhou", "IA")
    oss_sim.bucket("in-shanghai").create_bucket(headers={"x-oss-sim-region": "cn-shanghai"})
    assert oss_sim.store.get_bucket("in-shanghai").location == "oss-cn-shanghai"
    assert oss_sim.bucket("in-shanghai").get_bucket_location().location == "oss-cn-shanghai"
    with pytest.raises(oss2.exceptions.ServerError) as e:
        b.create_bucket()
    assert (e.value.status, e.value.code) == (409, "BucketAlreadyExists")
    b.put_object("x", b"1")
    with pytest.raises(oss2.exceptions.BucketNotEmpty):
        b.delete_bucket()
    b.delete_object("x")
    b.delete_bucket()
    assert oss_sim.store.get_bucket("made-by-oss2") is None
    with pytest.raises(oss2.exceptions.NoSuchBucket):
        b.get_bucket_info()


def test_invalid_bucket_name_is_refused_by_the_server(oss_sim):
    svc = oss_sim.service()   # Service._do skips oss2's client-side name check
    assert svc._do("PUT", "abc", "").status == 200
    for bad in ("ab", "-bad-", "Upper", "a_b"):
        with pytest.raises(oss2.exceptions.ServerError) as e:
            svc._do("PUT", bad, "")
        assert (e.value.status, e.value.code) == (400, "InvalidBucketName")


def test_list_buckets_fields_and_paging(oss_sim):
    for i, region in enumerate(["cn-hangzhou", "cn-shanghai", "ap-southeast-1"] * 4):
        oss_sim.store.create_bucket(f"bkt-{i:02d}", region, creation_time=1_450_000_000 + i)
    result = oss_sim.service().list_buckets(max_keys=5)
    assert result.is_truncated and result.next_marker == "bkt-04"
    first = result.buckets[0]
    assert (first.name, first.location, first.region, first.storage_class) == (
        "bkt-00", "oss-cn-hangzhou", "cn-hangzhou", "Standard")
    assert first.creation_date == 1_450_000_000
    host = f"127.0.0.1:{oss_sim.server.port}"
    assert first.extranet_endpoint == host and first.intranet_endpoint == host
    names = [b.name for b in oss2.BucketIterator(oss_sim.service(), max_keys=5)]
    assert names == [f"bkt-{i:02d}" for i in range(12)]
    assert [b.name for b in oss2.BucketIterator(oss_sim.service(), prefix="bkt-1")] == ["bkt-10", "bkt-11"]
    # a Bucket built from the listed endpoint reaches the sim
    listed = oss2.Bucket(oss_sim.auth(), "http://" + first.extranet_endpoint, first.name)
    assert listed.get_bucket_info().name == "bkt-00"
    raw = requests.get(oss_sim.endpoint + "/", headers={"Date": formatdate(usegmt=True)})
    assert raw.status_code == 403 and "xmlns" not in raw.text


def test_bucket_info_and_location(oss_sim):
    oss_sim.store.create_bucket("info-bucket", "eu-central-1", "Standard", creation_time=1_700_000_000)
    info = oss_sim.bucket("info-bucket").get_bucket_info()
    assert (info.name, info.location, info.storage_class, info.acl.grant) == (
        "info-bucket", "oss-eu-central-1", "Standard", "private")
    assert info.creation_date == "2023-11-14T22:13:20.000Z"
    assert info.owner.id and info.extranet_endpoint == f"127.0.0.1:{oss_sim.server.port}"
    assert oss_sim.bucket("info-bucket").get_bucket_location().location == "oss-eu-central-1"


# --- objects ----------------------------------------------------------------------------------

def test_object_crud_with_meta_and_headers(oss_sim, demo_bucket):
    r = demo_bucket.put_object("dir/a b+c.txt", b"hello world", headers={
        "x-oss-meta-owner": "ops", "Content-Disposition": "attachment", "Content-Type": "text/plain"})
    assert r.etag == "5EB63BBBE01EEED093CB22BB8F5ACDC3"
    assert r.crc == crc64(b"hello world") == int(r.headers["x-oss-hash-crc64ecma"])
    head = demo_bucket.head_object("dir/a b+c.txt")
    assert head.content_length == 11 and head.etag == r.etag
    assert head.headers["x-oss-meta-owner"] == "ops" and head.content_type == "text/plain"
    assert head.headers["Server"] == "AliyunOSS" and head.request_id and head.headers["Date"]
    got = demo_bucket.get_object("dir/a b+c.txt")
    assert got.read() == b"hello world"
    assert got.headers["Content-Disposition"] == "attachment"
    assert got.server_crc == crc64(b"hello world")
    meta = demo_bucket.get_object_meta("dir/a b+c.txt")
    assert meta.content_length == 11 and meta.etag == r.etag
    demo_bucket.delete_object("dir/a b+c.txt")
    demo_bucket.delete_object("dir/a b+c.txt")   # 204 for a missing key too
    with pytest.raises(oss2.exceptions.NoSuchKey):
        demo_bucket.get_object("dir/a b+c.txt")
    with pytest.raises(oss2.exceptions.NoSuchKey) as e:   # HEAD: the error comes in x-oss-err
        demo_bucket.head_object("dir/a b+c.txt")
    assert e.value.request_id and e.value.details.get("Key") == "dir/a b+c.txt"
    assert not demo_bucket.object_exists("dir/a b+c.txt")
    with pytest.raises(oss2.exceptions.NoSuchBucket):   # object_exists re-raises a missing bucket
        oss_sim.bucket("nope-bucket").object_exists("k")


def test_head_error_carries_x_oss_err(oss_sim, demo_bucket):
    with pytest.raises(oss2.exceptions.NoSuchBucket) as e:
        oss_sim.bucket("no-such-bucket").head_object("k")
    assert e.value.details["BucketName"] == "no-such-bucket"
    assert e.value.details["EC"] == "0015-00000101" and e.value.details["HostId"]


def test_put_object_chunked_body_and_content_md5(demo_bucket):
    data = b"".join(bytes([i]) * 100_000 for i in range(20))
    demo_bucket.put_object("chunked.bin", iter([data[:777], data[777:1_500_000], data[1_500_000:]]))
    assert demo_bucket.get_object("chunked.bin").read() == data
    md5 = base64.b64encode(__import__("hashlib").md5(b"abc").digest()).decode()
    demo_bucket.put_object("md5.txt", b"abc", headers={"Content-MD5": md5})
    with pytest.raises(oss2.exceptions.InvalidDigest):
        demo_bucket.put_object("md5.txt", b"abd", headers={"Content-MD5": md5})
    assert demo_bucket.get_object("md5.txt").read() == b"abc"


def test_forbid_overwrite(demo_bucket):
    demo_bucket.put_object("once", b"1")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.put_object("once", b"2", headers={"x-oss-forbid-overwrite": "true"})
    assert (e.value.status, e.value.code) == (409, "FileAlreadyExists")


def test_batch_delete(demo_bucket):
    for k in ["a/1", "a/2", "b 3", "c%4"]:
        demo_bucket.put_object(k, b"x")
    r = demo_bucket.batch_delete_objects(["a/1", "b 3", "c%4", "missing"])
    assert sorted(r.deleted_keys) == ["a/1", "b 3", "c%4", "missing"]
    assert [o.key for o in oss2.ObjectIterator(demo_bucket)] == ["a/2"]


def test_list_objects_v1_v2_delimiter_paging(demo_bucket):
    keys = ["a.txt", "dir/1", "dir/2", "dir/sub/3", "e/x", "f 1/ü", "z"]
    for k in keys:
        demo_bucket.put_object(k, b"x" * len(k))
    r = demo_bucket.list_objects(delimiter="/", max_keys=3)
    assert [o.key for o in r.object_list] == ["a.txt"] and r.prefix_list == ["dir/", "e/"]
    assert r.is_truncated and r.next_marker == "e/"
    r2 = demo_bucket.list_objects(delimiter="/", marker=r.next_marker)
    assert [o.key for o in r2.object_list] == ["z"] and r2.prefix_list == ["f 1/"] and not r2.is_truncated
    assert [o.key for o in oss2.ObjectIterator(demo_bucket, max_keys=2)] == keys
    assert [o.key for o in oss2.ObjectIteratorV2(demo_bucket, max_keys=2)] == keys
    assert [o.key for o in oss2.ObjectIterator(demo_bucket, prefix="dir/", delimiter="/")] == [
        "dir/1", "dir/2", "dir/sub/"]
    v2 = demo_bucket.list_objects_v2(prefix="dir/", delimiter="/", max_keys=1)
    assert [o.key for o in v2.object_list] == ["dir/1"] and v2.is_truncated
    v2b = demo_bucket.list_objects_v2(prefix="dir/", delimiter="/", continuation_token=v2.next_continuation_token)
    assert [o.key for o in v2b.object_list] == ["dir/2"] and v2b.prefix_list == ["dir/sub/"]
    assert [o.key for o in demo_bucket.list_objects_v2(start_after="e/x").object_list] == ["f 1/ü", "z"]
    obj = demo_bucket.list_objects(prefix="z").object_list[0]
    assert obj.size == 1 and obj.type == "Normal" and obj.storage_class == "Standard"
    assert demo_bucket.list_objects_v2(fetch_owner=True).object_list[0].owner.id
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.list_objects(max_keys=1001)
    assert e.value.code == "InvalidArgument"


# --- Range, If-*, CRC ---------------------------------------------------------------------------

def test_range_both_behaviours(demo_bucket):
    data = bytes(range(256)) * 4
    demo_bucket.put_object("r.bin", data)
    r = demo_bucket.get_object("r.bin", byte_range=(10, 19))
    assert r.status == 206 and r.read() == data[10:20]
    assert r.headers["Content-Range"] == "bytes 10-19/1024" and r.headers["Accept-Ranges"] == "bytes"
    assert int(r.headers["x-oss-hash-crc64ecma"]) == crc64(data)   # the whole object's CRC
    assert demo_bucket.get_object("r.bin", byte_range=(1000, None)).read() == data[1000:]
    assert demo_bucket.get_object("r.bin", byte_range=(None, 24)).read() == data[-24:]
    # invalid: the whole object with 200 ...
    for rng in [(2000, 3000), (10, 5000)]:
        whole = demo_bucket.get_object("r.bin", byte_range=rng)
        assert whole.status == 200 and whole.read() == data
    std = {"x-oss-range-behavior": "standard"}
    # ... unless standard: an end past EOF is clamped, a start past it is 416
    clamped = demo_bucket.get_object("r.bin", byte_range=(1000, 5000), headers=std)
    assert clamped.status == 206 and clamped.read() == data[1000:]
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.get_object("r.bin", byte_range=(2000, 3000), headers=std)
    assert (e.value.status, e.value.code) == (416, "InvalidRange")


def test_conditional_headers(demo_bucket):
    put = demo_bucket.put_object("c.txt", b"cond")
    etag, mtime = put.etag, demo_bucket.head_object("c.txt").last_modified
    for value in (etag, f'"{etag}"', etag.lower()):   # oss2 sends If-Match unquoted
        assert demo_bucket.get_object("c.txt", headers={"If-Match": value}).read() == b"cond"
    with pytest.raises(oss2.exceptions.PreconditionFailed):
        demo_bucket.get_object("c.txt", headers={"If-Match": "0" * 32})
    with pytest.raises(oss2.exceptions.NotModified):
        demo_bucket.get_object("c.txt", headers={"If-None-Match": f'"{etag}"'})
    with pytest.raises(oss2.exceptions.NotModified):
        demo_bucket.get_object("c.txt", headers={"If-Modified-Since": formatdate(mtime + 10, usegmt=True)})
    assert demo_bucket.get_object("c.txt", headers={
        "If-Modified-Since": formatdate(mtime - 10, usegmt=True)}).read() == b"cond"
    with pytest.raises(oss2.exceptions.PreconditionFailed):
        demo_bucket.get_object("c.txt", headers={"If-Unmodified-Since": formatdate(mtime - 10, usegmt=True)})
    ranged = demo_bucket.get_object("c.txt", byte_range=(1, 2), headers={
        "If-Match": etag, "If-Unmodified-Since": formatdate(mtime, usegmt=True)})
    assert ranged.read() == b"on"


def test_response_overrides(oss_sim, demo_bucket):
    demo_bucket.put_object("o.bin", b"x")
    r = demo_bucket.get_object("o.bin", params={"response-content-type": "text/csv",
                                                "response-content-disposition": "attachment; filename=o.csv"})
    assert r.headers["Content-Type"] == "text/csv"
    assert r.headers["Content-Disposition"] == "attachment; filename=o.csv"


def test_crc_matches_oss2(demo_bucket):
    data = bytes(range(256)) * 5000
    demo_bucket.put_object("crc.bin", data)
    c = oss2.utils.Crc64()
    c.update(data)
    assert demo_bucket.head_object("crc.bin").server_crc == c.crc
    assert crc64(b"123456789") == 11051210869376104954


def test_public_endpoint_forbidden(oss_sim):
    oss_sim.store.create_bucket("mainland", "cn-beijing", public_endpoint_forbidden=True)
    public = oss_sim.bucket("mainland")
    public.get_bucket_info()   # bucket management still works
    with pytest.raises(oss2.exceptions.ServerError) as e:
        public.put_object("k", b"v")
    assert (e.value.status, e.value.code, e.value.ec) == (400, "PublicEndpointForbidden", "0048-00000401")
    assert "please use CNAME instead" in e.value.message
    cname = oss_sim.bucket("mainland", endpoint=f"http://localhost:{oss_sim.server.port}")
    cname.put_object("k", b"v")
    assert cname.get_object("k").read() == b"v"


def test_generated_export_served(oss_sim, demo_bucket):
    rec = oss_sim.store.put_generated_export("demo-bucket", "EcsExport_m-1_system.raw.tar.gz",
                                             size=3 << 20, seed="m-1", member_name="system.raw")
    head = demo_bucket.head_object("EcsExport_m-1_system.raw.tar.gz")
    assert head.content_length == 3 << 20 == rec.size and head.server_crc == rec.crc64
    assert head.etag == rec.etag
    assert demo_bucket.get_object("EcsExport_m-1_system.raw.tar.gz").read()[:2] == b"\x1f\x8b"


# --- faults -------------------------------------------------------------------------------------

def test_server_error_fault_and_only(oss_sim, demo_bucket):
    oss_sim.faults.update(server_error=1.0, only={"PutObject"})
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.put_object("k", b"v")
    assert e.value.status in (500, 503) and e.value.code in ("InternalError", "ServiceUnavailable")
    demo_bucket.get_bucket_info()   # other operations unaffected
    oss_sim.faults.clear()
    demo_bucket.put_object("k", b"v")


def test_latency_and_bandwidth_faults(oss_sim, demo_bucket):
    oss_sim.store.put_generated_raw("demo-bucket", "two-mb", size=2_000_000, seed="bw")
    oss_sim.faults.update(latency_ms=200)
    t = time.monotonic()
    demo_bucket.head_object("two-mb")
    assert time.monotonic() - t >= 0.19
    oss_sim.faults.update(latency_ms=0, bandwidth=4.0)   # 4 MB/s: 2 MB take ~0.5 s
    t = time.monotonic()
    assert len(demo_bucket.get_object("two-mb").read()) == 2_000_000
    assert 0.4 <= time.monotonic() - t < 4.0


def test_drop_after_cuts_the_body(oss_sim, demo_bucket):
    oss_sim.store.put_generated_raw("demo-bucket", "big", size=3 << 20, seed="drop")
    oss_sim.faults.update(drop_after=1 << 20)
    body, received = demo_bucket.get_object("big"), 0
    with pytest.raises(requests.exceptions.RequestException):   # the connection closed mid-body
        while chunk := body.read(64 << 10):
            received += len(chunk)
    assert received == 1 << 20
    oss_sim.faults.clear()
    assert len(demo_bucket.get_object("big").read()) == 3 << 20


# --- protocol details ---------------------------------------------------------------------------

def test_unsupported_requests_are_refused_like_oss(oss_sim, demo_bucket):
    demo_bucket.put_object("k", b"v")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket._do("POST", "demo-bucket", "k")
    assert (e.value.status, e.value.code) == (405, "MethodNotAllowed")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.get_bucket_lifecycle()
    assert (e.value.status, e.value.code) == (501, "NotImplemented")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        oss_sim.service().list_buckets(max_keys=0)
    assert e.value.code == "InvalidArgument"


def test_empty_multipart_and_live_channel_listings(demo_bucket):
    assert list(oss2.MultipartUploadIterator(demo_bucket)) == []
    assert list(oss2.LiveChannelIterator(demo_bucket)) == []


def test_listing_without_url_encoding_escapes_xml(oss_sim, demo_bucket):
    demo_bucket.put_object("a&b<c>", b"x")
    resp = demo_bucket._do("GET", "demo-bucket", "", params={"prefix": "a&"})
    body = resp.read().decode()
    assert "<Key>a&amp;b&lt;c&gt;</Key>" in body and "EncodingType" not in body
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>') and "xmlns" not in body


def test_keep_alive_and_stop_closes_connections(tmp_path):
    from tui_export.sim.faults import Faults
    from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, demo_keys
    from tui_export.sim.oss.server import OssServer
    from tui_export.sim.oss.store import ObjectStore
    keys = demo_keys()
    store = ObjectStore(tmp_path)
    store.create_bucket("keepalive", "cn-hangzhou")
    OssServer(store, keys, Faults()).stop()   # never started: stop returns at once
    srv = OssServer(store, keys, Faults()).start()
    b = oss2.Bucket(oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), srv.endpoint, "keepalive")
    for i in range(20):
        b.put_object(f"k{i}", b"x" * i)
        b.get_object(f"k{i}").read()
    assert len(srv._httpd._conns) == 1   # one pooled keep-alive connection served all 40 calls
    t = time.monotonic()
    srv.stop()
    assert time.monotonic() - t < 2
    with pytest.raises(oss2.exceptions.RequestError):
        b.get_bucket_info()


def test_concurrent_clients_mixed_operations(oss_sim, demo_bucket):
    import random
    import threading
    errors = []

    def work(i):
        b = oss_sim.bucket("demo-bucket")
        rnd = random.Random(i)
        for _ in range(30):
            key = f"k{rnd.randrange(6)}"
            try:
                op = rnd.randrange(4)
                if op == 0:
                    b.put_object(key, bytes([i]) * rnd.randrange(1, 200_000))
                elif op == 1:
                    try:
                        body = b.get_object(key).read()   # CRC-checked by oss2
                        assert len(set(body)) == 1        # never a torn mix of two writers
                    except oss2.exceptions.NoSuchKey:
                        pass
                elif op == 2:
                    b.delete_object(key)
                else:
                    list(oss2.ObjectIterator(b))
            except Exception as e:   # noqa: BLE001 - collected and reported below
                errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
