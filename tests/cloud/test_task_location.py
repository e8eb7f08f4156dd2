"""Where a finished export went, for a task started elsewhere (console, another machine),
and the errors on the way there: through the real SDKs against the embedded cloud.

- DescribeTaskAttribute names the bucket and objects when the cloud reports them; the
  sim can also leave them out (the docs don't promise them for export tasks).
- Listing without a bucket never reaches OSS; a value oss2 refuses is a local error,
  never worded as the cloud's answer, and carries no RequestId; a real refusal keeps its.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from session_fixtures import make_session
from tui_export.cloud.errors import CloudError
from tui_export.core.models import ExportRequest, Task
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario

HZ = "cn-hangzhou"
IMAGE_DATA = "m-bp1demodata000000002"
BUCKET = "demo-export-hangzhou"


@pytest.fixture(scope="module")
def sim():
    scenario = copy.deepcopy(load_scenario("demo"))
    scenario["tasks"].append({"image": IMAGE_DATA, "bucket": BUCKET, "prefix": "console", "status": "Finished",
                              "started_seconds_ago": 7200, "duration_seconds": 600,
                              "related_items": ["ImageFormat"]})
    with EmbeddedCloud(scenario, export_seconds=2, bytes_per_gib=16 << 10) as cloud:
        yield cloud


@pytest.fixture
def session(sim):
    return make_session(sim)


def _finished(sim, image_id):
    with sim.world.lock:
        return next(t for t in sim.world.tasks.values() if t.image_id == image_id and t.status == "Finished")


def test_attribute_names_bucket_and_objects(sim, session):
    seeded = _finished(sim, "m-bp1demoweb0000000001")
    task = session.task(HZ, seeded.task_id)
    assert task.oss_bucket == BUCKET
    assert task.oss_objects == tuple(key for key, _, _ in seeded.objects)
    assert task.image_format == "raw"


def test_attribute_without_oss_items(sim, session):
    seeded = _finished(sim, IMAGE_DATA)
    task = session.task(HZ, seeded.task_id)
    assert (task.status, task.oss_bucket, task.oss_objects, task.image_format) == ("Finished", "", (), "raw")


def test_listing_without_a_bucket_is_refused_locally(sim, session):
    seeded = _finished(sim, IMAGE_DATA)
    task = session.task(HZ, seeded.task_id)
    with pytest.raises(CloudError) as caught:
        session.exported_objects(task, ExportRequest(HZ, IMAGE_DATA, ""))
    err = caught.value
    assert (err.code, err.local, err.request_id) == ("TaskBucketUnknown", True, "")
    what, next_step = err.explain("en")
    assert "bucket" in what and "enter the bucket" in next_step


@pytest.mark.parametrize("lang, cloud_words", [("en", "The cloud answered"), ("zh", "云端返回")])
def test_a_value_oss2_refuses_is_a_local_error(sim, session, lang, cloud_words):
    seeded = _finished(sim, "m-bp1demoweb0000000001")
    task = session.task(HZ, seeded.task_id)
    with pytest.raises(CloudError) as caught:   # oss2 raises ClientError before sending anything
        session.exported_objects(replace(task, oss_bucket=""),
                                 ExportRequest(HZ, task.resource_id, "Bad_Bucket", prefix="weekly"))
    err = caught.value
    assert err.local and err.request_id == "" and err.code == "ClientError"
    what, next_step = err.explain(lang)
    assert cloud_words not in what
    assert "RequestId" not in next_step
    assert ("before it reached the cloud" in what) if lang == "en" else ("未发送到云端" in what)


def test_a_cloud_refusal_keeps_its_request_id(session):
    request = ExportRequest(HZ, "m-bp1demoweb0000000001", "no-such-bucket-h7", prefix="weekly")
    with pytest.raises(CloudError) as caught:
        session.exported_objects(Task("t-x", HZ, status="Finished"), request)
    err = caught.value
    assert err.code == "NoSuchBucket" and not err.local and err.request_id
