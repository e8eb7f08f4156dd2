"""The embedded cloud's own reading of OSS's bucket naming rule.

The sim is the oracle the product is tested against, so it keeps its own copy of
the rule instead of asking the product's (core.rules): 3–63 characters, lowercase
ASCII letters, digits and hyphens, a letter or digit at both ends. PutBucket and
scenario files both check here.
"""

from __future__ import annotations

import string

_BUCKET_CHARS = frozenset(string.ascii_lowercase + string.digits + "-")
_EDGE_CHARS = frozenset(string.ascii_lowercase + string.digits)


def bucket_name_problem(name: str) -> tuple[str, dict] | None:
    """Why `name` can't be a bucket name, or None when it can: a message key of
    scenario_messages.py and its values, so a scenario refusal says it in either language."""
    if not 3 <= len(name) <= 63:
        return "bucket.length", {"length": len(name)}
    if not set(name) <= _BUCKET_CHARS:
        return "bucket.chars", {}
    if name[0] not in _EDGE_CHARS or name[-1] not in _EDGE_CHARS:
        return "bucket.edges", {}
    return None


def valid_bucket_name(name: str) -> bool:
    return bucket_name_problem(name) is None
