"""The smallest RAM policy that grants exactly the actions the doctor found missing.

Non-OSS actions (and oss:ListBuckets, a service-level action) take Resource "*"; with a bucket
known, bucket-level OSS actions are scoped to `acs:oss:*:*:<bucket>` and object-level ones to
`acs:oss:*:*:<bucket>/*` (docs/doctor.md).
"""

from __future__ import annotations

# OSS actions on objects (resource <bucket>/*); the others act on the bucket itself.
OBJECT_ACTIONS = frozenset({"oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:AbortMultipartUpload",
                            "oss:ListParts"})
SERVICE_ACTIONS = frozenset({"oss:ListBuckets"})


def minimal_policy(actions, bucket: str | None = None) -> dict | None:
    """A RAM policy document (Version "1") allowing `actions`, or None when nothing is missing."""
    actions = sorted(set(actions))
    if not actions:
        return None
    anywhere = [a for a in actions if not a.startswith("oss:") or a in SERVICE_ACTIONS or not bucket]
    on_bucket = [a for a in actions if a.startswith("oss:") and bucket and a not in SERVICE_ACTIONS
                 and a not in OBJECT_ACTIONS]
    on_objects = [a for a in actions if a.startswith("oss:") and bucket and a in OBJECT_ACTIONS]
    statements = []
    if anywhere:
        statements.append({"Effect": "Allow", "Action": anywhere, "Resource": "*"})
    if on_bucket:
        statements.append({"Effect": "Allow", "Action": on_bucket, "Resource": [f"acs:oss:*:*:{bucket}"]})
    if on_objects:
        statements.append({"Effect": "Allow", "Action": on_objects, "Resource": [f"acs:oss:*:*:{bucket}/*"]})
    return {"Version": "1", "Statement": statements}


def granted_actions(policy: dict | None) -> set[str]:
    """Every action a policy built here allows (for tests and the screen)."""
    if not policy:
        return set()
    return {a for st in policy["Statement"] if st.get("Effect") == "Allow" for a in st["Action"]}
