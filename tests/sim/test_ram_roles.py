"""RAM (GetRole, CreateRole, ListRoles, ListPoliciesForRole, AttachPolicyToRole), STS AssumeRole
and the ECS metadata service, through CommonRequest on the RAM port."""

from __future__ import annotations

import json
import urllib.request

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.auth.credentials import RamRoleArnCredential, StsTokenCredential
from aliyunsdkecs.request.v20140526.DescribeRegionsRequest import DescribeRegionsRequest
from aliyunsdkecs.request.v20140526.ExportImageRequest import ExportImageRequest

from tui_export.core import rules

ROLE = rules.EXPORT_ROLE_NAME


@pytest.fixture
def ram(acs_client, ram_request):
    """ram(action, **params) -> parsed JSON; errors raise ServerException."""
    client = acs_client()
    return lambda action, version="2015-05-01", **p: json.loads(
        client.do_action_with_exception(ram_request(action, version, **p)))


def refused(fn, *args, **kw) -> ServerException:
    with pytest.raises(ServerException) as exc:
        fn(*args, **kw)
    return exc.value


@pytest.mark.parametrize("action,version", [("GetRole", "2015-05-01"), ("AssumeRole", "2015-04-01")])
@pytest.mark.parametrize("ak,secret,code", [(None, "not-the-secret", "SignatureDoesNotMatch"),
                                            ("LTAI-unknown", None, "InvalidAccessKeyId.NotFound")])
def test_ram_and_sts_verify_every_signature(acs_client, ram_request, action, version, ak, secret, code):
    client = acs_client(ak=ak, secret=secret)
    request = ram_request(action, version, RoleName=ROLE,
                          RoleArn=f"acs:ram::1:role/{ROLE}", RoleSessionName="s")
    err = refused(client.do_action_with_exception, request)
    assert err.get_error_code() == code


def test_export_role_is_absent_at_start(ram):
    err = refused(ram, "GetRole", RoleName=ROLE)
    assert (err.get_http_status(), err.get_error_code()) == (404, "EntityNotExist.Role")
    assert ROLE in err.get_error_msg()


def test_idempotent_role_setup_makes_export_possible(sim, ram, call):
    # the flow the cloud layer follows: GetRole -> CreateRole -> ListPoliciesForRole -> AttachPolicyToRole
    created = ram("CreateRole", RoleName=ROLE, AssumeRolePolicyDocument=rules.EXPORT_ROLE_TRUST_POLICY,
                  Description="ECS image export")["Role"]
    assert created["RoleName"] == ROLE and created["Arn"].endswith(f":role/{ROLE}")
    got = ram("GetRole", RoleName=ROLE)["Role"]
    assert json.loads(got["AssumeRolePolicyDocument"]) == json.loads(rules.EXPORT_ROLE_TRUST_POLICY)
    assert ram("ListPoliciesForRole", RoleName=ROLE)["Policies"]["Policy"] == []
    assert ram("AttachPolicyToRole", PolicyType="System", PolicyName=rules.EXPORT_ROLE_POLICY, RoleName=ROLE)
    policies = ram("ListPoliciesForRole", RoleName=ROLE)["Policies"]["Policy"]
    assert [(p["PolicyName"], p["PolicyType"]) for p in policies] == [(rules.EXPORT_ROLE_POLICY, "System")]
    assert ROLE in [r["RoleName"] for r in ram("ListRoles")["Roles"]["Role"]]
    req = ExportImageRequest()
    req.set_ImageId("m-bp1demoweb0000000001")
    req.set_OSSBucket("demo-export-hangzhou")
    assert call(req)["TaskId"]


def test_create_role_twice(ram):
    ram("CreateRole", RoleName=ROLE, AssumeRolePolicyDocument=rules.EXPORT_ROLE_TRUST_POLICY)
    err = refused(ram, "CreateRole", RoleName=ROLE, AssumeRolePolicyDocument=rules.EXPORT_ROLE_TRUST_POLICY)
    assert (err.get_http_status(), err.get_error_code()) == (409, "EntityAlreadyExists.Role")


@pytest.mark.parametrize("document", ["{not json", "[]", '{"Version": "1"}'])
def test_malformed_trust_policy(ram, document):
    err = refused(ram, "CreateRole", RoleName=ROLE, AssumeRolePolicyDocument=document)
    assert (err.get_http_status(), err.get_error_code()) == (400, "MalformedPolicyDocument")


def test_trust_policy_in_the_form_body(sim, acs_client, ram_request):
    req = ram_request("CreateRole", RoleName=ROLE)
    req.add_body_params("AssumeRolePolicyDocument", rules.EXPORT_ROLE_TRUST_POLICY)
    body = json.loads(acs_client().do_action_with_exception(req))
    assert body["Role"]["RoleName"] == ROLE
    assert rules.EXPORT_ROLE_TRUSTED_SERVICE in sim.world.roles[ROLE].trust_policy


@pytest.mark.parametrize("name, code", [("bad name!", "InvalidParameter.RoleName.InvalidChars"),
                                        ("x" * 65, "InvalidParameter.RoleName.Length")])
def test_bad_role_names(ram, name, code):
    assert refused(ram, "GetRole", RoleName=name).get_error_code() == code


def test_attach_policy_errors(ram):
    ram("CreateRole", RoleName=ROLE, AssumeRolePolicyDocument=rules.EXPORT_ROLE_TRUST_POLICY)
    err = refused(ram, "AttachPolicyToRole", PolicyType="System", PolicyName="NoSuchPolicy", RoleName=ROLE)
    assert (err.get_http_status(), err.get_error_code()) == (404, "EntityNotExist.Policy")
    err = refused(ram, "AttachPolicyToRole", PolicyType="Custom", PolicyName="MyExport", RoleName=ROLE)
    assert err.get_error_code() == "EntityNotExist.Policy"
    err = refused(ram, "AttachPolicyToRole", PolicyType="Weird", PolicyName="x", RoleName=ROLE)
    assert err.get_error_code() == "InvalidParameter.PolicyType"
    ram("AttachPolicyToRole", PolicyType="System", PolicyName=rules.EXPORT_ROLE_POLICY, RoleName=ROLE)
    err = refused(ram, "AttachPolicyToRole", PolicyType="System", PolicyName=rules.EXPORT_ROLE_POLICY, RoleName=ROLE)
    assert (err.get_http_status(), err.get_error_code()) == (409, "EntityAlreadyExists.Role.Policy")
    err = refused(ram, "AttachPolicyToRole", PolicyType="System", PolicyName=rules.EXPORT_ROLE_POLICY,
                  RoleName="Nobody")
    assert err.get_error_code() == "EntityNotExist.Role"


def test_custom_policy_with_oss_write_is_enough(sim, ram, call):
    sim.world.custom_policies["MyExport"] = json.dumps(
        {"Version": "1", "Statement": [{"Action": ["oss:PutObject", "oss:GetObject"], "Resource": "*",
                                        "Effect": "Allow"}]})
    ram("CreateRole", RoleName=ROLE, AssumeRolePolicyDocument=rules.EXPORT_ROLE_TRUST_POLICY)
    ram("AttachPolicyToRole", PolicyType="Custom", PolicyName="MyExport", RoleName=ROLE)
    req = ExportImageRequest()
    req.set_ImageId("m-bp1demoweb0000000001")
    req.set_OSSBucket("demo-export-hangzhou")
    req.set_DryRun(True)
    assert refused(call, req).get_error_code() == "DryRunOperation"


def test_unknown_ram_action(ram):
    err = refused(ram, "DeleteEverything")
    assert (err.get_http_status(), err.get_error_code()) == (404, "InvalidAction.NotFound")


def test_sts_assume_role_gives_working_credentials(sim, ram, call, acs_client):
    arn = f"acs:ram::{sim.world.account.account_id}:role/TuiExportOperator"
    body = ram("AssumeRole", version="2015-04-01", RoleArn=arn, RoleSessionName="tui-export",
               DurationSeconds="900")
    creds = body["Credentials"]
    assert set(creds) == {"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}
    assert creds["AccessKeyId"].startswith("STS.") and creds["Expiration"].endswith("Z")
    client = acs_client(credential=StsTokenCredential(creds["AccessKeyId"], creds["AccessKeySecret"],
                                                      creds["SecurityToken"]))
    assert call(DescribeRegionsRequest(), client=client)["Regions"]["Region"]


def test_sts_assume_unknown_role(sim, ram):
    arn = f"acs:ram::{sim.world.account.account_id}:role/NoSuchRole"
    err = refused(ram, "AssumeRole", version="2015-04-01", RoleArn=arn, RoleSessionName="s")
    assert (err.get_http_status(), err.get_error_code()) == (404, "EntityNotExist.Role")


def test_metadata_service_hands_out_sts_credentials(sim, call, acs_client):
    root = sim.metadata_url + "/latest/meta-data/ram/security-credentials/"
    with urllib.request.urlopen(root, timeout=5) as resp:
        role = resp.read().decode()
    assert role == sim.world.metadata_role
    with urllib.request.urlopen(root + role, timeout=5) as resp:
        creds = json.loads(resp.read())
    assert creds["Code"] == "Success" and creds["AccessKeyId"].startswith("STS.")
    client = acs_client(credential=StsTokenCredential(creds["AccessKeyId"], creds["AccessKeySecret"],
                                                      creds["SecurityToken"]))
    assert call(DescribeRegionsRequest(), client=client)
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(root + "OtherRole", timeout=5)
    assert exc.value.code == 404


def test_sdk_ram_role_arn_credential_assumes_the_role(sim, call, acs_client):
    arn = f"acs:ram::{sim.world.account.account_id}:role/TuiExportOperator"
    credential = RamRoleArnCredential(sim.access_key_id, sim.access_key_secret, arn, "tui-export-test")
    assert call(DescribeRegionsRequest(), client=acs_client(credential=credential))["Regions"]["Region"]
