"""OSS over oss2: buckets, exported objects, HEAD, presigned URLs, and the
`oss2.Bucket` the download engine uses.

Endpoint choice for object operations (docs/api.md, "OSS endpoints"): a custom domain (CNAME)
first — mainland buckets of newer accounts answer PublicEndpointForbidden on the
public endpoint —, then an override (the embedded cloud), then the internal or
public regional endpoint. Bucket operations (ListBuckets, PutBucket) never use a
CNAME. A `Bucket` keeps the auth it was built with: after an STS refresh, ask
`CloudSession.oss_bucket` again. oss2 is imported on first use (about 150 ms;
docs/sdk.md, "Import costs").
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from tui_export.cloud.endpoints import Endpoints
from tui_export.core.models import Bucket, ObjectInfo
from tui_export.core.rules import export_object_prefix

log = logging.getLogger(__name__)

SIM_REGION_HEADER = "x-oss-sim-region"   # the embedded cloud's PutBucket region (its one endpoint serves all)
LIST_PAGE = 1000

# guard(fn, operation, *, retry=True) -> fn's result, SDK errors translated, reads retried
Guard = Callable[..., object]


def _oss2():
    import oss2
    return oss2


def object_sort_key(key: str) -> tuple[int, str]:
    """System disk first, then data disks by name, then anything else."""
    return (0 if "_system" in key else 1 if "_data_" in key else 2, key)


class OssService:
    def __init__(self, auth_factory: Callable[[], object], endpoints: Endpoints, guard: Guard, *,
                 connect_timeout: float | None = None, pool_size: int = 16) -> None:
        self._auth = auth_factory
        self.endpoints = endpoints
        self._guard = guard
        self._connect_timeout = connect_timeout
        self._pool_size = pool_size
        self._session = None
        self._lock = threading.Lock()

    def _http_session(self):
        # one connection pool for all Bucket/Service objects (oss2 builds one per object otherwise)
        with self._lock:
            if self._session is None:
                self._session = _oss2().Session(pool_size=self._pool_size)
            return self._session

    # --- building oss2 objects --------------------------------------------------------
    def service(self):
        oss2 = _oss2()
        return oss2.Service(self._auth(), self.endpoints.oss_service_url(), session=self._http_session(),
                            connect_timeout=self._connect_timeout)

    def bucket(self, name: str, region_id: str, *, for_objects: bool = True):
        """An oss2.Bucket for `name` in `region_id` (CNAME / internal honoured for objects)."""
        oss2 = _oss2()
        if for_objects:
            endpoint, is_cname = self.endpoints.oss_object_url(name, region_id)
        else:   # bucket management: never a CNAME; the internal endpoint when asked (a VPC without internet)
            endpoint, is_cname = self.endpoints.oss_region_url(region_id), False
        return oss2.Bucket(self._auth(), endpoint, name, is_cname=is_cname, session=self._http_session(),
                           connect_timeout=self._connect_timeout)

    # --- buckets ------------------------------------------------------------------------
    def buckets(self) -> list[Bucket]:
        def run():
            oss2 = _oss2()
            return [to_bucket(b) for b in oss2.BucketIterator(self.service(), max_keys=LIST_PAGE)]
        return self._guard(run, "ListBuckets")

    def create_bucket(self, name: str, region_id: str) -> Bucket:
        headers = {SIM_REGION_HEADER: region_id} if self.endpoints.sim else None
        attempted = {"ambiguous": False}

        def run():
            b = self.bucket(name, region_id, for_objects=False)
            try:
                b.create_bucket(headers=headers)
            except Exception as exc:  # a retry after a lost answer: "already exists" may be our own
                code = getattr(exc, "code", "")
                if code == "BucketAlreadyExists" and attempted["ambiguous"] and self._owned(name):
                    return
                from tui_export.cloud.errors import translate
                err = translate(exc, operation="PutBucket")
                attempted["ambiguous"] = attempted["ambiguous"] or err.ambiguous
                raise err from None

        self._guard(run, "PutBucket")
        for b in self.buckets():
            if b.name == name:
                return b
        return Bucket(name, f"oss-{region_id}", int(time.time()),
                      f"oss-{region_id}.aliyuncs.com", f"oss-{region_id}-internal.aliyuncs.com")

    def _owned(self, name: str) -> bool:
        try:
            return any(b.name == name for b in self.buckets())
        except Exception as exc:   # noqa: BLE001 - not known to be ours: the refusal stands
            log.info("ListBuckets after BucketAlreadyExists failed: %s", getattr(exc, "code", "") or type(exc).__name__)
            return False

    # --- objects ------------------------------------------------------------------------
    def head_object(self, bucket: str, key: str, region_id: str) -> ObjectInfo:
        def run():
            r = self.bucket(bucket, region_id).head_object(key)
            crc = r.headers.get("x-oss-hash-crc64ecma")
            return ObjectInfo(bucket, key, int(r.content_length or 0), (r.etag or "").strip('"'),
                              crc or None, int(r.last_modified or 0))
        return self._guard(run, "HeadObject")

    def list_prefix(self, bucket: str, prefix: str, region_id: str) -> list[str]:
        def run():
            oss2 = _oss2()
            it = oss2.ObjectIterator(self.bucket(bucket, region_id), prefix=prefix, max_keys=LIST_PAGE)
            return [o.key for o in it if not o.key.endswith("/")]
        return self._guard(run, "ListObjects")

    def exported_objects(self, bucket: str, region_id: str, *, keys=(), image_id: str = "",
                         prefix: str = "") -> list[ObjectInfo]:
        """The export's objects, each HEADed for size, ETag and CRC-64.

        Names come from the task's OSSObject items and from listing the export's prefix:
        whether export tasks still report OSSObject, and whether those names match what
        is written, is unknown (docs/api.md, "Exported object names"), so neither source is trusted alone.
        An item that doesn't exist is dropped; listing may be forbidden (no
        oss:ListObjects) when the task named its objects.
        """
        from tui_export.cloud.errors import CloudError
        if not bucket:   # a task started elsewhere whose attribute named no bucket: never ask OSS with ""
            raise CloudError("TaskBucketUnknown", "No bucket is known for this export.", retryable=False,
                             operation="ListObjects", local=True)
        named = list(dict.fromkeys(k for k in keys if k))
        try:
            listed = self.list_prefix(bucket, export_object_prefix(image_id, prefix), region_id)
        except CloudError as err:
            if not named or err.code != "AccessDenied":
                raise
            listed = []
        out: list[ObjectInfo] = []
        for key in sorted(dict.fromkeys([*named, *listed]), key=object_sort_key):
            try:
                out.append(self.head_object(bucket, key, region_id))
            except CloudError as err:
                if err.code == "NoSuchKey" and key not in listed:
                    continue
                raise
        return out

    def presign(self, bucket: str, key: str, region_id: str, expires_s: int = 3600) -> tuple[str, int]:
        def run():
            now = int(time.time())
            url = self.bucket(bucket, region_id).sign_url("GET", key, int(expires_s), slash_safe=True)
            return url, now + int(expires_s)
        return self._guard(run, "SignUrl", retry=False)


def to_bucket(info) -> Bucket:
    return Bucket(
        name=info.name,
        location=info.location or (f"oss-{info.region}" if getattr(info, "region", None) else ""),
        creation_date=int(info.creation_date or 0),
        extranet_endpoint=info.extranet_endpoint or "",
        intranet_endpoint=info.intranet_endpoint or "",
        storage_class=info.storage_class or "Standard",
    )
