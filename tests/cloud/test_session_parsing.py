"""How the ECS answers are read: the doc samples' shapes and the conflicts docs/api.md lists
("Reading ECS answers: shapes the documents disagree on": TaskSet object or list, SupportCancel bool or string, minute-precision times,
TaskId vs ExportTaskId, Encrypted missing)."""

from __future__ import annotations

import calendar

import pytest

from tui_export.cloud.ecs import (export_task_id, items, parse_api_time, parse_image, parse_progress, parse_task,
                                  parse_task_attribute)

DOC_TASKS = {
    "TaskSet": [{"Task": [
        {"CreationTime": "2015-11-24T12:50Z", "FinishedTime": "2015-11-24T12:50Z", "SupportCancel": True,
         "TaskAction": "ImportImage", "TaskStatus": "Finished", "TaskId": "t-bp1hvgwromzv32iq****"},
        {"CreationTime": "2015-11-23T15:10Z", "FinishedTime": "2015-11-23T15:16Z", "SupportCancel": "false",
         "TaskAction": "ExportImage", "TaskStatus": "Paused", "TaskId": "t-bp179lofu2pv768w****"},
    ]}],
}


@pytest.mark.parametrize("task_set", [
    DOC_TASKS["TaskSet"],                      # the doc's JSON sample: a list
    DOC_TASKS["TaskSet"][0],                   # the SDK model / XML: an object
    DOC_TASKS["TaskSet"][0]["Task"],           # a bare list
])
def test_task_set_shapes(task_set):
    tasks = [parse_task(d, "cn-hangzhou") for d in items(task_set, "Task")]
    assert [t.task_id for t in tasks] == ["t-bp1hvgwromzv32iq****", "t-bp179lofu2pv768w****"]
    assert tasks[0].support_cancel is True and tasks[1].support_cancel is False
    assert tasks[1].status == "Paused"           # shown as is, never a crash


def test_single_task_object():
    assert len(items({"Task": {"TaskId": "t-1"}}, "Task")) == 1
    assert items("", "Task") == [] and items(None, "Task") == []


def test_times_minute_and_second_precision():
    assert parse_api_time("2015-11-24T12:50Z") == calendar.timegm((2015, 11, 24, 12, 50, 0))
    assert parse_api_time("2015-11-24T12:50:30Z") == calendar.timegm((2015, 11, 24, 12, 50, 30))
    assert parse_api_time("") is None and parse_api_time("yesterday") is None


@pytest.mark.parametrize("raw, expected", [("45%", 45), ("100%", 100), ("0%", 0), ("", None), (None, None),
                                           ("12.5%", 12), ("abc", None)])
def test_progress(raw, expected):
    assert parse_progress(raw) == expected


def test_task_attribute_doc_sample():
    body = {
        "CreationTime": "2015-11-23T02:13Z",
        "OperationProgressSet": {"OperationProgress": [{
            "RelatedItemSet": {"RelatedItem": [
                {"Name": "OSSBucket", "Value": "image-temp"},
                {"Name": "OSSObject", "Value": "MYOSSPRE_m-23f8tcp***_t-23ym6mv***.vhd"},
                {"Name": "ImageFormat", "Value": "vhd"}]},
            "ErrorMsg": "", "ErrorCode": "", "OperationStatus": "Success"}]},
        "FinishedTime": "2015-11-23T02:19Z", "FailedCount": 0, "SupportCancel": "true", "TotalCount": 1,
        "SuccessCount": 1, "RequestId": "4BE2C7FE", "RegionId": "cn-hangzhou",
        "TaskAction": "ExportImage", "TaskStatus": "Finished", "TaskProcess": "100%", "TaskId": "t-ce946ntx4wr****",
    }
    t = parse_task_attribute(body, "cn-hangzhou")
    assert (t.status, t.progress, t.oss_bucket, t.image_format) == ("Finished", 100, "image-temp", "vhd")
    assert t.oss_objects == ("MYOSSPRE_m-23f8tcp***_t-23ym6mv***.vhd",) and t.support_cancel


def test_task_attribute_error():
    body = {"TaskId": "t-1", "TaskStatus": "Failed", "TaskProcess": "50%",
            "OperationProgressSet": {"OperationProgress": [{"ErrorCode": "ExportImageFailed", "ErrorMsg": "boom",
                                                            "RelatedItemSet": {"RelatedItem": []}}]}}
    t = parse_task_attribute(body, "cn-hangzhou")
    assert (t.error_code, t.error_msg, t.progress) == ("ExportImageFailed", "boom", 50)


def test_export_task_id_falls_back():
    assert export_task_id({"TaskId": "t-live"}) == "t-live"
    assert export_task_id({"ExportTaskId": "tsk-doc"}) == "tsk-doc"
    assert export_task_id({"TaskId": "t-live", "ExportTaskId": "tsk-doc"}) == "t-live"


def test_image_without_encrypted_and_string_sizes():
    d = {"ImageId": "m-1", "ImageName": "x1", "OSType": "linux", "Size": 60, "Status": "Available",
         "ImageOwnerAlias": "self", "ProductCode": "",
         "DiskDeviceMappings": {"DiskDeviceMapping": [
             {"Device": "/dev/xvda", "Type": "system", "Size": "60", "SnapshotId": "s-1"},
             {"Device": "/dev/xvdb", "Type": "data", "Size": "500", "SnapshotId": "s-2", "Encrypted": "true"}]}}
    img = parse_image(d, "cn-hangzhou")
    assert img.disks[0].encrypted is None and img.disks[1].encrypted is True
    assert [x.size_gib for x in img.disks] == [60, 500] and img.size_gib == 60
