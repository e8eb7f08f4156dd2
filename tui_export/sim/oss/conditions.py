"""GetObject's Range and If-* headers, decided the OSS way (docs/api.md, "OSS ranges, conditions and CRC-64";
docs/sdk.md, "oss2 requests")."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from .errors import OssError
from .records import ObjectRecord

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$")


def byte_range(header: str, size: int, standard: bool) -> tuple[int, int] | None:
    """(first, last) inclusive, or None for the whole object (200).

    Legacy behaviour: any invalid range (syntax, several ranges, start past EOF, end past EOF)
    is ignored and the whole object is returned. With `x-oss-range-behavior: standard` an end past
    EOF is clamped and an unsatisfiable range is 416 InvalidRange."""
    if not header:
        return None
    m = _RANGE.match(header)
    first = last = None
    if m and (m.group(1) or m.group(2)):
        a, b = m.group(1), m.group(2)
        if not a:                      # bytes=-n: the last n bytes
            n = int(b)
            if n > 0 and size > 0:
                first, last = max(0, size - n), size - 1
                if n > size and not standard:
                    first = last = None
        else:
            first = int(a)
            last = int(b) if b else size - 1
            if last >= size and standard:
                last = size - 1
            if first > last or first >= size or last >= size:
                first = last = None
    if first is None:
        if standard:
            raise OssError("InvalidRange", RangeRequested=header, ActualObjectSize=str(size))
        return None
    return first, last


def _date(raw: str) -> float | None:
    try:
        return parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def _etag_matches(header: str, etag: str) -> bool:
    # oss2 sends If-Match unquoted on ranged GETs; browsers and curl quote it
    wanted = [t.strip().strip('"').upper() for t in header.split(",")]
    return "*" in wanted or etag.upper() in wanted


def check_preconditions(obj: ObjectRecord, headers) -> bool:
    """False when the answer is 304 Not Modified; raises 412 PreconditionFailed; True to proceed.
    `headers` has `.get(name)` (case-insensitive)."""
    mtime = int(obj.last_modified)
    if_match = headers.get("If-Match")
    if if_match is not None and not _etag_matches(if_match, obj.etag):
        raise OssError("PreconditionFailed", Condition="If-Match")
    since = headers.get("If-Unmodified-Since")
    if since is not None and if_match is None:
        t = _date(since)
        if t is not None and mtime > t:
            raise OssError("PreconditionFailed", Condition="If-Unmodified-Since")
    if_none = headers.get("If-None-Match")
    if if_none is not None and _etag_matches(if_none, obj.etag):
        return False
    modified = headers.get("If-Modified-Since")
    if modified is not None and if_none is None:
        t = _date(modified)
        if t is not None and mtime <= t:
            return False
    return True
