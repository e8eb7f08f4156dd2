"""ECS over aliyun-python-sdk-ecs: the requests we build and how we read the answers.

Transport, credentials, retries and endpoints are the session's (session.py): an
`RpcCall` runs one request object and returns the parsed JSON. Request classes are
imported on first use (the ECS package has ~385 modules; docs/sdk.md, "Import costs") and a new
request object is built per call (the SDK mutates it while signing; docs/sdk.md, "Retries and timeouts").
"""

from __future__ import annotations

import calendar
import importlib
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, Callable

from tui_export.core.models import DiskMapping, Image, RegionInfo, Task

# call(region_id, request, operation, *, retry=True) -> dict
RpcCall = Callable[..., dict]

PAGE_SIZE = 100
MAX_PAGES = 1000   # a guard against a server that never says "last page"
IMAGE_PAGES_IN_FLIGHT = 8   # DescribeImages pages asked at once after the first (per region)
IMAGE_STATUSES = "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated"


def request_class(name: str):
    """aliyunsdkecs.request.v20140526.<name>Request.<name>Request, imported lazily."""
    module = importlib.import_module(f"aliyunsdkecs.request.v20140526.{name}Request")
    return getattr(module, f"{name}Request")


def new_request(name: str, **params):
    req = request_class(name)()
    for key, value in params.items():
        if value is None:
            continue
        getattr(req, f"set_{key}")(value)
    return req


# --- parsing helpers -------------------------------------------------------------

def items(obj: Any, key: str) -> list:
    """`{"Task": [...]}` or `[{"Task": [...]}]` or `[...]` -> the list
    (docs/api.md, "Reading ECS answers: shapes the documents disagree on")."""
    if obj is None or obj == "":
        return []
    if isinstance(obj, dict):
        inner = obj.get(key, [])
        if isinstance(inner, dict):
            return [inner]
        return list(inner or [])
    if isinstance(obj, list):
        out: list = []
        for entry in obj:
            if isinstance(entry, dict) and key in entry:
                out.extend(items(entry, key))
            else:
                out.append(entry)
        return out
    return []


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def as_opt_bool(value: Any) -> bool | None:
    return None if value is None or value == "" else as_bool(value)


def as_int(value: Any, default: int = 0) -> int:
    try:
        return int(float(str(value).strip().rstrip("%")))
    except (TypeError, ValueError):
        return default


def parse_progress(value: Any) -> int | None:
    """TaskProcess "45%" -> 45; "" / None -> None."""
    if value is None or str(value).strip() == "":
        return None
    m = re.search(r"\d+(?:\.\d+)?", str(value))
    return max(0, min(100, int(float(m.group())))) if m else None


_TIME_FORMATS = ("%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ")


def parse_api_time(value: str) -> float | None:
    """"2015-11-24T12:50Z" / "...T12:50:30Z" (UTC; tasks have minute precision) -> unix time."""
    if not value:
        return None
    for fmt in _TIME_FORMATS:
        try:
            return float(calendar.timegm(time.strptime(value.strip(), fmt)))
        except ValueError:
            continue
    return None


def parse_region(d: dict) -> RegionInfo:
    return RegionInfo(
        region_id=d.get("RegionId", ""),
        local_name=d.get("LocalName", "") or d.get("RegionId", ""),
        extra={"endpoint": d.get("RegionEndpoint", ""), "status": d.get("Status", "")},
    )


def parse_disk(d: dict) -> DiskMapping:
    return DiskMapping(
        device=d.get("Device", "") or "",
        type=(d.get("Type") or "system").lower(),
        size_gib=as_int(d.get("Size")),
        snapshot_id=d.get("SnapshotId", "") or "",
        encrypted=as_opt_bool(d.get("Encrypted")),
    )


def parse_image(d: dict, region_id: str) -> Image:
    disks = tuple(parse_disk(m) for m in items(d.get("DiskDeviceMappings"), "DiskDeviceMapping"))
    return Image(
        image_id=d.get("ImageId", ""),
        name=d.get("ImageName", "") or "",
        region_id=region_id,
        os_type=d.get("OSType", "") or "linux",
        os_name=d.get("OSNameEn") or d.get("OSName") or "",
        platform=d.get("Platform", "") or "",
        architecture=d.get("Architecture", "") or "x86_64",
        size_gib=as_int(d.get("Size")),
        status=d.get("Status", "") or "",
        owner_alias=d.get("ImageOwnerAlias", "") or "",
        product_code=d.get("ProductCode", "") or "",
        creation_time=d.get("CreationTime", "") or "",
        disks=disks,
        description=d.get("Description", "") or "",
    )


def parse_task(d: dict, region_id: str) -> Task:
    """One entry of DescribeTasks' TaskSet."""
    return Task(
        task_id=d.get("TaskId", ""),
        region_id=d.get("RegionId") or region_id,
        action=d.get("TaskAction", "") or "",
        status=d.get("TaskStatus", "") or "",
        progress=parse_progress(d.get("TaskProcess")),
        creation_time=d.get("CreationTime", "") or "",
        finished_time=d.get("FinishedTime", "") or "",
        support_cancel=as_bool(d.get("SupportCancel", False)),
        resource_id=d.get("ResourceId", "") or "",
    )


def parse_task_attribute(d: dict, region_id: str) -> Task:
    """DescribeTaskAttribute: progress, related items (bucket, objects, format), error."""
    bucket, objects, fmt = "", [], ""
    error_code = d.get("ErrorCode", "") or ""
    error_msg = d.get("ErrorMsg", "") or ""
    resource_id = d.get("ResourceId", "") or ""
    for op in items(d.get("OperationProgressSet"), "OperationProgress"):
        for item in items(op.get("RelatedItemSet"), "RelatedItem"):
            name, value = item.get("Name", ""), item.get("Value", "") or ""
            if name == "OSSBucket":
                bucket = value
            elif name == "OSSObject" and value:
                objects.append(value)
            elif name == "ImageFormat":
                fmt = value
            elif name == "ImageId" and not resource_id:
                resource_id = value
        error_code = error_code or op.get("ErrorCode", "") or ""
        error_msg = error_msg or op.get("ErrorMsg", "") or ""
    return replace(
        parse_task(d, region_id),
        resource_id=resource_id,
        error_code=error_code,
        error_msg=error_msg,
        oss_bucket=bucket,
        oss_objects=tuple(dict.fromkeys(objects)),
        image_format=fmt,
    )


def export_task_id(d: dict) -> str:
    """ExportImage's answer: `TaskId` (live API), else `ExportTaskId` (the doc's sample)."""
    return d.get("TaskId") or d.get("ExportTaskId") or ""


def _more_images(body: dict, page: int) -> bool:
    """Whether DescribeImages has pages after `page` (whose answer is `body`)."""
    batch = items(body.get("Images"), "Image")
    total = as_int(body.get("TotalCount"), -1)
    return len(batch) >= PAGE_SIZE and (total < 0 or page * PAGE_SIZE < total)


# --- the service ------------------------------------------------------------------

class EcsService:
    def __init__(self, call: RpcCall) -> None:
        self._call = call

    def regions(self, lang: str = "en", *, region_id: str = "cn-hangzhou") -> list[RegionInfo]:
        accept = "zh-CN" if (lang or "").lower().startswith("zh") else "en-US"
        body = self._call(region_id, lambda: new_request("DescribeRegions", AcceptLanguage=accept),
                          "DescribeRegions")
        return [parse_region(r) for r in items(body.get("Regions"), "Region")]

    def _images_page(self, region_id: str, page: int, size: int) -> dict:
        return self._call(region_id, lambda: new_request(
            "DescribeImages", ImageOwnerAlias="self", Status=IMAGE_STATUSES,
            PageNumber=page, PageSize=size), "DescribeImages")

    def images(self, region_id: str) -> list[Image]:
        """Every custom image of the region, in the cloud's order (docs/api.md, "Listing a
        region's images"): page 1 tells TotalCount, the other pages are then asked at once
        (IMAGE_PAGES_IN_FLIGHT at a time) and joined in page order; if the count was unknown
        or grew meanwhile, the pages after those are read one by one until a short page."""
        bodies = [self._images_page(region_id, 1, PAGE_SIZE)]
        total = as_int(bodies[0].get("TotalCount"), -1)
        last = min(MAX_PAGES, -(-total // PAGE_SIZE))
        if _more_images(bodies[0], 1) and last > 1:
            bodies += self._image_pages_at_once(region_id, range(2, last + 1))
        while len(bodies) < MAX_PAGES and _more_images(bodies[-1], len(bodies)):
            bodies.append(self._images_page(region_id, len(bodies) + 1, PAGE_SIZE))
        out: list[Image] = []
        seen: set[str] = set()
        for body in bodies:
            for d in items(body.get("Images"), "Image"):
                img = parse_image(d, region_id)
                if img.image_id not in seen:   # a page boundary shifting under us must not duplicate
                    seen.add(img.image_id)
                    out.append(img)
        return out

    def _image_pages_at_once(self, region_id: str, pages: range) -> list[dict]:
        pool = ThreadPoolExecutor(min(IMAGE_PAGES_IN_FLIGHT, len(pages)), thread_name_prefix="image-pages")
        try:
            futures = [pool.submit(self._images_page, region_id, page, PAGE_SIZE) for page in pages]
            return [future.result() for future in futures]   # in page order; the first failure raises
        finally:
            pool.shutdown(wait=False, cancel_futures=True)   # after a failure, pages not yet sent never are

    def image_count(self, region_id: str) -> int:
        body = self._images_page(region_id, 1, 1)
        return as_int(body.get("TotalCount"))

    def export_request(self, req, *, dry_run: bool = False):
        """A fresh ExportImageRequest (built per attempt: signing mutates it)."""
        params = dict(ImageId=req.image_id, OSSBucket=req.bucket)
        if req.prefix:
            params["OSSPrefix"] = req.prefix
        if req.image_format:
            params["ImageFormat"] = req.image_format
        if req.role_name:
            params["RoleName"] = req.role_name
        if dry_run:
            params["DryRun"] = "true"
        return new_request("ExportImage", **params)

    def export_once(self, req, *, dry_run: bool = False) -> dict:
        """One ExportImage call, no retry (the session decides what a failure means)."""
        return self._call(req.region_id, lambda: self.export_request(req, dry_run=dry_run), "ExportImage",
                          retry=dry_run)

    def tasks(self, region_id: str, *, resource_ids=(), status: str | None = None) -> list[Task]:
        out: list[Task] = []
        seen: set[str] = set()
        for page in range(1, MAX_PAGES + 1):
            def make(page=page):
                r = new_request("DescribeTasks", TaskAction="ExportImage", PageNumber=page, PageSize=PAGE_SIZE,
                                TaskStatus=status)
                if resource_ids:
                    r.set_ResourceIdss(list(resource_ids))
                return r
            body = self._call(region_id, make, "DescribeTasks")
            batch = items(body.get("TaskSet"), "Task")
            for d in batch:
                t = parse_task(d, region_id)
                if t.task_id not in seen:
                    seen.add(t.task_id)
                    out.append(t)
            total = as_int(body.get("TotalCount"), -1)
            if not batch or len(batch) < PAGE_SIZE or (total >= 0 and page * PAGE_SIZE >= total):
                break
        return out

    def tasks_by_id(self, region_id: str, task_ids) -> list[Task]:
        """Many tasks in one DescribeTasks call each 100 ids (TaskIds, comma-separated): the job
        engine's poller asks this once per region per round instead of once per task."""
        ids = list(dict.fromkeys(task_ids))
        out: list[Task] = []
        for start in range(0, len(ids), PAGE_SIZE):
            chunk = ",".join(ids[start:start + PAGE_SIZE])
            body = self._call(region_id, lambda chunk=chunk: new_request(
                "DescribeTasks", TaskIds=chunk, PageSize=PAGE_SIZE), "DescribeTasks")
            out.extend(parse_task(d, region_id) for d in items(body.get("TaskSet"), "Task"))
        return out

    def task(self, region_id: str, task_id: str) -> Task:
        body = self._call(region_id, lambda: new_request("DescribeTaskAttribute", TaskId=task_id),
                          "DescribeTaskAttribute")
        return parse_task_attribute(body, region_id)

    def cancel_once(self, region_id: str, task_id: str) -> dict:
        return self._call(region_id, lambda: new_request("CancelTask", TaskId=task_id), "CancelTask", retry=False)
