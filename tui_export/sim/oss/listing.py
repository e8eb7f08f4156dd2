"""One page of ListObjects / ListBuckets: marker, delimiter grouping, max-keys, truncation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


@dataclass
class Page:
    items: list
    prefixes: list[str]
    truncated: bool
    next_marker: str   # the last key or common prefix on this page


def page(records: Sequence[T], *, name: Callable[[T], str], prefix: str = "", delimiter: str = "",
         after: str = "", max_keys: int = 100) -> Page:
    """`records` sorted by name and already filtered by prefix; entries named <= `after` are skipped.

    With a delimiter, names sharing `prefix + ... + delimiter` fold into one common prefix,
    which counts as one entry toward `max_keys` (as on OSS)."""
    items: list = []
    prefixes: list[str] = []
    last = ""
    for record in records:
        key = name(record)
        if key <= after:
            continue
        entry, is_prefix = key, False
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                entry, is_prefix = key[:cut + len(delimiter)], True
                if entry <= after or (prefixes and prefixes[-1] == entry):
                    continue
        if len(items) + len(prefixes) >= max_keys:
            return Page(items, prefixes, True, last)
        if is_prefix:
            prefixes.append(entry)
        else:
            items.append(record)
        last = entry
    return Page(items, prefixes, False, last)
