"""Where a finished export went, from what its task and request say (core/task_location.py)."""

from tui_export.core.models import ExportRequest, Task
from tui_export.core.task_location import ExportLocation, export_location, prefix_from_object_name

IMG = "m-bp1demoweb0000000001"


def test_prefix_read_back_through_the_naming_pattern():
    assert prefix_from_object_name(f"weekly_{IMG}_system.raw.tar.gz", IMG) == "weekly"
    assert prefix_from_object_name(f"{IMG}_data_xvdb.raw.tar.gz", IMG) == ""
    assert prefix_from_object_name(f"MYOSSPRE_{IMG}_t-23ym6mv.vhd", IMG) == "MYOSSPRE"   # the doc's sample shape
    assert prefix_from_object_name("something-else.vhd", IMG) is None
    assert prefix_from_object_name(f"bad-prefix_{IMG}_system.raw.tar.gz", IMG) is None  # not a valid OSSPrefix


def test_location_from_the_request_made_here_or_the_task():
    task = Task("t-1", "cn-hangzhou", status="Finished", resource_id=IMG)
    assert export_location(task, ExportRequest("cn-hangzhou", IMG, "b-1", prefix="")) == ExportLocation("b-1", "")
    assert not export_location(task, None).complete
    named = Task("t-1", "cn-hangzhou", status="Finished", resource_id=IMG, oss_bucket="b-2",
                 oss_objects=(f"p1_{IMG}_system.raw.tar.gz", f"p1_{IMG}_data_xvdb.raw.tar.gz"))
    assert export_location(named, None) == ExportLocation("b-2", "p1")
    disagree = Task("t-1", "cn-hangzhou", resource_id=IMG, oss_bucket="b-2",
                    oss_objects=(f"p1_{IMG}_system.raw.tar.gz", f"p2_{IMG}_system.raw.tar.gz"))
    assert export_location(disagree, None) == ExportLocation("b-2", None)
