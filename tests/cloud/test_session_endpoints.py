"""Endpoint resolution: real endpoints over HTTPS, overrides from arguments and the
environment, CNAME and internal OSS endpoints (and PublicEndpointForbidden)."""

from __future__ import annotations

import urllib.request

import pytest

from session_fixtures import BUCKET, REGION, make_session, new_image, ready, request_for, session, sim  # noqa: F401
from recording_proxy import RecordingProxy
from tui_export.cloud.credentials import Credentials, CredentialFetchError, RamRoleArnProvider
from tui_export.cloud.endpoints import Endpoints, parse_cnames, with_scheme
from tui_export.cloud.errors import CloudError
from tui_export.cloud.retry import RetryPolicy
from tui_export.cloud.session import CloudSession, StaticCredentials
from tui_export.core.models import ExportRequest


def test_real_defaults_are_https():
    e = Endpoints.from_env({})
    assert e.ecs_url("cn-shanghai") == "https://ecs.cn-shanghai.aliyuncs.com"
    assert e.ram_url() == "https://ram.aliyuncs.com"
    assert e.oss_region_url("cn-beijing") == "https://oss-cn-beijing.aliyuncs.com"
    assert e.oss_object_url("b", "cn-beijing") == ("https://oss-cn-beijing.aliyuncs.com", False)


def test_env_overrides_and_arguments_win():
    env = {"TUI_EXPORT_ECS_ENDPOINT": "ecs.example.internal", "TUI_EXPORT_RAM_ENDPOINT": "http://127.0.0.1:9",
           "TUI_EXPORT_OSS_ENDPOINT": "127.0.0.1:10", "TUI_EXPORT_OSS_INTERNAL": "1",
           "TUI_EXPORT_OSS_CNAME": "files.example.com"}
    e = Endpoints.from_env(env)
    assert e.ecs_url("cn-hangzhou") == "https://ecs.example.internal"
    assert e.ram_url() == "http://127.0.0.1:9"
    assert e.oss == "http://127.0.0.1:10" and e.oss_internal
    assert e.cname_for("any") == "https://files.example.com"
    e2 = Endpoints.from_env(env, ecs="https://other", oss_cname="b1=d1.example.com")
    assert e2.ecs_url("x") == "https://other"
    assert e2.cname_for("b1") == "https://d1.example.com"


def test_internal_endpoint():
    e = Endpoints.from_env({"TUI_EXPORT_OSS_INTERNAL": "true"})
    assert e.oss_object_url("b", "cn-hangzhou") == ("https://oss-cn-hangzhou-internal.aliyuncs.com", False)
    # bucket management stays on the public endpoint
    assert e.oss_region_url("cn-hangzhou", internal=False) == "https://oss-cn-hangzhou.aliyuncs.com"


def test_parse_cnames_and_schemes():
    assert parse_cnames("a=x.example.com;b=https://y.example.com") == (
        None, {"a": "https://x.example.com", "b": "https://y.example.com"})
    assert with_scheme("localhost:8080") == "http://localhost:8080"
    assert with_scheme("oss.example.com") == "https://oss.example.com"


@pytest.fixture
def proxy(monkeypatch):
    """Every SDK request for a real host goes to a local proxy that refuses it (nothing leaves)."""
    with RecordingProxy() as p:
        for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
            monkeypatch.setenv(name, p.url)
        # NO_PROXY keeps covering only the loopback hosts, never *.aliyuncs.com
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
        yield p


def _real_session(credentials) -> CloudSession:
    return CloudSession(credentials, Endpoints.from_env({}), retry=RetryPolicy(max_attempts=1))


def test_real_cloud_requests_go_out_as_https_through_the_real_sdks(proxy):
    """ECS, RAM, STS and OSS (bucket and object calls): each asks the proxy for a TLS tunnel
    to the service's host on 443 (CONNECT), never for a plain-HTTP URL."""
    s = _real_session(StaticCredentials("FAKEexample000000001", "FAKE-secret-value"))
    calls = [
        lambda: s.image_count("eu-central-1"),                          # ECS DescribeImages
        lambda: s.export(ExportRequest("eu-central-1", "m-FAKE0000000000000001", "b"), dry_run=True),
        s.role_state,                                                    # RAM GetRole
        s.buckets,                                                       # OSS ListBuckets
        lambda: s.head_object("fake-bucket-x", "a.raw.tar.gz", region_id="cn-beijing"),   # OSS object
    ]
    for call in calls:
        with pytest.raises(CloudError):
            call()
    role = RamRoleArnProvider(Credentials("FAKEexample000000002", "FAKE-secret-value"),
                              "acs:ram::1234567890123456:role/fake-role", timeout_s=5)
    with pytest.raises(CredentialFetchError):
        _real_session(role).image_count("cn-shanghai")                  # STS AssumeRole first

    assert proxy.plain() == []
    assert proxy.connects() == {
        "ecs.eu-central-1.aliyuncs.com:443", "ram.aliyuncs.com:443", "sts.aliyuncs.com:443",
        "oss-cn-hangzhou.aliyuncs.com:443", "fake-bucket-x.oss-cn-beijing.aliyuncs.com:443",
    }


def test_one_client_per_region_with_pool_and_no_sdk_retry(sim):
    s = make_session(sim)
    s.image_count("cn-hangzhou")
    s.image_count("cn-shanghai")
    s.image_count("cn-hangzhou")
    clients = dict(s._clients)
    assert set(clients) == {"cn-hangzhou", "cn-shanghai"}
    c = clients["cn-hangzhou"]
    assert c.get_region_id() == "cn-hangzhou" and c.get_port() == 80 and not c.is_auto_retry()


def test_real_cname_bucket_is_virtual_host():
    s = CloudSession(StaticCredentials("FAKEexample000000001", "secret-value"),
                     Endpoints.from_env({}, oss_cname="files.example.com"))
    b = s.oss_bucket("mybucket", "cn-hangzhou")
    assert b.endpoint == "https://files.example.com"
    url, _ = s.presign("mybucket", "dir/a.raw.tar.gz", 60, region_id="cn-hangzhou")
    assert url.startswith("https://files.example.com/dir/a.raw.tar.gz?")


def test_public_endpoint_forbidden_then_cname_and_internal(ready, sim):
    image = new_image(sim)
    req = request_for(image)
    task_id = ready.export(req)
    sim.world.finish_task(task_id)
    task = ready.task(REGION, task_id)
    sim.store.update_bucket(BUCKET, public_endpoint_forbidden=True)
    try:
        with pytest.raises(CloudError) as info:
            ready.exported_objects(task, req)
        assert info.value.code == "PublicEndpointForbidden" and info.value.request_id
        assert "--oss-cname" in info.value.explain("en")[1]
        port = sim.oss_endpoint.rsplit(":", 1)[1]
        via_cname = make_session(sim, oss_cname=f"http://localhost:{port}")
        objects = via_cname.exported_objects(task, req)
        assert objects and objects[0].size > 0
        url, _ = via_cname.presign(BUCKET, objects[0].key, 60)
        with urllib.request.urlopen(url, timeout=10) as r:
            assert len(r.read()) == objects[0].size
        via_internal = make_session(sim, oss_internal=True)
        assert via_internal.head_object(BUCKET, objects[0].key).crc64 == objects[0].crc64
        # bucket management keeps working on the public endpoint
        assert any(b.name == BUCKET for b in ready.buckets())
    finally:
        sim.store.update_bucket(BUCKET, public_endpoint_forbidden=False)
