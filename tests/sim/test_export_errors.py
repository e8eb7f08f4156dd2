"""Every row of the seed's ExportImage error table, produced by the input sim/README.md
documents for it, through aliyunsdkecs' ExportImageRequest over HTTP."""

from __future__ import annotations

import json

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest
from aliyunsdkecs.request.v20140526.ExportImageRequest import ExportImageRequest

from tui_export.core import rules
from tui_export.sim import EmbeddedCloud
from tui_export.sim.world import Role

from tests.sim.conftest import FAST_EXPORT_S, SMALL_BYTES_PER_GIB

HZ = "cn-hangzhou"
HZ_BUCKET = "demo-export-hangzhou"
WEB = "m-bp1demoweb0000000001"
WITH_DATA = "m-bp1demodata000000002"

# The seed's table as it reads: (HTTP status, code, message; "%s" = a detail we check separately).
SEED = {
    "MissingParameter.RegionId": (400, "MissingParameter", 'An input parameter "RegionId" that is mandatory for processing the request is not supplied.'),
    "MissingParameter.ImageId": (400, "MissingParameter", 'An input parameter "ImageId" that is mandatory for processing the request is not supplied.'),
    "MissingParameter.OSSBucket": (400, "MissingParameter", 'An input parameter "OSSBucket" that is mandatory for processing the request is not supplied.'),
    "InvalidImageName.Malformed": (400, "InvalidImageName.Malformed", "The specified Image name is wrongly formed."),
    "InvalidOSSPrefix.Malformed": (400, "InvalidOSSPrefix.Malformed", "The specified OSSPrefix format is wrongly formed."),
    "InvalidRegionId.NotFound": (400, "InvalidRegionId.NotFound", "The specified RegionId does not exist."),
    "InvalidRegion.NotSupport": (400, "InvalidRegion.NotSupport", "The specified region does not support image import or export."),
    "InvalidImageId.NotFound": (404, "InvalidImageId.NotFound", "The specified ImageId does not exist."),
    "IncorrectImageStatus": (400, "IncorrectImageStatus", "The specified Image is not available."),
    "ImageNotSupported.Market": (403, "ImageNotSupported", "The specified image from the image market, do not support export image."),
    "InvalidImageFormat.Malformed": (400, "InvalidImageFormat.Malformed", "The specified Image Format is wrongly formed."),
    "ImageIsExporting": (403, "ImageIsExporting", "The specified Image is exporting."),
    "ExportImageFailed": (403, "ExportImageFailed", "Exporting image is failed, Please contact the administrator."),
    "UserNotInTheWhiteList": (403, "UserNotInTheWhiteList", "The user is not in the white list of exporting image."),
    "NoSetRoletoECSServiceAcount": (403, "NoSetRoletoECSServiceAcount", "ECS service account Have no right to access your OSS.please attach a role of access your oss to ECS service account."),
    "InvalidOSSBucket.NotFound": (400, "InvalidOSSBucket.NotFound", "The specified OSS bucket does not exist in this region."),
    "OperationDenied": (400, "OperationDenied", "The specified image contains the snapshot of the data disk,does not support this operation."),
    "InvalidImage.DiskAmountOrSize": (400, "InvalidImage.DiskAmountOrSize", "%s"),
    "ImageNotSupported.Encrypted": (400, "ImageNotSupported", "The specified Image contains encrypted snapshots, do not support export."),
    "ImageNotSupported.Marketplace": (400, "ImageNotSupported", "Image from image market does not support exporting."),
    "InvalidOSSBucket.NotMatched": (400, "InvalidOSSBucket.NotMatched", "The specified OSS bucket is incorrect, %s."),
    "ConcurrentQuotaExceed.ExportImage": (403, "ConcurrentQuotaExceed.ExportImage", "%s"),
    "WeeklyQuotaExceed.ExportImage": (403, "WeeklyQuotaExceed.ExportImage", "%s"),
    "InvalidImageLicense.NotSupported": (403, "InvalidImageLicense.NotSupported", "%s"),
}


def export_request(image=WEB, bucket=HZ_BUCKET, prefix=None, fmt=None, dry_run=False, role=None):
    req = ExportImageRequest()
    if image:
        req.set_ImageId(image)
    if bucket:
        req.set_OSSBucket(bucket)
    if prefix is not None:
        req.set_OSSPrefix(prefix)
    if fmt is not None:
        req.set_ImageFormat(fmt)
    if role is not None:
        req.set_RoleName(role)
    if dry_run:
        req.set_DryRun(True)
    return req


def _refused_by(call):
    """refused(row, request, region=HZ) -> the ServerException, checked against the seed's row."""
    def check(row: str, request, region: str = HZ) -> ServerException:
        with pytest.raises(ServerException) as exc:
            call(request, region=region)
        status, code, message = SEED[row]
        err = exc.value
        assert (err.get_http_status(), err.get_error_code()) == (status, code), err.get_error_msg()
        if message.endswith("%s") or message.endswith("%s."):
            head = message.split("%s")[0]
            assert err.get_error_msg().startswith(head) and len(err.get_error_msg()) > len(head) + 5
        else:
            assert err.get_error_msg() == message
        assert err.get_request_id()
        return err
    return check


@pytest.fixture
def refused(call):
    """On the test's own cloud: for the tests that change it first (role, whitelist, quotas, faults)."""
    return _refused_by(call)


@pytest.fixture(scope="module")
def cloud_as_is():
    """One demo cloud, the export role in place, for the refusals that change nothing in it."""
    with EmbeddedCloud("demo", export_seconds=FAST_EXPORT_S, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        cloud.world.grant_export_role()
        yield cloud


@pytest.fixture
def refused_as_is(cloud_as_is):
    """refused(...) on the shared cloud; a refusal that made a task anyway fails here."""
    def call(request, region: str = HZ) -> dict:
        client = AcsClient(cloud_as_is.access_key_id, cloud_as_is.access_key_secret, region)
        client.add_endpoint(region, "Ecs", cloud_as_is.ecs_endpoint)   # a full URL (docs/sdk.md, "Endpoints as URLs")
        return json.loads(client.do_action_with_exception(request))
    tasks_before = set(cloud_as_is.world.tasks)
    yield _refused_by(call)
    assert set(cloud_as_is.world.tasks) == tasks_before, "a refused export left a task behind"


def test_missing_region_id(sim, acs_client, export_role):
    # aliyunsdkcore fills RegionId from the client unless the request carries one: send it empty.
    req = CommonRequest(domain=sim.ecs_endpoint, version="2014-05-26", action_name="ExportImage")
    req.set_method("POST")
    req.set_accept_format("json")
    for key, value in {"RegionId": "", "ImageId": WEB, "OSSBucket": HZ_BUCKET}.items():
        req.add_query_param(key, value)
    with pytest.raises(ServerException) as exc:
        acs_client().do_action_with_exception(req)
    assert (exc.value.get_http_status(), exc.value.get_error_msg()) == SEED["MissingParameter.RegionId"][::2]


def test_missing_image_id(refused_as_is):
    refused_as_is("MissingParameter.ImageId", export_request(image=None))


def test_missing_bucket(refused_as_is):
    refused_as_is("MissingParameter.OSSBucket", export_request(bucket=None))


@pytest.mark.parametrize("prefix", ["bad_prefix", "has space", "x" * 31, "中文"])
def test_malformed_prefix(refused_as_is, prefix):
    refused_as_is("InvalidOSSPrefix.Malformed", export_request(prefix=prefix))


@pytest.mark.parametrize("fmt", ["iso", "img", "tar"])
def test_unknown_format(refused_as_is, fmt):
    refused_as_is("InvalidImageFormat.Malformed", export_request(fmt=fmt))


def test_unknown_region(refused_as_is):
    refused_as_is("InvalidRegionId.NotFound", export_request(), region="cn-atlantis")


def test_region_without_export(refused_as_is):
    refused_as_is("InvalidRegion.NotSupport", export_request("m-gc7demonanjing00001", "any-bucket"), region="cn-nanjing")


@pytest.mark.parametrize("image", [
    "m-doesnotexist000000",                      # unknown
    "centos_7_9_x64_20G_alibase_20250101.vhd",    # a system image
    "m-bp1sharedops0000011",                      # shared by another account
    "m-uf6demoshanghai0001",                      # ours, but in cn-shanghai
])
def test_image_not_found_or_not_owned(refused_as_is, image):
    refused_as_is("InvalidImageId.NotFound", export_request(image))


def test_image_not_available(refused_as_is):
    refused_as_is("IncorrectImageStatus", export_request("m-bp1demonew000000008"))


def test_marketplace_derived_image(refused_as_is):
    refused_as_is("ImageNotSupported.Market", export_request("m-bp1demomkt0000000004"))


def test_marketplace_image(refused_as_is):
    refused_as_is("ImageNotSupported.Marketplace", export_request("m-bp1marketwp00000012"))


def test_encrypted_image(refused_as_is):
    refused_as_is("ImageNotSupported.Encrypted", export_request("m-bp1demoenc0000000005"))


def test_five_data_disks(refused_as_is):
    err = refused_as_is("InvalidImage.DiskAmountOrSize", export_request("m-bp1demo5dd000000006"))
    assert "5 data disks" in err.get_error_msg()


def test_data_disk_over_500_gib(refused_as_is):
    err = refused_as_is("InvalidImage.DiskAmountOrSize", export_request("m-bp1demobig000000007"))
    assert "600 GiB" in err.get_error_msg()


def test_windows_image(refused_as_is):
    err = refused_as_is("InvalidImageLicense.NotSupported", export_request("m-bp1demowin0000000003"))
    assert "Windows" in err.get_error_msg()


def test_image_already_exporting(refused_as_is):
    refused_as_is("ImageIsExporting", export_request("m-bp1demoexp000000009"))


def test_malformed_stored_image_name(refused_as_is):
    refused_as_is("InvalidImageName.Malformed", export_request("m-bp1demoname00000010"))


def test_bucket_missing(refused_as_is):
    refused_as_is("InvalidOSSBucket.NotFound", export_request(bucket="no-such-bucket-anywhere"))


def test_bucket_in_another_region(refused_as_is):
    err = refused_as_is("InvalidOSSBucket.NotMatched", export_request(bucket="demo-archive-shenzhen"))
    assert "cn-shenzhen" in err.get_error_msg()


def test_role_missing(refused):
    refused("NoSetRoletoECSServiceAcount", export_request())


def test_role_without_the_policy(sim, refused):
    sim.world.roles[rules.EXPORT_ROLE_NAME] = Role(rules.EXPORT_ROLE_NAME, rules.EXPORT_ROLE_TRUST_POLICY)
    refused("NoSetRoletoECSServiceAcount", export_request())


def test_role_not_trusting_ecs(sim, refused):
    trust = rules.EXPORT_ROLE_TRUST_POLICY.replace("ecs.aliyuncs.com", "fc.aliyuncs.com")
    sim.world.roles[rules.EXPORT_ROLE_NAME] = Role(rules.EXPORT_ROLE_NAME, trust,
                                                   policies=[(rules.EXPORT_ROLE_POLICY, "System")])
    refused("NoSetRoletoECSServiceAcount", export_request())


def test_other_role_name(refused_as_is):
    refused_as_is("NoSetRoletoECSServiceAcount", export_request(role="SomeOtherRole"))


def test_not_in_whitelist(sim, refused, export_role):
    sim.world.account.whitelisted = False
    refused("UserNotInTheWhiteList", export_request())


def test_data_disk_export_denied(sim, refused, export_role):
    sim.world.account.deny_data_disk_export = True
    refused("OperationDenied", export_request(WITH_DATA))


def test_concurrent_quota(sim, refused, export_role):
    sim.world.account.concurrent_quota = 1     # the demo's running export uses it
    err = refused("ConcurrentQuotaExceed.ExportImage", export_request())
    assert "1" in err.get_error_msg()


def test_weekly_quota(sim, refused, export_role):
    sim.world.account.weekly_quota = 2         # the demo ran 2 exports in the last 7 days
    refused("WeeklyQuotaExceed.ExportImage", export_request())


def test_injected_export_failure(sim, refused, export_role):
    sim.faults.update(export_fail=1.0)
    refused("ExportImageFailed", export_request())
    assert sim.world.running_exports() == 1    # nothing started


def test_dry_run_passes_only_after_every_check(sim, call, refused, export_role):
    with pytest.raises(ServerException) as exc:
        call(export_request(dry_run=True))
    assert (exc.value.get_http_status(), exc.value.get_error_code()) == (400, "DryRunOperation")
    assert exc.value.get_error_msg() == "Request validation has been passed with DryRun flag set."
    assert sim.world.running_exports() == 1
    refused("ImageNotSupported.Encrypted", export_request("m-bp1demoenc0000000005", dry_run=True))


def test_success_returns_task_id(sim, call, export_role):
    body = call(export_request(prefix="EcsExport"))
    assert body["TaskId"].startswith("t-") and body["RegionId"] == HZ and body["RequestId"]


def test_every_seed_row_has_a_test():
    tested = {"MissingParameter.RegionId"} | {
        name for name, obj in globals().items() if name.startswith("test_")
        for name in _rows_used(obj)}
    assert set(SEED) <= tested, set(SEED) - tested


def _rows_used(func) -> set[str]:
    import inspect
    source = inspect.getsource(func)
    return {row for row in SEED if f'"{row}"' in source}
