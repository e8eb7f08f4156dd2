"""EmbeddedCloud as a context manager: ports, data dir, knobs, scenarios from dicts and files,
run-time faults, and the OSS side seeing what exports write."""

from __future__ import annotations

import json
import re

import oss2
import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkecs.request.v20140526.DescribeImagesRequest import DescribeImagesRequest
from aliyunsdkecs.request.v20140526.DescribeRegionsRequest import DescribeRegionsRequest
from aliyunsdkecs.request.v20140526.ExportImageRequest import ExportImageRequest

from tui_export.core import rules
from tui_export.core.models import DiskMapping, Image
from tui_export.core.regions import REGIONS
from tui_export.sim import EmbeddedCloud
from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from tui_export.sim.scenario import DEMO_PATH, ScenarioError

TINY = {
    "account": {"account_id": "9999000011112222", "concurrent_quota": 1},
    "regions": ["cn-hangzhou", "eu-central-1"],
    "images": [{"id": "m-tiny0001", "name": "tiny", "region": "eu-central-1",
                "disks": [{"device": "/dev/vda", "type": "system", "size_gib": 2}]}],
    "buckets": [{"name": "tiny-eu", "region": "eu-central-1"}],
    "roles": [{"name": "AliyunECSImageExportDefaultRole",
               "trust_policy": {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                               "Principal": {"Service": ["ecs.aliyuncs.com"]}}], "Version": "1"},
               "policies": [["AliyunECSImageExportRolePolicy", "System"]]}],
}


def test_endpoints_keys_and_cleanup():
    with EmbeddedCloud(export_seconds=1, bytes_per_gib=1024) as sim:
        data_dir = sim.data_dir
        assert data_dir.is_dir()
        ports = {ep.rsplit(":", 1)[1] for ep in (sim.ecs_endpoint, sim.ram_endpoint, sim.oss_endpoint)}
        assert len(ports) == 3 and sim.ecs_endpoint.startswith("http://127.0.0.1:")
        assert sim.sts_endpoint == sim.ram_endpoint and sim.metadata_url == sim.ram_endpoint
        assert (sim.access_key_id, sim.access_key_secret) == (DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    assert not data_dir.exists()


def test_given_data_dir_is_kept(tmp_path):
    with EmbeddedCloud(export_seconds=1, bytes_per_gib=1024, data_dir=tmp_path / "state"):
        pass
    assert (tmp_path / "state").is_dir()


def test_scenario_from_a_dict(call_for):
    with EmbeddedCloud(TINY, export_seconds=0.5, bytes_per_gib=1024) as sim:
        call = call_for(sim, "eu-central-1")
        regions = call(DescribeRegionsRequest())["Regions"]["Region"]
        assert [r["RegionId"] for r in regions] == ["cn-hangzhou", "eu-central-1"]
        images = call(DescribeImagesRequest())["Images"]["Image"]
        assert [i["ImageId"] for i in images] == ["m-tiny0001"]
        req = ExportImageRequest()
        req.set_ImageId("m-tiny0001")
        req.set_OSSBucket("tiny-eu")
        task_id = call(req)["TaskId"]
        task = sim.world.finish_task(task_id)
        assert task.status == "Finished"
        (obj,) = sim.store.list_objects("tiny-eu")
        assert obj.key == "m-tiny0001_system.raw.tar.gz" and obj.size == 2 * 1024


def test_scenario_from_a_file(tmp_path, call_for):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(TINY))
    with EmbeddedCloud(path, export_seconds=1, bytes_per_gib=1024) as sim:
        assert set(sim.world.images) == {"m-tiny0001"}
        assert sim.world.account.account_id == "9999000011112222"


@pytest.mark.parametrize("bad", [{"imagez": []}, {"regions": ["mars-north-1"]},
                                 {"images": [{"id": "m-x", "name": "x", "region": "cn-hangzhou", "colour": 1}]},
                                 {"images": [{"name": "no id"}]}])
def test_bad_scenarios_are_refused(bad):
    with pytest.raises(ScenarioError):
        EmbeddedCloud(bad)


def test_demo_scenario_covers_the_cases():
    demo = json.loads(DEMO_PATH.read_text())
    assert "regions" not in demo                           # so every public region is listed
    assert len(REGIONS) >= 25
    assert all(r.name_en and re.search("[\u4e00-\u9fff]", r.name_zh) for r in REGIONS)
    regions_with_images = {i["region"] for i in demo["images"] if i.get("owner", "self") == "self"}
    bucket_regions = {b["region"] for b in demo["buckets"]}
    assert {"cn-hangzhou", "cn-shanghai", "ap-southeast-1", "eu-central-1"} <= regions_with_images & bucket_regions
    assert regions_with_images - bucket_regions          # a region with images but no bucket
    assert {i.get("owner") for i in demo["images"]} >= {"system", "others", "marketplace"}
    assert not any(r["name"] == "AliyunECSImageExportDefaultRole" for r in demo["roles"])



def test_demo_images_give_every_reason_and_some_are_exportable(sim):
    """The demo's self images show each blocker of the seed (and the core rules agree with the
    sim's world); system, shared and Marketplace images never count as exportable."""
    world = sim.world
    reasons: dict[str, set[str]] = {}
    exportable_regions = set()
    for image in world.images.values():
        blockers = rules.export_blockers(image, exporting=world.is_exporting(image.image_id))
        if image.owner_alias != "self":
            assert blockers, image.image_id
            continue
        if not blockers:
            exportable_regions.add(image.region_id)
        for b in blockers:
            reasons.setdefault(b.reason, set()).add(image.image_id)
    assert {"windows", "marketplace_derived", "encrypted", "too_many_data_disks", "data_disk_too_big",
            "not_available", "exporting"} <= set(reasons), reasons
    assert len(exportable_regions) >= 3, exportable_regions


def test_faults_change_at_run_time(sim, call):
    sim.faults.update(throttle=1.0)
    with pytest.raises(ServerException):
        call(DescribeRegionsRequest())
    sim.faults.clear()
    assert call(DescribeRegionsRequest())


def test_faults_from_a_spec_string(call_for):
    with EmbeddedCloud(TINY, faults="throttle=1,only=ExportImage") as sim:
        call = call_for(sim, "eu-central-1")
        assert call(DescribeRegionsRequest())
        req = ExportImageRequest()
        req.set_ImageId("m-tiny0001")
        req.set_OSSBucket("tiny-eu")
        with pytest.raises(ServerException) as exc:
            call(req)
        assert exc.value.get_error_code() == "Throttling.User"


def test_add_an_image_at_run_time(sim, call):
    sim.world.add_image(Image("m-added0001", "added-later", "cn-hangzhou", creation_time="2030-01-01T00:00:00Z",
                              disks=(DiskMapping("/dev/xvda", "system", 10),)))
    req = DescribeImagesRequest()
    req.set_ImageId("m-added0001")
    assert call(req)["TotalCount"] == 1


def test_exported_archive_is_downloadable_with_oss2(sim, call, export_role):
    req = ExportImageRequest()
    req.set_ImageId("m-bp1demoweb0000000001")
    req.set_OSSBucket("demo-export-hangzhou")
    req.set_OSSPrefix("dl")
    sim.world.finish_task(call(req)["TaskId"])
    bucket = oss2.Bucket(oss2.Auth(sim.access_key_id, sim.access_key_secret), sim.oss_endpoint,
                         "demo-export-hangzhou")
    keys = [o.key for o in oss2.ObjectIterator(bucket, prefix="dl_")]
    assert keys == ["dl_m-bp1demoweb0000000001_system.raw.tar.gz"]
    assert len(bucket.get_object(keys[0]).read()) == 20 * sim.world.bytes_per_gib


@pytest.fixture
def call_for():
    """call_for(cloud, region) -> call(request) for an EmbeddedCloud made inside the test."""
    from aliyunsdkcore.client import AcsClient

    def make(cloud, region):
        client = AcsClient(cloud.access_key_id, cloud.access_key_secret, region)
        client.add_endpoint(region, "Ecs", cloud.ecs_endpoint)
        return lambda request: json.loads(client.do_action_with_exception(request))
    return make
