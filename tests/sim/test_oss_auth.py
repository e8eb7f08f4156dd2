"""Who may talk to the sim's OSS: V1/V4 header signatures, presigned URLs, STS tokens, and refusals."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from email.utils import formatdate

import oss2
import pytest
import requests
from oss_fixtures import demo_bucket, oss_sim  # noqa: F401

from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from tui_export.sim.oss import auth_v1
from tui_export.sim.oss.auth import Request, authenticate
from tui_export.sim.oss.errors import OssError


def test_v1_doc_vector():
    to_sign = auth_v1.string_to_sign(
        "PUT", "oss-example", "nelson", {}, [("X-OSS-Meta-Author", "foo@bar.com"), ("X-OSS-Magic", "abracadabra")],
        "ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=", "text/html", "Thu, 17 Nov 2005 18:49:58 GMT")
    assert to_sign == ("PUT\nODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=\ntext/html\n"
                       "Thu, 17 Nov 2005 18:49:58 GMT\nx-oss-magic:abracadabra\nx-oss-meta-author:foo@bar.com\n"
                       "/oss-example/nelson")
    assert auth_v1.sign("OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV", to_sign) == "26NBxoKdsyly4EDv6inkoDft/yA="


def test_v1_resource_signs_sub_resources_only():
    assert auth_v1.canonical_resource("b", "", {"bucketInfo": "", "prefix": "x"}) == "/b/?bucketInfo"
    assert auth_v1.canonical_resource(None, "", {}) == "/"
    assert auth_v1.canonical_resource("b", "a/b c", {"acl": "", "response-content-type": "t/x"}) == (
        "/b/a/b c?acl&response-content-type=t/x")


@pytest.mark.parametrize("version", ["v1", "v2", "v4"])
def test_header_signatures_work_end_to_end(oss_sim, demo_bucket, version):
    auth = oss2.make_auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, version)
    b = oss_sim.bucket("demo-bucket", auth=auth, region="cn-hangzhou")
    key = "päth/with spaces/+plus%25.txt"
    b.put_object(key, b"signed", headers={"x-oss-meta-k": "v", "Content-Type": "text/plain"})
    assert b.get_object(key, byte_range=(0, 2)).read() == b"sig"
    assert [o.key for o in b.list_objects(prefix="päth/").object_list] == [key]
    assert b.get_bucket_info().name == "demo-bucket"
    b.batch_delete_objects([key])
    assert [x.name for x in oss_sim.service(auth).list_buckets().buckets] == ["demo-bucket"]


def test_provider_auth_v4(oss_sim, demo_bucket):
    provider = oss2.credentials.StaticCredentialsProvider(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    b = oss_sim.bucket("demo-bucket", auth=oss2.ProviderAuthV4(provider), region="cn-hangzhou")
    b.put_object("p", b"v4")
    assert b.get_object("p").read() == b"v4"


def test_v4_region_stands_for_the_endpoint(oss_sim, demo_bucket):
    elsewhere = oss_sim.bucket("demo-bucket", auth=oss_sim.auth_v4(), region="cn-beijing")
    with pytest.raises(oss2.exceptions.AccessDenied) as e:
        elsewhere.get_object("k")
    assert e.value.details["Endpoint"] == "oss-cn-hangzhou.aliyuncs.com"
    with pytest.raises(oss2.exceptions.AccessDenied):
        elsewhere.head_object("k")
    # bucket management too, and presigned URLs; listing buckets works from any region
    with pytest.raises(oss2.exceptions.AccessDenied):
        elsewhere.get_bucket_info()
    assert requests.get(elsewhere.sign_url("GET", "k", 60)).status_code == 403
    assert [b.name for b in oss_sim.service(oss_sim.auth_v4(), region="eu-central-1").list_buckets().buckets]
    # PutBucket signed V4 lands in the signing region
    oss_sim.bucket("made-in-sg", auth=oss_sim.auth_v4(), region="ap-southeast-1").create_bucket()
    assert oss_sim.store.get_bucket("made-in-sg").region_id == "ap-southeast-1"


@pytest.mark.parametrize("slash_safe", [False, True])
def test_v1_presigned_url_with_plain_urllib(oss_sim, demo_bucket, slash_safe):
    demo_bucket.put_object("exports/disk.raw.tar.gz", b"payload")
    url = demo_bucket.sign_url("GET", "exports/disk.raw.tar.gz", 60, slash_safe=slash_safe)
    assert "OSSAccessKeyId=" in url and "Signature=" in url
    with urllib.request.urlopen(url) as r:
        assert r.read() == b"payload"
        assert r.headers["x-oss-hash-crc64ecma"]
    tampered = url.replace("Signature=", "Signature=A")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(tampered)
    assert e.value.code == 403 and b"SignatureDoesNotMatch" in e.value.read()


def test_v1_presigned_url_expired(oss_sim, demo_bucket):
    demo_bucket.put_object("k", b"v")
    r = requests.get(demo_bucket.sign_url("GET", "k", -5))
    assert r.status_code == 403
    assert "<Code>AccessDenied</Code>" in r.text and "Request has expired." in r.text


def test_v4_presigned_url(oss_sim, demo_bucket):
    demo_bucket.put_object("a/b.bin", b"v4-url")
    b = oss_sim.bucket("demo-bucket", auth=oss_sim.auth_v4(), region="cn-hangzhou")
    url = b.sign_url("GET", "a/b.bin", 120)
    assert "x-oss-signature=" in url and "x-oss-credential=" in url
    r = requests.get(url)
    assert r.status_code == 200 and r.content == b"v4-url"
    with urllib.request.urlopen(url) as u:
        assert u.read() == b"v4-url"
    assert requests.get(url.replace("x-oss-signature=", "x-oss-signature=0")).status_code == 403


def test_v2_signatures(oss_sim, demo_bucket):
    b = oss_sim.bucket("demo-bucket", auth=oss2.AuthV2(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET))
    b.put_object("v2/k", b"0123456789")
    assert b.get_object("v2/k", byte_range=(2, 4)).read() == b"234"   # Range is an additional header
    assert requests.get(b.sign_url("GET", "v2/k", 60)).content == b"0123456789"
    with pytest.raises(oss2.exceptions.SignatureDoesNotMatch):
        oss_sim.bucket("demo-bucket", auth=oss2.AuthV2(DEMO_ACCESS_KEY_ID, "bad")).get_object("v2/k")


def test_v4_presigned_url_expired():
    from tui_export.sim.keys import demo_keys
    keys = demo_keys()
    b = oss2.Bucket(oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), "http://127.0.0.1:1", "bkt",
                    region="cn-hangzhou")
    url = b.sign_url("GET", "k", 60)
    from urllib.parse import parse_qsl, urlsplit
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    req = Request("GET", "bkt", "k", query, [])
    assert authenticate(req, keys).access_key_id == DEMO_ACCESS_KEY_ID
    with pytest.raises(OssError) as e:
        authenticate(req, keys, now=time.time() + 120)
    assert e.value.code == "AccessDenied" and e.value.message == "Request has expired."


def test_sts_token(oss_sim, demo_bucket):
    sts = oss_sim.keys.issue_sts(ttl_s=600)
    for version in ("v1", "v4"):
        b = oss_sim.bucket("demo-bucket", auth=oss2.StsAuth(sts.access_key_id, sts.secret, sts.token,
                                                            auth_version=version))
        b.put_object("sts-" + version, b"t")
        assert requests.get(b.sign_url("GET", "sts-" + version, 60)).content == b"t"
    with pytest.raises(oss2.exceptions.ServerError) as e:   # the token left out
        oss_sim.bucket("demo-bucket", auth=oss2.Auth(sts.access_key_id, sts.secret)).get_object("sts-v1")
    assert (e.value.status, e.value.code) == (403, "InvalidAccessKeyId")
    with pytest.raises(oss2.exceptions.ServerError) as e:
        oss_sim.bucket("demo-bucket", auth=oss2.StsAuth(sts.access_key_id, sts.secret, "forged")).get_object("x")
    assert e.value.code == "InvalidSecurityToken"
    old = oss_sim.keys.issue_sts(ttl_s=-1)
    with pytest.raises(oss2.exceptions.ServerError) as e:
        oss_sim.bucket("demo-bucket", auth=oss2.StsAuth(old.access_key_id, old.secret, old.token)).get_object("x")
    assert (e.value.status, e.value.code) == (403, "SecurityTokenExpired")


@pytest.mark.parametrize("version", ["v1", "v4"])
def test_wrong_secret(oss_sim, demo_bucket, version):
    auth = oss2.Auth(DEMO_ACCESS_KEY_ID, "wrong") if version == "v1" else oss2.AuthV4(DEMO_ACCESS_KEY_ID, "wrong")
    with pytest.raises(oss2.exceptions.SignatureDoesNotMatch) as e:
        oss_sim.bucket("demo-bucket", auth=auth).get_object("k")
    d = e.value.details
    assert e.value.status == 403 and d["OSSAccessKeyId"] == DEMO_ACCESS_KEY_ID
    assert d["StringToSign"] and d["SignatureProvided"]
    with pytest.raises(oss2.exceptions.SignatureDoesNotMatch):   # HEAD too, via x-oss-err
        oss_sim.bucket("demo-bucket", auth=auth).head_object("k")


def test_unknown_and_disabled_keys(oss_sim, demo_bucket):
    with pytest.raises(oss2.exceptions.ServerError) as e:
        oss_sim.bucket("demo-bucket", auth=oss2.Auth("FAKEnope", "x")).get_object("k")
    assert (e.value.status, e.value.code) == (403, "InvalidAccessKeyId")
    assert e.value.details["OSSAccessKeyId"] == "FAKEnope"
    oss_sim.keys.disable(DEMO_ACCESS_KEY_ID)
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.get_bucket_info()
    assert e.value.code == "InvalidAccessKeyId"


def test_clock_skew(oss_sim, demo_bucket, monkeypatch):
    monkeypatch.setattr(oss2.utils, "http_date", lambda t=None: formatdate(time.time() - 20 * 60, usegmt=True))
    with pytest.raises(oss2.exceptions.ServerError) as e:
        demo_bucket.get_bucket_info()
    assert (e.value.status, e.value.code) == (403, "RequestTimeTooSkewed")
    monkeypatch.setattr(oss2.utils, "http_date", lambda t=None: formatdate(time.time() - 10 * 60, usegmt=True))
    demo_bucket.get_bucket_info()   # 10 min is fine


def test_clock_skew_v4(oss_sim, demo_bucket, monkeypatch):
    class Late(datetime):
        @classmethod
        def utcnow(cls):
            return datetime.utcnow() + timedelta(minutes=16)
    monkeypatch.setattr(oss2.auth, "datetime", Late)
    with pytest.raises(oss2.exceptions.ServerError) as e:
        oss_sim.bucket("demo-bucket", auth=oss_sim.auth_v4()).get_bucket_info()
    assert e.value.code == "RequestTimeTooSkewed"


def test_anonymous(oss_sim, demo_bucket):
    demo_bucket.put_object("k", b"v")
    anon = oss_sim.bucket("demo-bucket", auth=oss2.AnonymousAuth())
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.get_object("k")
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.head_object("k")
    assert requests.get(oss_sim.endpoint + "/").status_code == 403
    demo_bucket.put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ)
    assert anon.get_object("k").read() == b"v"
    with pytest.raises(oss2.exceptions.AccessDenied):
        anon.put_object("k2", b"v")
