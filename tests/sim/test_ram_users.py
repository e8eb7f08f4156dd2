"""RAM users in the embedded cloud: allow-lists with wildcards, each service's refusal,
GetCallerIdentity, scenario checks and a skewed cloud clock — all through the real SDKs."""

from __future__ import annotations

import email.utils
import json
import time

import oss2
import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import ScenarioError, load_scenario
from tui_export.sim.users import allows

BUCKET = "demo-export-hangzhou"


def _scenario(*users: dict) -> dict:
    doc = load_scenario("demo")
    return {**doc, "users": list(users)}


def _user(name: str, *allow: str) -> dict:
    return {"name": name, "access_key_id": f"FAKE-{name}-id", "access_key_secret": f"FAKE-{name}-secret",
            "allow": list(allow)}


@pytest.fixture
def cloud():
    scenario = _scenario(_user("viewer", "ecs:Describe*", "oss:ListBuckets", "sts:AssumeRole"),
                         _user("nobody"))
    with EmbeddedCloud(scenario, export_seconds=1.0, bytes_per_gib=16 << 10) as sim:
        yield sim


def _rpc(sim, ak: str, secret: str, endpoint: str, version: str, action: str, **params) -> dict:
    client = AcsClient(ak, secret, "cn-hangzhou")
    request = CommonRequest(domain=endpoint.split("//", 1)[1], version=version, action_name=action)
    request.set_protocol_type("http")
    request.set_method("POST")
    request.set_accept_format("json")
    for key, value in params.items():
        request.add_query_param(key, value)
    return json.loads(client.do_action_with_exception(request))


def _ecs(sim, user: str | None, action: str, **params) -> dict:
    ak, secret = (f"FAKE-{user}-id", f"FAKE-{user}-secret") if user else (sim.access_key_id, sim.access_key_secret)
    return _rpc(sim, ak, secret, sim.ecs_endpoint, "2014-05-26", action, RegionId="cn-hangzhou", **params)


def test_wildcards_match_like_ram():
    assert allows(("ecs:Describe*",), "ecs:DescribeImages")
    assert allows(("ECS:describe*",), "ecs:DescribeTasks")      # RAM actions are case-insensitive
    assert not allows(("ecs:Describe*",), "ecs:ExportImage")
    assert allows(("oss:*",), "oss:GetObject")
    assert allows(("*",), "ram:CreateRole")
    assert not allows(("ecs:DescribeImage",), "ecs:DescribeImages")


def test_ecs_allows_the_list_and_refuses_the_rest(cloud):
    assert _ecs(cloud, "viewer", "DescribeImages")["TotalCount"] >= 1
    with pytest.raises(ServerException) as refused:
        _ecs(cloud, "viewer", "ExportImage", ImageId="m-bp1demoweb0000000001", OSSBucket=BUCKET, DryRun="true")
    assert (refused.value.get_http_status(), refused.value.get_error_code()) == (403, "Forbidden.RAM")
    # the account's own key is never judged
    with pytest.raises(ServerException) as dry:
        _ecs(cloud, None, "ExportImage", ImageId="m-bp1demoweb0000000001", OSSBucket=BUCKET, DryRun="true")
    assert dry.value.get_error_code() != "Forbidden.RAM"


def test_ram_refuses_with_no_permission(cloud):
    with pytest.raises(ServerException) as refused:
        _rpc(cloud, "FAKE-viewer-id", "FAKE-viewer-secret", cloud.ram_endpoint, "2015-05-01", "GetRole",
             RoleName="AliyunECSImageExportDefaultRole")
    assert (refused.value.get_http_status(), refused.value.get_error_code()) == (403, "NoPermission")


def test_oss_refuses_with_access_denied_and_its_ec(cloud):
    viewer = oss2.Auth("FAKE-viewer-id", "FAKE-viewer-secret")
    names = [b.name for b in oss2.BucketIterator(oss2.Service(viewer, cloud.oss_endpoint))]
    assert BUCKET in names
    bucket = oss2.Bucket(viewer, cloud.oss_endpoint, BUCKET)
    with pytest.raises(oss2.exceptions.AccessDenied) as refused:
        bucket.get_bucket_info()
    assert refused.value.status == 403 and refused.value.ec == "0003-00000001"
    # a HEAD of a key that isn't there: 403 for a user without oss:GetObject, 404 for the account
    with pytest.raises(oss2.exceptions.ServerError) as head:
        bucket.head_object("no-such-key")
    assert head.value.status == 403
    owner = oss2.Bucket(oss2.Auth(cloud.access_key_id, cloud.access_key_secret), cloud.oss_endpoint, BUCKET)
    with pytest.raises(oss2.exceptions.NotFound):
        owner.head_object("no-such-key")


def test_get_caller_identity_names_account_user_and_role(cloud):
    account = cloud.world.account.account_id
    root = _rpc(cloud, cloud.access_key_id, cloud.access_key_secret, cloud.sts_endpoint, "2015-04-01",
                "GetCallerIdentity")
    assert (root["AccountId"], root["Arn"], root["IdentityType"]) == (account, f"acs:ram::{account}:root", "Account")
    # a user with no permission at all may still ask who it is
    nobody = _rpc(cloud, "FAKE-nobody-id", "FAKE-nobody-secret", cloud.sts_endpoint, "2015-04-01",
                  "GetCallerIdentity")
    assert (nobody["Arn"], nobody["IdentityType"]) == (f"acs:ram::{account}:user/nobody", "RAMUser")
    assert nobody["UserId"].isdigit() and nobody["AccountId"] == account


def test_an_assumed_role_is_named_by_its_session(cloud):
    account = cloud.world.account.account_id
    cloud.world.grant_export_role()
    role = next(iter(cloud.world.roles.values())).name
    creds = _rpc(cloud, "FAKE-viewer-id", "FAKE-viewer-secret", cloud.sts_endpoint, "2015-04-01", "AssumeRole",
                 RoleArn=f"acs:ram::{account}:role/{role}", RoleSessionName="doctor")["Credentials"]
    from aliyunsdkcore.auth.credentials import StsTokenCredential
    client = AcsClient(region_id="cn-hangzhou", credential=StsTokenCredential(
        creds["AccessKeyId"], creds["AccessKeySecret"], creds["SecurityToken"]))
    request = CommonRequest(domain=cloud.sts_endpoint.split("//", 1)[1], version="2015-04-01",
                            action_name="GetCallerIdentity")
    request.set_protocol_type("http")
    request.set_accept_format("json")
    who = json.loads(client.do_action_with_exception(request))
    assert (who["Arn"], who["IdentityType"]) == (f"acs:ram::{account}:assumed-role/{role}/doctor", "AssumedRoleUser")


@pytest.mark.parametrize("users, where", [
    ([{"name": "a", "access_key_id": "k", "access_key_secret": "s", "allow": ["DescribeImages"]}], "users[0].allow[0]"),
    ([{"name": "a", "access_key_id": "k", "access_key_secret": "s", "allow": "ecs:*"}], "users[0].allow"),
    ([{"name": "a", "access_key_id": "k", "access_key_secret": "s"},
      {"name": "a", "access_key_id": "k2", "access_key_secret": "s"}], "users[1].name"),
    ([{"name": "a", "access_key_id": "k", "access_key_secret": "s"},
      {"name": "b", "access_key_id": "k", "access_key_secret": "s"}], "users[1].access_key_id"),
    ([{"name": "a", "access_key_id": "k"}], "users[0]"),
])
def test_a_bad_user_entry_is_refused_with_its_place(users, where):
    with pytest.raises(ScenarioError) as refused:
        load_scenario({"users": users})
    assert where in str(refused.value)


def test_a_skewed_cloud_clock_shows_in_date_and_refuses_old_requests(cloud):
    cloud.faults.update(clock_skew_s=3600)
    owner = oss2.Service(oss2.Auth(cloud.access_key_id, cloud.access_key_secret), cloud.oss_endpoint)
    with pytest.raises(oss2.exceptions.ServerError) as refused:
        owner.list_buckets()
    assert refused.value.code == "RequestTimeTooSkewed"
    served = email.utils.parsedate_to_datetime(refused.value.headers["date"]).timestamp()
    assert abs(served - time.time() - 3600) < 60
    with pytest.raises(ServerException) as rpc:
        _ecs(cloud, None, "DescribeRegions")
    assert rpc.value.get_error_code() == "InvalidTimeStamp.Expired"
    cloud.faults.update(clock_skew_s=60)   # within the 15 minutes both APIs allow
    assert owner.list_buckets().buckets
    assert _ecs(cloud, None, "DescribeRegions")["Regions"]
