"""DescribeRegions and DescribeImages through aliyunsdkecs, against the demo scenario."""

from __future__ import annotations

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkecs.request.v20140526.DescribeImagesRequest import DescribeImagesRequest
from aliyunsdkecs.request.v20140526.DescribeRegionsRequest import DescribeRegionsRequest

from tui_export.core.regions import REGIONS
from tui_export.sim import EmbeddedCloud

from tests.sim.conftest import FAST_EXPORT_S, SMALL_BYTES_PER_GIB


@pytest.fixture(scope="module")
def sim():
    """One demo cloud for the module: these tests only describe it (no export, no fault)."""
    with EmbeddedCloud("demo", export_seconds=FAST_EXPORT_S, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        yield cloud


def regions(call, lang=None):
    req = DescribeRegionsRequest()
    if lang:
        req.set_AcceptLanguage(lang)
    return {r["RegionId"]: r for r in call(req)["Regions"]["Region"]}


def test_regions_in_english_and_chinese(call):
    en, zh, default = regions(call, "en-US"), regions(call, "zh-CN"), regions(call)
    assert len(en) >= 25 and set(en) == {r.region_id for r in REGIONS}
    assert en["cn-hangzhou"]["LocalName"] == "China (Hangzhou)"
    assert zh["cn-hangzhou"]["LocalName"] == "华东1（杭州）" == default["cn-hangzhou"]["LocalName"]
    assert en["eu-central-1"] == {"RegionId": "eu-central-1", "RegionEndpoint": "ecs.eu-central-1.aliyuncs.com",
                                  "LocalName": "Germany (Frankfurt)", "Status": "available"}


def test_unknown_language(call):
    with pytest.raises(ServerException) as exc:
        regions(call, "xx-YY")
    assert (exc.value.get_http_status(), exc.value.get_error_code()) == (404, "InvalidAcceptLanguage.NotFound")


def images(call, region="cn-hangzhou", **params):
    req = DescribeImagesRequest()
    for key, value in params.items():
        getattr(req, f"set_{key}")(value)
    return call(req, region=region)


def test_self_images_default_to_available(call):
    body = images(call, ImageOwnerAlias="self", PageSize=100)
    statuses = {i["Status"] for i in body["Images"]["Image"]}
    assert statuses == {"Available"}
    assert body["TotalCount"] == len(body["Images"]["Image"]) == 9
    assert {i["ImageOwnerAlias"] for i in body["Images"]["Image"]} == {"self"}


def test_status_comma_list(call):
    body = images(call, ImageOwnerAlias="self", Status="Available,Creating", PageSize=100)
    assert body["TotalCount"] == 10
    assert "Creating" in {i["Status"] for i in body["Images"]["Image"]}


def test_empty_owner_alias_is_system_self_and_others(call):
    owners = {i["ImageOwnerAlias"] for i in images(call, PageSize=100)["Images"]["Image"]}
    assert owners == {"system", "self", "others"}
    market = images(call, ImageOwnerAlias="marketplace")["Images"]["Image"]
    assert [i["ImageId"] for i in market] == ["m-bp1marketwp00000012"]


def test_bad_owner_alias(call):
    with pytest.raises(ServerException) as exc:
        images(call, ImageOwnerAlias="mine")
    assert exc.value.get_error_code() == "InvalidImageOwnerAlias.ValueNotSupported"


def test_paging(call):
    first = images(call, ImageOwnerAlias="self", PageSize=4, PageNumber=1)
    third = images(call, ImageOwnerAlias="self", PageSize=4, PageNumber=3)
    assert first["TotalCount"] == third["TotalCount"] == 9
    assert (first["PageNumber"], first["PageSize"], len(first["Images"]["Image"])) == (1, 4, 4)
    assert len(third["Images"]["Image"]) == 1
    assert images(call, ImageOwnerAlias="self")["PageSize"] == 10


def test_page_size_over_100(call):
    with pytest.raises(ServerException) as exc:
        images(call, PageSize=101)
    assert (exc.value.get_http_status(), exc.value.get_error_code()) == (400, "InvalidParameter")


def test_image_id_and_fuzzy_name(call):
    by_id = images(call, ImageId="m-bp1demodata000000002")["Images"]["Image"]
    assert [i["ImageName"] for i in by_id] == ["db-with-data-disk"]
    fuzzy = images(call, ImageName="DATA-DISK", ImageOwnerAlias="self")["Images"]["Image"]
    assert {i["ImageName"] for i in fuzzy} == {"db-with-data-disk", "five-data-disks", "big-data-disk"}


def test_image_fields_match_the_api_shapes(call):
    (img,) = images(call, ImageId="m-bp1demodata000000002")["Images"]["Image"]
    assert img["IsSelfShared"] == "False" and img["ProductCode"] == "" and img["OSType"] == "linux"
    assert img["Size"] == 40 and img["Status"] == "Available" and img["ImageOwnerAlias"] == "self"
    disks = img["DiskDeviceMappings"]["DiskDeviceMapping"]
    assert [(d["Device"], d["Type"], d["Size"], d["Encrypted"]) for d in disks] == [
        ("/dev/xvda", "system", "40", False), ("/dev/xvdb", "data", "100", False)]
    (enc,) = images(call, ImageId="m-bp1demoenc0000000005")["Images"]["Image"]
    assert enc["DiskDeviceMappings"]["DiskDeviceMapping"][0]["Encrypted"] is True
    (mkt,) = images(call, ImageId="m-bp1demomkt0000000004")["Images"]["Image"]
    assert mkt["ProductCode"] == "cmjj028279"
    (win,) = images(call, ImageId="m-bp1demowin0000000003")["Images"]["Image"]
    assert win["OSType"] == "windows"


def test_other_regions_have_their_own_images(call):
    sg = images(call, region="ap-southeast-1", ImageOwnerAlias="self")["Images"]["Image"]
    assert {i["ImageId"] for i in sg} == {"m-t4ndemosingapore001", "m-t4ndemosingapore002"}
    assert images(call, region="cn-qingdao", ImageOwnerAlias="self")["TotalCount"] == 0


def test_unknown_region(call):
    with pytest.raises(ServerException) as exc:
        images(call, region="cn-atlantis")
    assert exc.value.get_error_code() == "InvalidRegionId.NotFound"
