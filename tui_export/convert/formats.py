"""The target formats a download can end in, and the file name each one gets."""

from __future__ import annotations

FORMATS = ("archive", "raw", "qcow2", "vmdk", "vhd")   # "archive": the object as exported (no conversion)
BLOCK = 64 << 10      # the unit of zero detection: one qcow2 cluster, one vmdk grain

_ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")


def output_name(archive_name: str, fmt: str) -> str:
    """p_m-1_system.raw.tar.gz -> p_m-1_system.qcow2 (raw keeps .raw)."""
    stem = archive_name
    for suffix in _ARCHIVE_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    for ext in (".raw", ".img"):
        if stem.endswith(ext):
            stem = stem[: -len(ext)]
    return f"{stem}.{fmt}"
