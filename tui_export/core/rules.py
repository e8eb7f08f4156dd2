"""The rules of ExportImage, as pure functions: form validation, exportability,
formats per region, bucket/region match, and the names an export produces.

The UI validates with these, the embedded cloud refuses with these, and the tests
check both against them — one place for each rule (the seed;
docs/api.md, "ExportImage: the documented rules").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from tui_export.core.models import EXPORT_ROLE_NAME, Image
from tui_export.core.regions import EXPORT_UNCONFIRMED_REGIONS, FORMAT_REGIONS

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

FORMATS = ("raw", "vhd", "qcow2", "vmdk", "vdi")
PREFIX_MAX = 30
MAX_DATA_DISKS = 4
MAX_DATA_DISK_GIB = 500


@dataclass(frozen=True)
class Problem:
    """Why a value is refused: `key` names a message in core.i18n, `detail` fills it."""
    key: str
    detail: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Blocker:
    """One reason an image can't be exported.

    `reason` names a message in core.i18n ("blocker.<reason>"); `error_key` is the
    row of core.api_errors.ERRORS the cloud answers with; `detail` fills a `%s`.
    """
    reason: str
    error_key: str
    detail: str = ""


@dataclass(frozen=True)
class Caution:
    """A reason the cloud *may* refuse that no document confirms: shown as a warning,
    never a block; the DryRun decides. `reason` names "caution.<reason>" in core.i18n;
    `error_key` is the row the cloud would answer with if it does refuse."""
    reason: str
    error_key: str


# --- form fields -------------------------------------------------------------

_PREFIX_RE = re.compile(r"[A-Za-z0-9]+")
_BUCKET_RE = re.compile(r"[a-z0-9-]+")
_IMAGE_NAME_START = re.compile(r"[A-Za-z\u4e00-\u9fff]")
_IMAGE_NAME_CHAR = re.compile(r"[A-Za-z0-9\u4e00-\u9fff._-]")


def validate_prefix(prefix: str) -> Problem | None:
    """OSSPrefix: optional; else 1–30 letters or digits."""
    if prefix == "":
        return None
    if len(prefix) > PREFIX_MAX:
        return Problem("prefix.too_long", {"max": PREFIX_MAX, "length": len(prefix)})
    if not (_PREFIX_RE.fullmatch(prefix) and prefix.isascii()):
        bad = next(c for c in prefix if not (c.isascii() and c.isalnum()))
        return Problem("prefix.bad_char", {"char": bad})
    return None


def validate_bucket_name(name: str) -> Problem | None:
    """OSS bucket names: 3–63 lowercase letters, digits, hyphens; letter or digit at both ends."""
    if not name:
        return Problem("bucket.empty")
    if not 3 <= len(name) <= 63:
        return Problem("bucket.length", {"length": len(name)})
    if not (_BUCKET_RE.fullmatch(name) and name.isascii()):
        return Problem("bucket.bad_char")
    if name[0] == "-" or name[-1] == "-":
        return Problem("bucket.edge")
    return None


def validate_format(fmt: str) -> Problem | None:
    if fmt not in FORMATS:
        return Problem("format.unknown", {"format": fmt, "formats": ", ".join(FORMATS)})
    return None


def validate_format_for_region(fmt: str, region_id: str) -> Problem | None:
    problem = validate_format(fmt)
    if problem:
        return problem
    if fmt not in formats_for_region(region_id):
        return Problem("format.raw_only", {"region": region_id})
    return None


def validate_image_name(name: str) -> Problem | None:
    """ExportImage's InvalidImageName rule, exactly as documented (docs/api.md): 2–128
    characters, starting with an English letter or a Chinese character; then letters,
    digits, '.', '_' and '-' (no ':'); not starting with http:// or https://.

    The Problem names the one rule broken (the cloud's message names none): "length",
    "url", "start" (detail: the first character) or "char" (detail: the first bad one)."""
    if not 2 <= len(name) <= 128:
        return Problem("image_name.length", {"length": len(name)})
    if name.lower().startswith(("http://", "https://")):
        return Problem("image_name.url")
    if not _IMAGE_NAME_START.fullmatch(name[0]):
        return Problem("image_name.start", {"char": shown_char(name[0])})
    bad = next((c for c in name[1:] if not _IMAGE_NAME_CHAR.fullmatch(c)), None)
    if bad is not None:
        return Problem("image_name.char", {"char": shown_char(bad)})
    return None


def shown_char(c: str) -> str:
    """A character as a message can quote it: an unprintable one as its code point (U+000A)."""
    return c if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}"


# --- regions, buckets, formats -----------------------------------------------

def region_honours_format(region_id: str) -> bool:
    return region_id in FORMAT_REGIONS


def formats_for_region(region_id: str) -> tuple[str, ...]:
    """Formats worth offering: all where ImageFormat is honoured, else only raw."""
    return FORMATS if region_honours_format(region_id) else ("raw",)


def region_export_unconfirmed(region_id: str) -> bool:
    """A local region: export there is neither documented nor ruled out (a caution)."""
    return region_id in EXPORT_UNCONFIRMED_REGIONS


def bucket_region(location: str) -> str:
    """"oss-cn-hangzhou" -> "cn-hangzhou" (ListBuckets' Location)."""
    return location[4:] if location.startswith("oss-") else location


def bucket_in_region(location: str, region_id: str) -> bool:
    return bucket_region(location) == region_id


# --- exported objects ---------------------------------------------------------

def export_object_prefix(image_id: str, prefix: str) -> str:
    """What every object of one export starts with: "<prefix>_<imageId>_" or "<imageId>_"."""
    return f"{prefix}_{image_id}_" if prefix else f"{image_id}_"


def export_object_suffix(fmt: str) -> str:
    # RAW is what users report (docs/api.md, "Exported object names"): "<...>.raw.tar.gz". Other formats are
    # undocumented; we choose a bare extension and always discover by listing.
    return ".raw.tar.gz" if fmt == "raw" else f".{fmt}"


def export_object_names(image_id: str, prefix: str, fmt: str, data_devices=()) -> list[str]:
    """The objects an export writes: the system disk, then one per data disk ("xvdb")."""
    head = export_object_prefix(image_id, prefix)
    suffix = export_object_suffix(fmt)
    names = [f"{head}system{suffix}"]
    names += [f"{head}data_{dev.rsplit('/', 1)[-1]}{suffix}" for dev in data_devices]
    return names


# --- exportability ------------------------------------------------------------

def export_blockers(image: Image, *, exporting: bool = False) -> list[Blocker]:
    """Every documented reason `image` can't be exported, in the order the cloud checks them.
    Only what the docs say: undocumented doubts are `export_cautions`, not blockers."""
    out: list[Blocker] = []
    if image.owner_alias == "marketplace":
        out.append(Blocker("marketplace_image", "ImageNotSupported.Marketplace"))
    elif image.owner_alias != "self":
        out.append(Blocker("not_owned", "InvalidImageId.NotFound"))
    name_problem = validate_image_name(image.name)
    if name_problem:   # which rule: "bad_name_length", "bad_name_url", "bad_name_start", "bad_name_char"
        detail = name_problem.detail.get("char", name_problem.detail.get("length", ""))
        out.append(Blocker(f"bad_name_{name_problem.key.split('.')[1]}", "InvalidImageName.Malformed", str(detail)))
    if image.status != "Available":
        out.append(Blocker("not_available", "IncorrectImageStatus", image.status))
    if image.product_code:
        out.append(Blocker("marketplace_derived", "ImageNotSupported.Market", image.product_code))
    if any(d.encrypted for d in image.disks):
        out.append(Blocker("encrypted", "ImageNotSupported.Encrypted"))
    data = image.data_disks
    if len(data) > MAX_DATA_DISKS:
        out.append(Blocker(
            "too_many_data_disks", "InvalidImage.DiskAmountOrSize",
            f"The image has {len(data)} data disks; at most {MAX_DATA_DISKS} can be exported.",
        ))
    big = [d for d in data if d.size_gib > MAX_DATA_DISK_GIB]
    if big:
        out.append(Blocker(
            "data_disk_too_big", "InvalidImage.DiskAmountOrSize",
            f"Data disk {big[0].device} is {big[0].size_gib} GiB; at most {MAX_DATA_DISK_GIB} GiB can be exported.",
        ))
    if image.os_type.lower() == "windows":
        out.append(Blocker(
            "windows", "InvalidImageLicense.NotSupported",
            "Images of Windows Server cannot be exported because of the license.",
        ))
    if exporting:
        out.append(Blocker("exporting", "ImageIsExporting"))
    return out


def export_cautions(image: Image) -> list[Caution]:
    """What may make the cloud refuse `image` although no document says so."""
    if region_export_unconfirmed(image.region_id):
        return [Caution("region_export_unconfirmed", "InvalidRegion.NotSupport")]
    return []
