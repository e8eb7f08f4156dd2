"""What kind of JSON value something is, and how deep it nests — for checking input files.

Pure helpers shared by the readers of the files a user hands us (the aliyun CLI
config, the app config, the encrypted store, sim scenarios). They never recurse,
so a document nested 100,000 deep is measured, not a RecursionError.
"""

from __future__ import annotations

import json
import math

# Kind names; the readers turn them into words (en/zh catalogue, or English in the sim).
OBJECT, LIST, STRING, INTEGER, NUMBER, BOOLEAN, NULL = "object", "list", "string", "integer", "number", "boolean", "null"

# No file we read needs more; a deeper one is damaged or hostile.
MAX_DEPTH = 32


class TooDeep(ValueError):
    """The text nests further than MAX_DEPTH (or than Python's parser can go)."""


def kind(value: object) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, str):
        return STRING
    if isinstance(value, (list, tuple)):
        return LIST
    if isinstance(value, dict):
        return OBJECT
    return type(value).__name__


def is_kind(value: object, wanted: str) -> bool:
    """INTEGER excludes booleans; NUMBER is any finite int or float (not a boolean)."""
    got = kind(value)
    if wanted == NUMBER:
        return got == INTEGER or (got == NUMBER and math.isfinite(value))   # type: ignore[arg-type]
    return got == wanted


def depth(value: object, limit: int = MAX_DEPTH) -> int:
    """How deep `value` nests (a scalar is 0, `[]` is 1), counting no further than limit + 1."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, (list, tuple)):
            children = list(item)
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > limit:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def text_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """Bracket depth of JSON text (strings skipped), counting no further than limit + 1.

    Checked before parsing: Python's parser recurses, and a deep enough text ends
    in RecursionError instead of a result."""
    level = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            level += 1
            if level > deepest:
                deepest = level
                if deepest > limit:
                    return deepest
        elif ch in "]}":
            level -= 1
    return deepest


def loads(text: str, limit: int = MAX_DEPTH):
    """json.loads, refusing text nested deeper than `limit` with TooDeep (a ValueError)."""
    if text_depth(text, limit) > limit:
        raise TooDeep(f"nested more than {limit} levels deep")
    try:
        return json.loads(text)
    except RecursionError:   # belt and braces: the scan above should have caught it
        raise TooDeep(f"nested more than {limit} levels deep") from None
