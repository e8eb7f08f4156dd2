"""Is an export task the one our ExportImage call started? Proof, not likeness.

Used after an ambiguous ExportImage failure (session.py). A task is ours only when
it was not there before our first attempt (the caller checks that) and
DescribeTaskAttribute shows our image, bucket, format and prefix. The prefix is only
visible in the object names, so a task that names no objects is never proven ours.
Why, and what the embedded cloud answers: docs/api.md, "Reconciling an ExportImage retry".
"""

from __future__ import annotations

from tui_export.core import rules
from tui_export.core.models import ExportRequest, Task


def expected_format(req: ExportRequest) -> str:
    """The format the task will report: regions that ignore ImageFormat export RAW."""
    fmt = (req.image_format or "raw").lower()
    return fmt if rules.region_honours_format(req.region_id) else "raw"


def names_carry_prefix(objects: tuple[str, ...] | list[str], image_id: str, prefix: str) -> bool:
    """Every object is named `<prefix>_<imageId>_...` (`<imageId>_...` without a prefix); none -> False."""
    head = rules.export_object_prefix(image_id, prefix)
    return bool(objects) and all(name.startswith(head) for name in objects)


def proven_ours(listed: Task, attribute: Task, req: ExportRequest) -> bool:
    """`listed` from DescribeTasks, `attribute` from DescribeTaskAttribute for the same task.

    Every field must be present and equal: a field the cloud leaves out proves nothing.
    """
    image_ids = {i for i in (listed.resource_id, attribute.resource_id) if i}
    return (image_ids == {req.image_id}
            and attribute.oss_bucket == req.bucket
            and attribute.image_format.lower() == expected_format(req)
            and names_carry_prefix(attribute.oss_objects, req.image_id, req.prefix))


def ruled_out(listed: Task, attribute: Task, req: ExportRequest) -> bool:
    """A field the cloud did give differs from our request: certainly not ours."""
    head = rules.export_object_prefix(req.image_id, req.prefix)
    return (any(i and i != req.image_id for i in (listed.resource_id, attribute.resource_id))
            or bool(attribute.oss_bucket and attribute.oss_bucket != req.bucket)
            or bool(attribute.image_format and attribute.image_format.lower() != expected_format(req))
            or any(not name.startswith(head) for name in attribute.oss_objects))
