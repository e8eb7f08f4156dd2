"""RAM users of the embedded cloud: their AccessKeys and the actions they are allowed.

A scenario's `"users": [{"name", "access_key_id", "access_key_secret", "allow": [...]}]`
gives each user an allow-list of RAM actions ("ecs:DescribeImages", wildcards like
"ecs:Describe*" or "oss:*"). A request signed with a user's key is judged against it
before the action runs; everything not allowed is refused the way each service refuses
an implicit deny (docs/api.md, "RAM permissions: how each service refuses").
The account's own key (the demo key) and STS keys are not judged: they may do everything.
"""

from __future__ import annotations

import fnmatch
import hashlib
from dataclasses import dataclass

from tui_export.sim.keys import KeyRecord, KeyRegistry

# The RAM action behind each OSS operation of the sim's OSS server (oss/server.py operation()).
OSS_ACTIONS = {
    "ListBuckets": "oss:ListBuckets", "PutBucket": "oss:PutBucket", "DeleteBucket": "oss:DeleteBucket",
    "HeadBucket": "oss:GetBucketInfo", "GetBucketInfo": "oss:GetBucketInfo",
    "GetBucketLocation": "oss:GetBucketLocation", "GetBucketAcl": "oss:GetBucketAcl",
    "PutBucketAcl": "oss:PutBucketAcl", "ListMultipartUploads": "oss:ListMultipartUploads",
    "ListLiveChannel": "oss:ListLiveChannel", "ListObjects": "oss:ListObjects", "ListObjectsV2": "oss:ListObjects",
    "DeleteMultipleObjects": "oss:DeleteObject", "GetObject": "oss:GetObject", "HeadObject": "oss:GetObject",
    "GetObjectMeta": "oss:GetObject", "PutObject": "oss:PutObject", "DeleteObject": "oss:DeleteObject",
    "InitiateMultipartUpload": "oss:PutObject", "UploadPart": "oss:PutObject",
    "CompleteMultipartUpload": "oss:PutObject", "AbortMultipartUpload": "oss:AbortMultipartUpload",
    "ListParts": "oss:ListParts",
}

# Answered for every caller, as the real STS does (no permission needed to ask who you are).
ALWAYS_ALLOWED = frozenset({"sts:GetCallerIdentity"})


def oss_action(operation: str) -> str:
    return OSS_ACTIONS.get(operation, "oss:" + operation)


def allows(patterns: tuple[str, ...], action: str) -> bool:
    """RAM matching: case-insensitive, `*` any run of characters, `?` one character."""
    low = action.lower()
    return any(fnmatch.fnmatchcase(low, p.lower()) for p in patterns)


@dataclass(frozen=True)
class User:
    name: str
    access_key_id: str
    access_key_secret: str
    allow: tuple[str, ...]

    @property
    def user_id(self) -> str:
        """A stable numeric id, like the 16 digits RAM gives a user."""
        return str(int(hashlib.sha256(self.name.encode()).hexdigest(), 16))[:16]

    def arn(self, account_id: str) -> str:
        return f"acs:ram::{account_id}:user/{self.name}"

    def may(self, action: str) -> bool:
        return action in ALWAYS_ALLOWED or allows(self.allow, action)


class Users:
    """The scenario's users, by AccessKey id."""

    def __init__(self, users: tuple[User, ...] = ()) -> None:
        self._by_key = {u.access_key_id: u for u in users}
        self._by_name = {u.name: u for u in users}

    @classmethod
    def from_scenario(cls, specs) -> "Users":
        return cls(tuple(User(s["name"], s["access_key_id"], s["access_key_secret"], tuple(s.get("allow", ())))
                         for s in specs or ()))

    def register(self, keys: KeyRegistry) -> None:
        for user in self._by_key.values():
            keys.add(KeyRecord(user.access_key_id, user.access_key_secret))

    def __iter__(self):
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def named(self, name: str) -> User | None:
        return self._by_name.get(name)

    def of_key(self, access_key_id: str) -> User | None:
        return self._by_key.get(access_key_id)

    def denies(self, key: KeyRecord | None, action: str) -> bool:
        """True when `key` is a user's and its allow-list doesn't cover `action`."""
        user = self._by_key.get(key.access_key_id) if key is not None else None
        return user is not None and not user.may(action)
