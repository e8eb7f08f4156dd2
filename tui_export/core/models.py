"""The plain data the layers pass to each other (no I/O, no SDK types)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

EXPORT_ROLE_NAME = "AliyunECSImageExportDefaultRole"


@dataclass(frozen=True)
class DiskMapping:
    device: str          # "/dev/xvda"
    type: str            # "system" | "data"
    size_gib: int
    snapshot_id: str = ""
    encrypted: bool | None = None   # None: the API didn't say (2023+ responses omit it)

    @property
    def device_name(self) -> str:
        """"/dev/xvdb" -> "xvdb", the form used in exported object names."""
        return self.device.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Image:
    image_id: str
    name: str
    region_id: str
    os_type: str = "linux"
    os_name: str = ""
    platform: str = ""
    architecture: str = "x86_64"
    size_gib: int = 0
    status: str = "Available"
    owner_alias: str = "self"
    product_code: str = ""
    creation_time: str = ""
    disks: tuple[DiskMapping, ...] = ()
    description: str = ""

    @property
    def data_disks(self) -> tuple[DiskMapping, ...]:
        return tuple(d for d in self.disks if d.type == "data")

    @property
    def total_gib(self) -> int:
        return sum(d.size_gib for d in self.disks) or self.size_gib


@dataclass(frozen=True)
class Bucket:
    name: str
    location: str                 # "oss-cn-hangzhou"
    creation_date: int = 0        # unix seconds
    extranet_endpoint: str = ""
    intranet_endpoint: str = ""
    storage_class: str = "Standard"

    @property
    def region_id(self) -> str:
        return self.location[4:] if self.location.startswith("oss-") else self.location


@dataclass(frozen=True)
class Task:
    task_id: str
    region_id: str
    action: str = "ExportImage"
    status: str = ""
    progress: int | None = None      # percent from TaskProcess; None when unknown
    creation_time: str = ""
    finished_time: str = ""
    support_cancel: bool = False
    resource_id: str = ""            # the image id for export tasks
    error_code: str = ""
    error_msg: str = ""
    oss_bucket: str = ""
    oss_objects: tuple[str, ...] = ()
    image_format: str = ""

    @property
    def finished(self) -> bool:
        return self.status in FINAL_TASK_STATUSES

    @property
    def running(self) -> bool:
        return self.status in ("Waiting", "Processing", "Pending", "Paused")


FINAL_TASK_STATUSES = frozenset({"Finished", "Failed", "Deleted", "CreateFailed", "UnAvailable"})


@dataclass(frozen=True)
class ExportRequest:
    region_id: str
    image_id: str
    bucket: str
    prefix: str = ""
    image_format: str = "raw"
    role_name: str = EXPORT_ROLE_NAME


@dataclass(frozen=True)
class ObjectInfo:
    bucket: str
    key: str
    size: int
    etag: str = ""
    crc64: str | None = None
    last_modified: int = 0


class RoleState(enum.Enum):
    PRESENT = "present"
    MISSING = "missing"
    POLICY_MISSING = "policy_missing"


@dataclass(frozen=True)
class RegionInfo:
    region_id: str
    local_name: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)
