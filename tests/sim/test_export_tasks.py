"""An export's life: Waiting -> Processing (TaskProcess climbing) -> Finished with archives
in the bucket; DescribeTasks filters; CancelTask; injected task failures."""

from __future__ import annotations

import io
import tarfile

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkecs.request.v20140526.CancelTaskRequest import CancelTaskRequest
from aliyunsdkecs.request.v20140526.DescribeTaskAttributeRequest import DescribeTaskAttributeRequest
from aliyunsdkecs.request.v20140526.DescribeTasksRequest import DescribeTasksRequest
from aliyunsdkecs.request.v20140526.ExportImageRequest import ExportImageRequest

from tui_export.core import rules

from tests.waiting import wait_until

HZ_BUCKET = "demo-export-hangzhou"


def start_export(call, image, bucket=HZ_BUCKET, prefix="", fmt=None, region="cn-hangzhou") -> str:
    req = ExportImageRequest()
    req.set_ImageId(image)
    req.set_OSSBucket(bucket)
    if prefix:
        req.set_OSSPrefix(prefix)
    if fmt:
        req.set_ImageFormat(fmt)
    return call(req, region=region)["TaskId"]


def attribute(call, task_id, region="cn-hangzhou") -> dict:
    req = DescribeTaskAttributeRequest()
    req.set_TaskId(task_id)
    return call(req, region=region)


def related(body: dict, name: str) -> list[str]:
    (op,) = body["OperationProgressSet"]["OperationProgress"]
    return [i["Value"] for i in op["RelatedItemSet"]["RelatedItem"] if i["Name"] == name]


def test_export_runs_to_finished_and_writes_archives(sim, call, export_role):
    task_id = start_export(call, "m-bp1demodata000000002", prefix="EcsExport")
    first = attribute(call, task_id)
    assert first["TaskStatus"] in ("Waiting", "Processing") and first["SupportCancel"] is True
    assert first["TaskAction"] == "ExportImage" and first["TaskProcess"].endswith("%")
    seen = set()

    def finished():
        body = attribute(call, task_id)
        seen.add((body["TaskStatus"], body["TaskProcess"]))
        return body if body["TaskStatus"] == "Finished" else None

    done = wait_until(finished, timeout=10, step=0.1, on_timeout=lambda: f"seen {sorted(seen)}",
                      what="the export to finish")
    assert done["TaskProcess"] == "100%" and done["SupportCancel"] is False and done["FinishedTime"]
    assert (done["SuccessCount"], done["FailedCount"], done["TotalCount"]) == (1, 0, 1)
    assert any(status == "Processing" and pct not in ("0%", "100%") for status, pct in seen), seen
    expected = rules.export_object_names("m-bp1demodata000000002", "EcsExport", "raw", ["/dev/xvdb"])
    assert expected == ["EcsExport_m-bp1demodata000000002_system.raw.tar.gz",
                        "EcsExport_m-bp1demodata000000002_data_xvdb.raw.tar.gz"]
    assert related(done, "OSSObject") == expected and related(done, "OSSBucket") == [HZ_BUCKET]
    assert related(done, "ImageFormat") == ["raw"]
    objects = {o.key: o for o in sim.store.list_objects(HZ_BUCKET, "EcsExport_")}
    assert sorted(objects) == sorted(expected)
    # 40 GiB system disk and 100 GiB data disk, at bytes_per_gib each
    assert objects[expected[0]].size == 40 * sim.world.bytes_per_gib
    assert objects[expected[1]].size == 100 * sim.world.bytes_per_gib
    with tarfile.open(fileobj=io.BytesIO(objects[expected[0]].path.read_bytes()), mode="r:gz") as tar:
        assert len(tar.getmembers()) == 1


def test_a_new_export_waits_before_it_processes(sim, call, export_role):
    sim.world.export_seconds = 30          # Waiting lasts a tenth of it, at most 2 s
    body = attribute(call, start_export(call, "m-bp1demoweb0000000001"))
    assert (body["TaskStatus"], body["TaskProcess"], body["SupportCancel"]) == ("Waiting", "0%", True)


def test_no_prefix_names_start_with_the_image_id(sim, call, export_role):
    task_id = start_export(call, "m-bp1demoweb0000000001")
    sim.world.finish_task(task_id)
    assert [o.key for o in sim.store.list_objects(HZ_BUCKET, "m-bp1demoweb0000000001_")] == [
        "m-bp1demoweb0000000001_system.raw.tar.gz"]


def test_format_honoured_where_the_region_allows(sim, call, export_role):
    task_id = start_export(call, "m-t4ndemosingapore001", "demo-export-singapore", "sg", "qcow2",
                           region="ap-southeast-1")
    sim.world.finish_task(task_id)
    keys = [o.key for o in sim.store.list_objects("demo-export-singapore", "sg_")]
    assert keys == ["sg_m-t4ndemosingapore001_data_xvdb.qcow2", "sg_m-t4ndemosingapore001_system.qcow2"]
    assert related(attribute(call, task_id, "ap-southeast-1"), "ImageFormat") == ["qcow2"]


def test_format_ignored_in_the_mainland(sim, call, export_role):
    task_id = start_export(call, "m-bp1demoweb0000000001", prefix="v", fmt="vhd")
    sim.world.finish_task(task_id)
    assert [o.key for o in sim.store.list_objects(HZ_BUCKET, "v_")] == ["v_m-bp1demoweb0000000001_system.raw.tar.gz"]


def test_a_running_export_blocks_a_second_one(call, export_role):
    start_export(call, "m-bp1demoweb0000000001")
    with pytest.raises(ServerException) as exc:
        start_export(call, "m-bp1demoweb0000000001")
    assert exc.value.get_error_code() == "ImageIsExporting"


def tasks(call, region="cn-hangzhou", **params) -> dict:
    req = DescribeTasksRequest()
    for key, value in params.items():
        getattr(req, f"set_{key}")(value)
    return call(req, region=region)


def test_describe_tasks_lists_and_filters(sim, call, export_role):
    new_id = start_export(call, "m-bp1demoweb0000000001")
    body = tasks(call, TaskAction="ExportImage")
    items = body["TaskSet"]["Task"]
    assert body["TotalCount"] == 3 and items[0]["TaskId"] == new_id      # newest first
    first = items[0]
    assert first["ResourceId"] == "m-bp1demoweb0000000001" and first["TaskAction"] == "ExportImage"
    assert len(first["CreationTime"]) == len("2015-11-24T12:50Z") and first["CreationTime"].endswith("Z")
    finished = tasks(call, TaskStatus="Finished")["TaskSet"]["Task"]
    assert [t["TaskStatus"] for t in finished] == ["Finished"]
    only = tasks(call, TaskIds=new_id)["TaskSet"]["Task"]
    assert [t["TaskId"] for t in only] == [new_id]
    page = tasks(call, PageSize=2, PageNumber=2)
    assert (page["PageNumber"], page["PageSize"], len(page["TaskSet"]["Task"])) == (2, 2, 1)
    assert tasks(call, TaskAction="ImportImage")["TotalCount"] == 0
    assert tasks(call, region="cn-shanghai")["TotalCount"] == 0


def test_cancel_a_running_export(sim, call, export_role):
    task_id = start_export(call, "m-bp1demoweb0000000001", prefix="cancelme")
    req = CancelTaskRequest()
    req.set_TaskId(task_id)
    assert call(req)["RequestId"]
    body = attribute(call, task_id)
    assert body["TaskStatus"] == "Deleted" and body["SupportCancel"] is False
    sim.world.finish_task(task_id)
    assert sim.store.list_objects(HZ_BUCKET, "cancelme_") == []
    # and the image may be exported again
    assert start_export(call, "m-bp1demoweb0000000001")


def test_cancel_a_finished_export(sim, call, export_role):
    task_id = start_export(call, "m-bp1demoweb0000000001")
    sim.world.finish_task(task_id)
    req = CancelTaskRequest()
    req.set_TaskId(task_id)
    with pytest.raises(ServerException) as exc:
        call(req)
    assert (exc.value.get_http_status(), exc.value.get_error_code()) == (403, "InvalidTaskId.IncorrectTaskStatus")


@pytest.mark.parametrize("request_class", [CancelTaskRequest, DescribeTaskAttributeRequest])
def test_unknown_task(call, request_class):
    req = request_class()
    req.set_TaskId("t-doesnotexist")
    with pytest.raises(ServerException) as exc:
        call(req)
    assert (exc.value.get_http_status(), exc.value.get_error_code()) == (400, "InvalidTaskId.NotFound")
    assert exc.value.get_error_msg() == 'The specified "TaskId" is not found.'


def test_task_of_another_region_is_not_found(call, export_role):
    task_id = start_export(call, "m-bp1demoweb0000000001")
    with pytest.raises(ServerException) as exc:
        attribute(call, task_id, region="cn-shanghai")
    assert exc.value.get_error_code() == "InvalidTaskId.NotFound"


def test_injected_task_failure(sim, call, export_role):
    sim.faults.update(task_fail=1.0, only={"ExportImage"})
    task_id = start_export(call, "m-bp1demoweb0000000001", prefix="doomed")
    body = wait_until(lambda: (b := attribute(call, task_id))["TaskStatus"] == "Failed" and b, timeout=5,
                      what="the export to fail")
    assert body["ErrorCode"] == "ExportImageFailed" and body["ErrorMsg"]
    (op,) = body["OperationProgressSet"]["OperationProgress"]
    assert (op["OperationStatus"], op["ErrorCode"]) == ("Failed", "ExportImageFailed")
    assert body["FailedCount"] == 1
    assert sim.store.list_objects(HZ_BUCKET, "doomed_") == []


def test_the_demo_starts_with_one_running_and_one_finished_export(sim, call):
    items = tasks(call)["TaskSet"]["Task"]
    assert sorted(t["TaskStatus"] for t in items) == ["Finished", "Processing"]
    assert [o.key for o in sim.store.list_objects(HZ_BUCKET, "weekly_")] == [
        "weekly_m-bp1demoweb0000000001_system.raw.tar.gz"]
    running = next(t for t in items if t["TaskStatus"] == "Processing")
    assert attribute(call, running["TaskId"])["TaskProcess"] in ("2%", "3%")
