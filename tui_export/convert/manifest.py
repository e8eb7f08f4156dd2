"""The manifest written beside a download (`<prefix>_<image>.manifest.json`): what was exported,
what arrived, and what it was turned into, so `tui-export verify` can re-check it all later.

Files are named relative to the manifest's folder (the folder can move). Version 1 shape:
{"version", "image_id", "region_id", "task_id", "bucket", "prefix", "written",
 "objects": [{"key", "size", "etag", "crc64_oss", "crc64_local", "file" (null once removed),
              "disk": {"sha256", "virtual_size", "table", "partitions"} | null,
              "converted": [{"format", "file", "sha256"}]}]}
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .engine import file_sha256

VERSION = 1
SUFFIX = ".manifest.json"


def manifest_name(prefix: str, image_id: str) -> str:
    return f"{prefix}_{image_id}{SUFFIX}" if prefix else f"{image_id}{SUFFIX}"


def object_entry(*, key: str, size: int, etag: str, crc64_oss: str | None, crc64_local: str | None,
                 file: str | None, converted=None) -> dict:
    """One object's row; `converted` is an engine.Converted (or None for archive only)."""
    row = {"key": key, "size": size, "etag": etag, "crc64_oss": crc64_oss, "crc64_local": crc64_local,
           "file": file, "disk": None, "converted": []}
    if converted is not None:
        row["disk"] = {"sha256": converted.sha256, "virtual_size": converted.virtual_size, **converted.layout.to_json()}
        row["converted"].append({"format": converted.format, "file": Path(converted.path).name,
                                 "sha256": file_sha256(Path(converted.path))})
    return row


def write(folder: Path, *, image_id: str, region_id: str, task_id: str | None, bucket: str, prefix: str,
          objects: list[dict]) -> Path:
    """Write (atomically) the manifest; an earlier one for the same image is replaced."""
    doc = {"version": VERSION, "image_id": image_id, "region_id": region_id, "task_id": task_id,
           "bucket": bucket, "prefix": prefix, "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "objects": objects}
    path = Path(folder) / manifest_name(prefix, image_id)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def load(path: Path) -> dict:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or doc.get("version") != VERSION or not isinstance(doc.get("objects"), list):
        raise ValueError("not a tui-export manifest (version 1)")
    return doc


def find(path: Path) -> list[Path]:
    """The manifests PATH names: itself, or every *.manifest.json in a folder."""
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob(f"*{SUFFIX}"))
    return [path] if path.exists() else []


@dataclass
class Check:
    what: str          # "archive" | "converted" | "oss"
    name: str          # a file name or an object key
    ok: bool
    detail: str = ""   # why not (expected vs found), or "" when it matches

    def to_json(self) -> dict:
        return {"what": self.what, "name": self.name, "ok": self.ok, "detail": self.detail or None}


def check_local(doc: dict, folder: Path, crc_of_file) -> list[Check]:
    """Each file the manifest names, against what it recorded: an archive by size and CRC-64
    (`crc_of_file(path) -> int`), a converted disk by SHA-256. A missing file is a mismatch."""
    checks: list[Check] = []
    for obj in doc["objects"]:
        if obj.get("file"):
            path = folder / obj["file"]
            if not path.exists():
                checks.append(Check("archive", obj["file"], False, "missing"))
            elif path.stat().st_size != obj["size"]:
                checks.append(Check("archive", obj["file"], False, f"size {path.stat().st_size}, expected {obj['size']}"))
            else:
                crc = str(crc_of_file(path))
                want = obj.get("crc64_local") or obj.get("crc64_oss")
                checks.append(Check("archive", obj["file"], crc == want, "" if crc == want else f"CRC-64 {crc}, expected {want}"))
        for conv in obj.get("converted") or []:
            path = folder / conv["file"]
            if not path.exists():
                checks.append(Check("converted", conv["file"], False, "missing"))
                continue
            sha = file_sha256(path)
            checks.append(Check("converted", conv["file"], sha == conv["sha256"],
                                "" if sha == conv["sha256"] else f"SHA-256 {sha[:16]}…, expected {conv['sha256'][:16]}…"))
        if not obj.get("file") and not obj.get("converted"):
            checks.append(Check("archive", obj["key"], False, "no local file recorded"))
    return checks


def check_remote(obj: dict, head) -> Check:
    """One object's headers now in OSS (`head`: size, etag, crc64) against the manifest."""
    diffs = []
    if head.size != obj["size"]:
        diffs.append(f"size {head.size}, expected {obj['size']}")
    if obj.get("etag") and (head.etag or "").upper() != obj["etag"].upper():
        diffs.append(f"ETag {head.etag}, expected {obj['etag']}")
    if obj.get("crc64_oss") and head.crc64 and str(head.crc64) != str(obj["crc64_oss"]):
        diffs.append(f"CRC-64 {head.crc64}, expected {obj['crc64_oss']}")
    return Check("oss", obj["key"], not diffs, "; ".join(diffs))
