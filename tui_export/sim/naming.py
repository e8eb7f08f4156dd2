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


def bucket_name_problem(name: str) -> str | None:
    """Why `name` can't be a bucket name (one English phrase), or None when it can."""
    if not 3 <= len(name) <= 63:
        return f"{len(name)} characters (a bucket name has 3 to 63)"
    if not set(name) <= _BUCKET_CHARS:
        return "only lowercase letters, digits and hyphens are allowed"
    if name[0] not in _EDGE_CHARS or name[-1] not in _EDGE_CHARS:
        return "it must start and end with a lowercase letter or a digit"
    return None


def valid_bucket_name(name: str) -> bool:
    return bucket_name_problem(name) is None
