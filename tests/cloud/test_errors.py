"""Errors: every row of the seed's table surfaces as a CloudError with the right code,
RequestId and an explanation in both languages; credential errors; secrets never
appear in an error's text, repr or the logs."""

from __future__ import annotations

import logging
import pickle
import socket
from contextlib import contextmanager
from dataclasses import replace

import pytest

from session_fixtures import (BUCKET, REGION, make_session, new_image, request_for, session, sim)  # noqa: F401
from tui_export.cloud.endpoints import Endpoints
from tui_export.cloud.errors import CloudError, scrub, translate
from tui_export.cloud.session import CloudSession, StaticCredentials
from tui_export.core.api_errors import SEED_ERRORS
from tui_export.core.models import ExportRequest
from tui_export.sim.keys import KeyRecord

SECRET = "Sup3rSecretValue+/=xyz0123456789abcd"
TOKEN = "CAIS+token/with=odd&chars" + "Q" * 40


# --- the seed's table through the embedded cloud -------------------------------------

@contextmanager
def account(sim, **values):
    saved = {k: getattr(sim.world.account, k) for k in values}
    for k, v in values.items():
        setattr(sim.world.account, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(sim.world.account, k, v)


@contextmanager
def no_role(sim):
    saved = dict(sim.world.roles)
    sim.world.roles.clear()
    try:
        yield
    finally:
        sim.world.roles.update(saved)


@contextmanager
def nothing():
    yield


def _image(sim, **kw):
    return request_for(new_image(sim, **kw))


# key -> (request builder, context manager factory)
CASES = {
    "MissingParameter.RegionId": (lambda sim: ExportRequest("", "m-x", BUCKET), None),
    "MissingParameter.ImageId": (lambda sim: ExportRequest(REGION, "", BUCKET), None),
    "MissingParameter.OSSBucket": (lambda sim: ExportRequest(REGION, "m-x", ""), None),
    "InvalidImageName.Malformed": (lambda sim: request_for(new_image(sim, name="1-starts-with-digit")), None),
    "InvalidOSSPrefix.Malformed": (lambda sim: request_for(new_image(sim), prefix="bad_prefix!"), None),
    "InvalidRegionId.NotFound": (lambda sim: ExportRequest("xx-nowhere-9", "m-x", BUCKET), None),
    "InvalidRegion.NotSupport": (lambda sim: ExportRequest("cn-nanjing", "m-x", BUCKET), None),
    "InvalidImageId.NotFound": (lambda sim: ExportRequest(REGION, "m-nosuchimage000000", BUCKET), None),
    "IncorrectImageStatus": (lambda sim: request_for(new_image(sim, status="Creating")), None),
    "ImageNotSupported.Market": (lambda sim: request_for(new_image(sim, product_code="cmjj0001")), None),
    "InvalidImageFormat.Malformed": (lambda sim: replace(_image(sim), image_format="iso"), None),
    "ImageIsExporting": (lambda sim: request_for(sim.world.images["m-bp1demoexp000000009"]), None),
    "ExportImageFailed": (lambda sim: _image(sim), "export_fail"),
    "UserNotInTheWhiteList": (lambda sim: _image(sim), {"whitelisted": False}),
    "NoSetRoletoECSServiceAcount": (lambda sim: _image(sim), "no_role"),
    "InvalidOSSBucket.NotFound": (lambda sim: request_for(new_image(sim), bucket="no-such-bucket-x"), None),
    "OperationDenied": (lambda sim: _image(sim, data_disks=1), {"deny_data_disk_export": True}),
    "InvalidImage.DiskAmountOrSize": (lambda sim: _image(sim, data_disks=5), None),
    "ImageNotSupported.Encrypted": (lambda sim: request_for(sim.world.images["m-bp1demoenc0000000005"]), None),
    "ImageNotSupported.Marketplace": (lambda sim: _image(sim, owner_alias="marketplace"), None),
    "InvalidOSSBucket.NotMatched": (lambda sim: request_for(new_image(sim), bucket="demo-export-shanghai"), None),
    "ConcurrentQuotaExceed.ExportImage": (lambda sim: _image(sim), {"concurrent_quota": 0}),
    "WeeklyQuotaExceed.ExportImage": (lambda sim: _image(sim), {"weekly_quota": 0}),
    "InvalidImageLicense.NotSupported": (lambda sim: _image(sim, os_type="windows"), None),
}


def test_every_seed_row_has_a_case():
    assert set(CASES) == set(SEED_ERRORS)


@pytest.mark.parametrize("key", sorted(CASES))
def test_seed_error_surfaces(key, session, sim):
    session.ensure_role()
    build, setup = CASES[key]
    req = build(sim)
    if setup == "export_fail":
        sim.faults.update(export_fail=1.0)
        ctx = nothing()
    elif setup == "no_role":
        ctx = no_role(sim)
    elif isinstance(setup, dict):
        ctx = account(sim, **setup)
    else:
        ctx = nothing()
    expected = SEED_ERRORS[key]
    with ctx, pytest.raises(CloudError) as info:
        session.export(req, dry_run=(setup != "export_fail"))
    err = info.value
    assert (err.code, err.http_status) == (expected.code, expected.http_status)
    assert err.request_id and err.operation == "ExportImage"
    assert not err.retryable
    from tui_export.core.explain import resolve_key
    assert resolve_key(err.code, err.message) == key
    for lang in ("en", "zh"):
        what, nxt = err.explain(lang)
        assert what and nxt


# --- credentials ------------------------------------------------------------------------

def _session(sim, ak, secret, token=None, **kw) -> CloudSession:
    return make_session(sim, credentials=StaticCredentials(ak, secret, token), **kw)


def _assert_clean(err: CloudError, *secrets: str) -> None:
    texts = [str(err), repr(err), err.message, " ".join(map(str, err.args)), str(pickle.loads(pickle.dumps(err)))]
    for text in texts:
        for s in secrets:
            assert s not in text, f"secret leaked into {text!r}"


def test_wrong_secret(sim):
    s = _session(sim, sim.access_key_id, SECRET)
    with pytest.raises(CloudError) as info:
        s.images(REGION)
    err = info.value
    assert err.code in ("InvalidAccessKeySecret", "SignatureDoesNotMatch") and err.request_id
    assert "secret" in err.explain("en")[0].lower()
    _assert_clean(err, SECRET)
    with pytest.raises(CloudError) as info:
        s.buckets()
    assert info.value.code == "SignatureDoesNotMatch"
    _assert_clean(info.value, SECRET)


def test_unknown_key(sim):
    s = _session(sim, "FAKEnosuchkey0000000", SECRET)
    with pytest.raises(CloudError) as info:
        s.regions("en")
    assert info.value.code == "InvalidAccessKeyId.NotFound" and info.value.request_id
    with pytest.raises(CloudError) as info:
        s.buckets()
    assert info.value.code == "InvalidAccessKeyId"
    _assert_clean(info.value, SECRET)


def test_disabled_key(sim):
    sim.keys.add(KeyRecord("SIMDISABLEDKEY-00001", SECRET, enabled=False))
    with pytest.raises(CloudError) as info:
        _session(sim, "SIMDISABLEDKEY-00001", SECRET).regions("en")
    assert info.value.code == "Forbidden.AccessKeyDisabled"


def test_expired_sts_token(sim):
    ak, secret, token = sim.issue_sts_token(ttl_s=-1)     # expired from the start: nothing to wait for
    s = _session(sim, ak, secret, token)
    with pytest.raises(CloudError) as info:
        s.images(REGION)
    err = info.value
    assert err.code == "InvalidSecurityToken.Expired" and not err.retryable
    assert "STS" in err.explain("en")[0]
    _assert_clean(err, secret, token)


def test_sts_wrong_secret_scrubs_token(sim):
    ak, _secret, token = sim.issue_sts_token(ttl_s=600)
    s = _session(sim, ak, SECRET, token)
    with pytest.raises(CloudError) as info:
        s.images(REGION)
    _assert_clean(info.value, SECRET, token)


def test_network_error_scrubs_url_and_is_not_ambiguous_when_refused(sim, caplog):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    endpoints = Endpoints(ecs=f"http://127.0.0.1:{port}", ram=f"http://127.0.0.1:{port}",
                          oss=f"http://127.0.0.1:{port}").normalized()
    s = CloudSession(StaticCredentials("STS.someid0001", SECRET, TOKEN), endpoints,
                     retry=make_session(sim).retry)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(CloudError) as info:
        s.images(REGION)
    err = info.value
    assert err.code == "NetworkError" and err.retryable and not err.ambiguous
    _assert_clean(err, SECRET, TOKEN)
    with pytest.raises(CloudError) as info:
        s.buckets()
    assert info.value.code == "NetworkError"
    _assert_clean(info.value, SECRET, TOKEN)
    assert SECRET not in caplog.text and TOKEN not in caplog.text and "Signature=" not in caplog.text


def test_timeout_is_distinguished(sim):
    s = make_session(sim, read_timeout=0.2)
    sim.faults.update(latency_ms=600)
    try:
        with pytest.raises(CloudError) as info:
            s.image_count(REGION)
    finally:
        sim.faults.clear()
    assert info.value.code == "Timeout" and info.value.retryable and info.value.ambiguous


# --- translation and scrubbing, offline ---------------------------------------------------

def test_scrub_string_to_sign_and_query():
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    sts = ("POST&%2F&AccessKeyId%3DSTS.abc%26Action%3DDescribeImages%26SecurityToken%3D"
           + TOKEN.replace("+", "%252B").replace("/", "%252F").replace("=", "%253D").replace("&", "%2526"))
    exc = ServerException("SignatureDoesNotMatch",
                          "Specified signature is not matched with our calculation. server string to sign is:" + sts,
                          400, "RID-1")
    err = translate(exc, operation="DescribeImages", secrets=(SECRET, TOKEN, "STS.abc"))
    assert err.code == "SignatureDoesNotMatch" and err.request_id == "RID-1"
    _assert_clean(err, TOKEN, "STS.abc", "SecurityToken%3D")
    text = scrub(f"GET /?AccessKeyId=AK1&SecurityToken={TOKEN}&Signature=abc%3D&x=1 {SECRET}", (SECRET,))
    assert TOKEN not in text and SECRET not in text and "abc%3D" not in text and "x=1" in text


def test_translate_client_and_oss_errors():
    from aliyunsdkcore.acs_exception.exceptions import ClientException
    import oss2
    import requests

    t = translate(ClientException("SDK.HttpError", "HTTPConnectionPool(host='h', port=1): Read timed out. (read timeout=1)"))
    assert t.code == "Timeout" and t.ambiguous and t.retryable
    n = translate(ClientException("SDK.HttpError", "('Connection aborted.', RemoteDisconnected('Remote end closed "
                                                   "connection without response'))"))
    assert n.code == "NetworkError" and n.ambiguous
    assert translate(oss2.exceptions.RequestError(requests.exceptions.ReadTimeout("Read timed out."))).code == "Timeout"
    crc = translate(oss2.exceptions.InconsistentError("crc mismatch", "RID"))
    assert crc.code == "CrcMismatch" and crc.request_id == "RID"
    nf = translate(oss2.exceptions.NotFound(404, {"x-oss-request-id": "R2"}, b"", {}))
    assert (nf.code, nf.http_status, nf.request_id) == ("NoSuchKey", 404, "R2")
    full = translate(OSError(28, "No space left on device"))
    assert full.code == "DiskFull" and not full.retryable
    assert translate(socket.timeout("timed out")).code == "Timeout"
    assert translate(ConnectionResetError(104, "reset")).code == "NetworkError"


def test_unknown_code_passes_through():
    err = CloudError("Some.NewCode", "The cloud's own words.", 400, "RID")
    what, nxt = err.explain("en")
    assert "The cloud's own words." in what and nxt
    assert "The cloud's own words." in err.explain("zh")[0]
    assert "Some.NewCode" in str(err) and "RID" in str(err)


def test_scrub_leaves_ordinary_messages_alone():
    from tui_export.core.api_errors import ERRORS
    for api_error in ERRORS.values():
        if "string to sign" not in api_error.message:     # that part is always cut
            assert scrub(api_error.message) == api_error.message
    assert scrub("Authorization: OSS AKID123:c2lnbmF0dXJlLXZhbHVl") == "Authorization: OSS AKID123:***"
