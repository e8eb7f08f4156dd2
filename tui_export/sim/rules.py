"""The embedded cloud's own reading of ExportImage's documented rules.

Written from the ExportImage API reference (summarised in docs/api.md, "ExportImage:
the documented rules"), not imported from the product's `core.rules`: the sim is the
test oracle, and a rule copied from the product could never prove the product wrong.
Where the reference is silent the sim makes a choice and says so here.
"""

from __future__ import annotations

import json
import re

from tui_export.core.models import Image

# The role ECS assumes to write into the bucket: this name only ("any other role name
# is invalid"), trusting ecs.aliyuncs.com, with ECS's default export policy attached.
EXPORT_ROLE_NAME = "AliyunECSImageExportDefaultRole"
EXPORT_ROLE_POLICY = "AliyunECSImageExportRolePolicy"
EXPORT_ROLE_TRUSTED_SERVICE = "ecs.aliyuncs.com"
EXPORT_ROLE_TRUST_POLICY = json.dumps({
    "Statement": [{
        "Action": "sts:AssumeRole",
        "Effect": "Allow",
        "Principal": {"Service": [EXPORT_ROLE_TRUSTED_SERVICE]},
    }],
    "Version": "1",
})

# ImageFormat values the API takes (default raw).
FORMATS = frozenset({"raw", "vhd", "qcow2", "vmdk", "vdi"})

# Regions that honour ImageFormat; everywhere else the export is RAW whatever was asked.
FORMAT_REGIONS = frozenset({
    "ap-northeast-1", "ap-southeast-5", "eu-central-1", "me-east-1", "us-east-1",
    "eu-west-1", "ap-southeast-1", "ap-southeast-3", "us-west-1",
})

# The sim's choice (the reference names no region): the local regions answer
# InvalidRegion.NotSupport, so that row of the table can be met in the demo.
NO_EXPORT_REGIONS = frozenset({"cn-nanjing", "cn-fuzhou", "cn-wuhan-lr"})

MAX_DATA_DISKS = 4
MAX_DATA_DISK_GIB = 500

# OSSPrefix: optional; digits or letters, 1-30 characters.
_PREFIX = re.compile(r"[A-Za-z0-9]{1,30}")
# Image names: 2-128 characters, a letter (English or Chinese) first, then letters,
# digits, ".", "_" or "-"; never starting with http:// or https://.
_NAME = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff._-]{1,127}")


def prefix_ok(prefix: str) -> bool:
    return prefix == "" or (prefix.isascii() and _PREFIX.fullmatch(prefix) is not None)


def format_ok(fmt: str) -> bool:
    return fmt in FORMATS


def image_name_ok(name: str) -> bool:
    return (_NAME.fullmatch(name) is not None
            and not name.lower().startswith(("http://", "https://")))


def region_exports(region_id: str) -> bool:
    return region_id not in NO_EXPORT_REGIONS


def region_honours_format(region_id: str) -> bool:
    return region_id in FORMAT_REGIONS


def image_refusal(image: Image, *, exporting: bool) -> tuple[str, str] | None:
    """Why the cloud refuses to export `image` — (error-table key, detail) — or None.

    The checks run in the order the reference's table lists the image rows; the
    first one that holds is the answer.
    """
    if image.owner_alias == "marketplace":
        return "ImageNotSupported.Marketplace", ""
    if image.owner_alias != "self":          # shared and public images are not "yours"
        return "InvalidImageId.NotFound", ""
    if not image_name_ok(image.name):
        return "InvalidImageName.Malformed", ""
    if image.status != "Available":
        return "IncorrectImageStatus", ""
    if image.product_code:                   # derived from a Marketplace image
        return "ImageNotSupported.Market", ""
    if any(d.encrypted for d in image.disks):
        return "ImageNotSupported.Encrypted", ""
    data = [d for d in image.disks if d.type == "data"]
    if len(data) > MAX_DATA_DISKS:
        return ("InvalidImage.DiskAmountOrSize",
                f"The image has {len(data)} data disks; at most {MAX_DATA_DISKS} can be exported.")
    big = [d for d in data if d.size_gib > MAX_DATA_DISK_GIB]
    if big:
        return ("InvalidImage.DiskAmountOrSize",
                f"Data disk {big[0].device} is {big[0].size_gib} GiB; at most {MAX_DATA_DISK_GIB} GiB can be exported.")
    if image.os_type.lower() == "windows":
        return "InvalidImageLicense.NotSupported", "Images of Windows Server cannot be exported because of the license."
    if exporting:
        return "ImageIsExporting", ""
    return None


def export_object_names(image_id: str, prefix: str, fmt: str, data_devices=()) -> list[str]:
    """What an export writes: "<prefix>_<imageId>_system.raw.tar.gz" (no "<prefix>_" without
    a prefix), then "..._data_<device>..." per data disk. The names real exports show;
    other formats get a bare extension (the sim's choice)."""
    head = f"{prefix}_{image_id}_" if prefix else f"{image_id}_"
    suffix = ".raw.tar.gz" if fmt == "raw" else f".{fmt}"
    names = [f"{head}system{suffix}"]
    names += [f"{head}data_{dev.rsplit('/', 1)[-1]}{suffix}" for dev in data_devices]
    return names
