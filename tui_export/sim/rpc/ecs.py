"""ECS 2014-05-26: DescribeRegions, DescribeImages, ExportImage, DescribeTasks,
DescribeTaskAttribute, CancelTask — answered from the World, refused per the sim's own
reading of the documented rules (sim/rules.py), never the product's."""

from __future__ import annotations

import time

from tui_export.core.models import Image
from tui_export.core.regions import region_by_id
from tui_export.sim import rules
from tui_export.sim.faults import Faults
from tui_export.sim.rpc.errors import RpcError, invalid, missing
from tui_export.sim.rpc.server import RpcCall, RpcService
from tui_export.sim.world import World, minute_time

VERSION = "2014-05-26"
OWNER_ALIASES = ("system", "self", "others", "marketplace")
IMAGE_STATUSES = ("Creating", "Waiting", "Available", "UnAvailable", "CreateFailed", "Deprecated")
LANGUAGES = ("zh-CN", "zh_TW", "en-US", "ja", "fr", "de", "ko")


def ecs_service(world: World, faults: Faults) -> RpcService:
    api = EcsApi(world, faults)
    return RpcService("Ecs", VERSION, "ecs.aliyuncs.com", {
        "DescribeRegions": api.describe_regions,
        "DescribeImages": api.describe_images,
        "ExportImage": api.export_image,
        "DescribeTasks": api.describe_tasks,
        "DescribeTaskAttribute": api.describe_task_attribute,
        "CancelTask": api.cancel_task,
    }, before_each=world.advance)


def _page(call: RpcCall, default_size: int = 10) -> tuple[int, int]:
    try:
        number = int(call.get("PageNumber") or 1)
        size = int(call.get("PageSize") or default_size)
    except ValueError:
        raise invalid("PageNumber/PageSize") from None
    if number < 1:
        raise invalid("PageNumber")
    if not 1 <= size <= 100:
        raise invalid("PageSize")
    return number, size


class EcsApi:
    def __init__(self, world: World, faults: Faults) -> None:
        self.world = world
        self.faults = faults

    def _region(self, call: RpcCall) -> str:
        region_id = call.get("RegionId")
        if not region_id:
            raise missing("RegionId")
        if region_id not in self.world.region_ids:
            raise RpcError("InvalidRegionId.NotFound")
        return region_id

    # --- regions and images ------------------------------------------------------

    def describe_regions(self, call: RpcCall) -> dict:
        lang = call.get("AcceptLanguage") or "zh-CN"
        if lang not in LANGUAGES:
            raise RpcError("InvalidAcceptLanguage.NotFound")
        regions = []
        for region_id in self.world.region_ids:
            region = region_by_id(region_id)
            name = region.name("zh" if lang.startswith("zh") else "en") if region else region_id
            regions.append({"RegionId": region_id, "RegionEndpoint": f"ecs.{region_id}.aliyuncs.com",
                            "LocalName": name, "Status": "available"})
        return {"Regions": {"Region": regions}}

    def describe_images(self, call: RpcCall) -> dict:
        region_id = self._region(call)
        number, size = _page(call)
        alias = call.get("ImageOwnerAlias")
        if alias and alias not in OWNER_ALIASES:
            raise RpcError("InvalidImageOwnerAlias.ValueNotSupported")
        owners = {alias} if alias else {"system", "self", "others"}
        statuses = {s.strip() for s in (call.get("Status") or "Available").split(",") if s.strip()}
        image_ids = {i.strip() for i in call.get("ImageId").split(",") if i.strip()}
        name_part = call.get("ImageName").lower()
        os_type = call.get("OSType").lower()
        with self.world.lock:
            found = [img for img in self.world.images.values()
                     if img.region_id == region_id and img.owner_alias in owners and img.status in statuses
                     and (not image_ids or img.image_id in image_ids)
                     and name_part in img.name.lower()
                     and (not os_type or img.os_type.lower() == os_type)]
            found.sort(key=lambda img: img.creation_time, reverse=True)
            page = found[(number - 1) * size:number * size]
            items = [self._image_fields(img) for img in page]
        return {"RegionId": region_id, "TotalCount": len(found), "PageNumber": number, "PageSize": size,
                "Images": {"Image": items}}

    def _image_fields(self, img: Image) -> dict:
        meta = self.world.image_meta.get(img.image_id, {})
        mappings = [{
            "Device": d.device, "Type": d.type, "Size": str(d.size_gib), "SnapshotId": d.snapshot_id,
            "Format": "", "ImportOSSBucket": "", "ImportOSSObject": "", "Progress": "100%",
            **({"Encrypted": bool(d.encrypted)} if d.encrypted is not None else {}),
        } for d in img.disks]
        return {
            "ImageId": img.image_id, "ImageName": img.name, "ImageFamily": meta.get("family", ""),
            "Description": img.description, "ImageVersion": "", "Status": img.status,
            "ImageOwnerAlias": img.owner_alias,
            "ImageOwnerId": int(self.world.account.account_id) if img.owner_alias == "self" else 0,
            "OSType": img.os_type, "OSName": img.os_name, "OSNameEn": img.os_name, "Platform": img.platform,
            "Architecture": img.architecture, "Size": img.size_gib or img.total_gib,
            "ProductCode": img.product_code, "IsSubscribed": False, "IsCopied": False,
            "IsSelfShared": "True" if meta.get("self_shared") else "False",
            "IsPublic": img.owner_alias == "system", "IsSupportIoOptimized": True,
            "IsSupportCloudinit": img.os_type != "windows", "Usage": meta.get("usage", "none"),
            "Progress": "100%" if img.status == "Available" else meta.get("progress", "50%"),
            "CreationTime": img.creation_time, "ResourceGroupId": "", "BootMode": "BIOS",
            "LicenseType": "Auto",
            "DiskDeviceMappings": {"DiskDeviceMapping": mappings},
            "Tags": {"Tag": [{"TagKey": k, "TagValue": v} for k, v in meta.get("tags", {}).items()]},
        }

    # --- ExportImage ---------------------------------------------------------------

    def export_image(self, call: RpcCall) -> dict:
        """Every row of the seed's table, checked in this order (see sim/README.md)."""
        for name in ("RegionId", "ImageId", "OSSBucket"):
            if not call.get(name):
                raise missing(name)
        region_id = call.get("RegionId")
        if region_id not in self.world.region_ids:
            raise RpcError("InvalidRegionId.NotFound")
        prefix = call.get("OSSPrefix")
        if not rules.prefix_ok(prefix):
            raise RpcError("InvalidOSSPrefix.Malformed")
        fmt = (call.get("ImageFormat") or "raw").lower()
        if not rules.format_ok(fmt):
            raise RpcError("InvalidImageFormat.Malformed")
        if not rules.region_exports(region_id):
            raise RpcError("InvalidRegion.NotSupport")
        world = self.world
        with world.lock:
            if not world.account.whitelisted:
                raise RpcError("UserNotInTheWhiteList")
            image = world.image_in_region(call.get("ImageId"), region_id)
            if image is None:
                raise RpcError("InvalidImageId.NotFound")
            refusal = rules.image_refusal(image, exporting=world.is_exporting(image.image_id))
            if refusal:
                raise RpcError(*refusal)
            if world.account.deny_data_disk_export and image.data_disks:
                raise RpcError("OperationDenied")
            bucket_name = call.get("OSSBucket")
            bucket = world.store.get_bucket(bucket_name)
            if bucket is None:
                raise RpcError("InvalidOSSBucket.NotFound")
            if bucket.region_id != region_id:
                raise RpcError("InvalidOSSBucket.NotMatched",
                               f"the bucket {bucket_name} is in region {bucket.region_id}, "
                               f"not in the image's region {region_id}")
            if not world.role_ready_for_export(call.get("RoleName") or rules.EXPORT_ROLE_NAME):
                raise RpcError("NoSetRoletoECSServiceAcount")
            now = time.time()
            quota = world.account.concurrent_quota
            if quota is not None and world.running_exports() >= quota:
                raise RpcError("ConcurrentQuotaExceed.ExportImage",
                               f"The number of running export tasks has reached the quota of {quota}.")
            quota = world.account.weekly_quota
            if quota is not None and world.exports_this_week(now) >= quota:
                raise RpcError("WeeklyQuotaExceed.ExportImage",
                               f"The number of export tasks this week has reached the quota of {quota}.")
            if call.get("DryRun").lower() == "true":
                raise RpcError("DryRunOperation")
            if self.faults.roll(self.faults.export_fail, call.action):
                raise RpcError("ExportImageFailed")
            task = world.create_export(image, bucket_name, prefix, fmt,
                                       fail=self.faults.roll(self.faults.task_fail, call.action))
        return {"TaskId": task.task_id, "RegionId": region_id}

    # --- tasks ---------------------------------------------------------------------

    def _task_fields(self, task) -> dict:
        return {
            "TaskId": task.task_id, "TaskAction": "ExportImage", "TaskStatus": task.status,
            "SupportCancel": task.running, "CreationTime": minute_time(task.created),
            "FinishedTime": minute_time(task.finished), "ResourceId": task.image_id,
        }

    def describe_tasks(self, call: RpcCall) -> dict:
        region_id = self._region(call)
        number, size = _page(call)
        ids = {i.strip() for i in call.get("TaskIds").split(",") if i.strip()}
        if len(ids) > 100:
            raise invalid("TaskIds")
        action = call.get("TaskAction")
        status = call.get("TaskStatus")
        resources = {v for k, v in call.params.items() if k.startswith("ResourceIds.") and v}
        with self.world.lock:
            found = [t for t in self.world.tasks.values()
                     if t.region_id == region_id and (not ids or t.task_id in ids)
                     and (not action or action == "ExportImage") and (not status or t.status == status)
                     and (not resources or t.image_id in resources)]
            found.sort(key=lambda t: t.created, reverse=True)
            items = [self._task_fields(t) for t in found[(number - 1) * size:number * size]]
        return {"RegionId": region_id, "TotalCount": len(found), "PageNumber": number, "PageSize": size,
                "TaskSet": {"Task": items}}

    def _task(self, call: RpcCall):
        region_id = self._region(call)
        if not call.get("TaskId"):
            raise missing("TaskId")
        task = self.world.tasks.get(call.get("TaskId"))
        if task is None or task.region_id != region_id:
            raise RpcError("InvalidTaskId.NotFound")
        return task

    def describe_task_attribute(self, call: RpcCall) -> dict:
        with self.world.lock:
            task = self._task(call)
            failed = task.status == "Failed"
            done = task.status == "Finished"
            items = [{"Name": "OSSBucket", "Value": task.bucket}]
            if done or not task.running or self.world.list_planned_objects:
                items += [{"Name": "OSSObject", "Value": key} for key, _, _ in task.objects]
            items.append({"Name": "ImageFormat", "Value": task.image_format})
            items = [item for item in items if item["Name"] in task.related_items]
            operation = {
                "OperationStatus": "Success" if done else ("Failed" if failed else task.status),
                "ErrorCode": task.error_code, "ErrorMsg": task.error_msg,
                "RelatedItemSet": {"RelatedItem": items},
            }
            body = {
                **self._task_fields(task), "RegionId": task.region_id,
                "TaskProcess": f"{task.progress(time.time())}%",
                "TotalCount": 1, "SuccessCount": int(done), "FailedCount": int(failed),
                "OperationProgressSet": {"OperationProgress": [operation]},
            }
            del body["ResourceId"]
            if failed:
                body.update(ErrorCode=task.error_code, ErrorMsg=task.error_msg)
        return body

    def cancel_task(self, call: RpcCall) -> dict:
        with self.world.lock:
            task = self._task(call)
            if not task.running:
                raise RpcError("InvalidTaskId.IncorrectTaskStatus")
            self.world.cancel(task)
        return {}
