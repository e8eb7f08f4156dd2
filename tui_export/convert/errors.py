"""Conversion failures a user can meet, each with a stable code the message catalogues explain."""

from __future__ import annotations


class ConvertError(Exception):
    """code: NotAnArchive (not gzip/tar), NoDisk (no member, or the member is not a disk),
    Truncated (the archive ends early), UnknownFormat."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.message = detail or code   # what the job/JSON error carries (explained by core/explain.py)
        self.local = True               # it happened on this computer: no RequestId, never the cloud's answer
