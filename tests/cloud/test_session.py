"""CloudSession against the embedded cloud, through the real SDKs: every facade method."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.request

import oss2
import pytest

from session_fixtures import (BUCKET, REGION, export_tasks_of, make_session, new_image, ready, request_for,  # noqa: F401
                              session, sim)
from tui_export.cloud.errors import CloudError
from tui_export.cloud.session import CloudSession, StaticCredentials
from tui_export.core.models import Bucket, ExportRequest, Image, ObjectInfo, RoleState, Task
from tui_export.sim import EmbeddedCloud


def test_regions_in_both_languages(session):
    en = {r.region_id: r.local_name for r in session.regions("en")}
    zh = {r.region_id: r.local_name for r in session.regions("zh")}
    assert REGION in en and REGION in zh
    assert en[REGION] != zh[REGION]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh[REGION])


def test_images_every_status_and_disks(session):
    images = session.images(REGION)
    assert all(isinstance(i, Image) for i in images)
    statuses = {i.status for i in images}
    assert "Available" in statuses and "Creating" in statuses     # not only the API's default status
    data = next(i for i in images if i.image_id == "m-bp1demodata000000002")
    assert [d.type for d in data.disks] == ["system", "data"]
    assert data.disks[1].device_name == "xvdb" and data.disks[1].size_gib == 100
    assert session.image_count(REGION) == len(images)


def test_images_all_pages(session, sim):
    region = "cn-zhangjiakou"
    made = {new_image(sim, region).image_id for _ in range(230)}
    got = [i.image_id for i in session.images(region)]
    assert made <= set(got) and len(got) == len(set(got))
    assert session.image_count(region) == len(got)


def test_export_dry_run_then_real_then_task_and_objects(ready, sim):
    image = new_image(sim, data_disks=1)
    req = request_for(image)
    assert ready.export(req, dry_run=True) is None
    assert export_tasks_of(sim, image.image_id) == []

    task_id = ready.export(req)
    assert task_id.startswith("t-")
    listed = {t.task_id: t for t in ready.tasks(REGION)}
    assert listed[task_id].resource_id == image.image_id
    assert listed[task_id].status in ("Waiting", "Processing")

    sim.world.finish_task(task_id)
    task = ready.task(REGION, task_id)
    assert isinstance(task, Task) and task.status == "Finished" and task.progress == 100
    assert task.oss_bucket == BUCKET and task.image_format == "raw"
    objects = ready.exported_objects(task, req)
    assert [o.key for o in objects] == [f"T_{image.image_id}_system.raw.tar.gz",
                                        f"T_{image.image_id}_data_xvdb.raw.tar.gz"]
    assert all(isinstance(o, ObjectInfo) and o.size > 0 and o.crc64 and o.etag for o in objects)

    # without OSSObject items the objects are found by listing the prefix
    bare = Task(task_id, REGION, status="Finished", oss_bucket=BUCKET)
    assert [o.key for o in ready.exported_objects(bare, req)] == [o.key for o in objects]


def test_task_progress_is_a_number(ready, sim):
    image = new_image(sim)
    task_id = ready.export(request_for(image))
    task = ready.task(REGION, task_id)
    assert task.progress is not None and 0 <= task.progress <= 100
    assert task.support_cancel is True


def test_cancel(ready, sim):
    image = new_image(sim)
    task_id = ready.export(request_for(image))
    ready.cancel(REGION, task_id)
    assert ready.task(REGION, task_id).status == "Deleted"
    with pytest.raises(CloudError) as info:
        ready.cancel(REGION, task_id)
    assert info.value.code == "InvalidTaskId.IncorrectTaskStatus"


def test_unknown_task(session):
    with pytest.raises(CloudError) as info:
        session.task(REGION, "t-doesnotexist000000")
    assert info.value.code == "InvalidTaskId.NotFound" and info.value.request_id


def test_role_lifecycle():
    with EmbeddedCloud(export_seconds=2) as cloud:
        s = make_session(cloud)
        assert s.role_state() is RoleState.MISSING
        plan = s.describe_role_plan()
        assert [step.action for step in plan.steps] == ["CreateRole", "AttachPolicyToRole"]
        assert plan.message_lines()[1] == ("role_plan.step.CreateRole", {
            "role": "AliyunECSImageExportDefaultRole", "service": "ecs.aliyuncs.com",
            "policy": "AliyunECSImageExportRolePolicy"})
        assert s.ensure_role() is RoleState.PRESENT
        assert s.ensure_role() is RoleState.PRESENT          # idempotent
        assert s.role_state() is RoleState.PRESENT
        assert s.describe_role_plan().nothing_to_do
        role = cloud.world.roles["AliyunECSImageExportDefaultRole"]
        assert "ecs.aliyuncs.com" in role.trust_policy
        assert role.policies == [("AliyunECSImageExportRolePolicy", "System")]
        # the policy detached: POLICY_MISSING, and ensure_role only attaches it
        role.policies.clear()
        assert s.role_state() is RoleState.POLICY_MISSING
        assert [st.action for st in s.describe_role_plan().steps] == ["AttachPolicyToRole"]
        assert s.ensure_role() is RoleState.PRESENT


def test_role_that_does_not_trust_ecs_is_reported():
    with EmbeddedCloud(export_seconds=2) as cloud:
        s = make_session(cloud)
        s.ensure_role()
        cloud.world.roles["AliyunECSImageExportDefaultRole"].trust_policy = (
            '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["fc.aliyuncs.com"]}}],'
            '"Version":"1"}')
        assert s.role_state() is RoleState.POLICY_MISSING
        assert not s.describe_role_plan().trust_ok
        with pytest.raises(CloudError) as info:
            s.ensure_role()
        assert info.value.code == "RoleTrustPolicyMismatch"
        assert "ecs.aliyuncs.com" in info.value.explain("en")[0]


def test_buckets_and_create_bucket(session):
    buckets = session.buckets()
    assert all(isinstance(b, Bucket) for b in buckets)
    by_name = {b.name: b for b in buckets}
    assert by_name[BUCKET].region_id == REGION
    made = session.create_bucket("made-by-test-sg", "ap-southeast-1")
    assert made.name == "made-by-test-sg" and made.region_id == "ap-southeast-1"
    assert {b.name: b.region_id for b in session.buckets()}["made-by-test-sg"] == "ap-southeast-1"
    with pytest.raises(CloudError) as info:
        session.create_bucket("Bad_Name", REGION)
    assert info.value.code == "InvalidBucketName"


def test_head_presign_and_oss_bucket(ready, sim):
    image = new_image(sim)
    req = request_for(image, prefix="")
    task_id = ready.export(req)
    sim.world.finish_task(task_id)
    obj = ready.exported_objects(ready.task(REGION, task_id), req)[0]
    assert obj.key == f"{image.image_id}_system.raw.tar.gz"
    head = ready.head_object(BUCKET, obj.key)
    assert head.size == obj.size and head.crc64 == obj.crc64

    url, expires_at = ready.presign(BUCKET, obj.key, 120)
    assert "Signature=" in url and expires_at > 0
    with urllib.request.urlopen(url, timeout=10) as r:
        body = r.read()
    assert len(body) == obj.size

    bucket = ready.oss_bucket(BUCKET, REGION)
    assert isinstance(bucket, oss2.Bucket)
    assert bucket.get_object(obj.key).read() == body

    with pytest.raises(CloudError) as info:
        ready.head_object(BUCKET, "no/such/key")
    assert info.value.code == "NoSuchKey"


def test_sts_credentials(sim):
    ak, secret, token = sim.issue_sts_token(ttl_s=600)
    s = make_session(sim, credentials=StaticCredentials(ak, secret, token))
    assert s.images(REGION)
    assert s.buckets()
    assert isinstance(s.oss_bucket(BUCKET, REGION).auth, oss2.StsAuth)


def test_new_snapshot_rebuilds_clients(sim):
    class Rotating:
        def __init__(self):
            self.snap = StaticCredentials("nobody", "wrong-secret-value").current()

        def current(self):
            return self.snap

    creds = Rotating()
    s = make_session(sim, credentials=creds)
    with pytest.raises(CloudError):
        s.image_count(REGION)
    creds.snap = StaticCredentials(sim.access_key_id, sim.access_key_secret).current()
    assert s.image_count(REGION) > 0


def test_eight_threads_at_once(ready, sim):
    errors: list[BaseException] = []
    results: list[tuple[int, int]] = []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait(5)
            for _ in range(3):
                results.append((len(ready.images(REGION)), len(ready.buckets())))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert len(results) == 24 and len(set(results)) == 1


def test_sdks_load_lazily():
    code = ("import sys; import tui_export.cloud.session as s; "
            "bad=[m for m in ('aliyunsdkcore','aliyunsdkecs','oss2','textual') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_for_sim_wires_endpoints(sim):
    s = CloudSession.for_sim(sim)
    assert s.endpoints.ecs == sim.ecs_endpoint and s.endpoints.oss == sim.oss_endpoint
    assert s.endpoints.sim and "secret" not in repr(s)


def test_credential_refresh_failure_is_a_cloud_error(sim):
    class Broken:
        def current(self):
            raise RuntimeError("STS refresh failed for secret-xyz")

    s = make_session(sim, credentials=Broken())
    with pytest.raises(CloudError) as info:
        s.image_count(REGION)
    assert info.value.code == "CredentialError" and info.value.explain("en")[0]
    with pytest.raises(CloudError) as info:
        CloudSession(None, make_session(sim).endpoints).buckets()
    assert info.value.code == "NoCredentials"


def test_exported_objects_survive_wrong_task_names(ready, sim):
    """The 2015 doc sample names objects <prefix>_<imageId>_<taskId>.vhd: if a task reports
    names that don't exist, the listing still finds what was written."""
    image = new_image(sim)
    req = request_for(image)
    task_id = ready.export(req)
    sim.world.finish_task(task_id)
    wrong = Task(task_id, REGION, status="Finished", oss_bucket=BUCKET,
                 oss_objects=(f"T_{image.image_id}_{task_id}.vhd",))
    assert [o.key for o in ready.exported_objects(wrong, req)] == [f"T_{image.image_id}_system.raw.tar.gz"]


def test_credential_errors_pass_through(sim):
    from tui_export.cloud.credentials import CredentialFetchError

    class Failing:
        def current(self):
            raise CredentialFetchError("AssumeRole failed", error_code="NoPermission", request_id="R")

    with pytest.raises(CredentialFetchError):
        make_session(sim, credentials=Failing()).image_count(REGION)
