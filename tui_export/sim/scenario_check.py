"""The whole-document check of a scenario, before anything of it is applied.

A scenario file is written by hand, so every mistake is refused with one line:
where in the document (`images[0].disks[1].size_gib`) and what is wrong, as a
message key and values of the sim's own table (scenario_messages.py), so
`tui-export sim` says it in English or Chinese (issue #7). Keys a scenario may
hold come from scenario.py (its *_KEYS sets); a key listed there without a type
here is accepted as it is.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable, Iterable

from tui_export.core.json_shape import (
    BOOLEAN, INTEGER, LIST, MAX_DEPTH, NULL, NUMBER, OBJECT, STRING, depth, is_kind, kind,
)
from tui_export.core.regions import region_by_id
from tui_export.sim.naming import bucket_name_problem
from tui_export.sim.scenario_messages import Either, ScenarioError, Text

__all__ = ["ScenarioError", "TIME_FORMAT", "check_document"]

_KINDS = {OBJECT, LIST, STRING, INTEGER, NUMBER, BOOLEAN, NULL}   # each has a "kind.*" text
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

OWNERS = ("self", "system", "others", "marketplace")
IMAGE_STATUSES = ("Available", "Creating", "Waiting", "UnAvailable", "CreateFailed", "Deprecated")
OS_TYPES = ("linux", "windows")
DISK_TYPES = ("system", "data")
TASK_STATUSES = ("Waiting", "Processing", "Finished", "Failed", "Deleted")
POLICY_TYPES = ("System", "Custom")
RELATED_ITEMS = ("OSSBucket", "OSSObject", "ImageFormat")   # what DescribeTaskAttribute may name

Check = Callable[[object, str], None]

# Bounds that keep a scenario's numbers meaningful: ECS disks end at 32 TiB, and a task
# older or longer than ten years would only overflow the clock's conversions.
MAX_DISK_GIB = 32 * 1024
MAX_SECONDS = 10 * 365 * 24 * 3600


def fail(where: str | Text, message: str, /, **values: object) -> None:
    """Refuse with the text `message` at `where` (a place; Text makes any character of it one line)."""
    if where:
        raise ScenarioError("at", where=where, what=Text(message, **values))
    raise ScenarioError(message, **values)


def _kind_word(k: str) -> object:
    return Text(f"kind.{k}") if k in _KINDS else k


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def expect(value: object, where: str, *kinds: str) -> None:
    if not any(is_kind(value, k) for k in kinds):
        fail(where, "expected", wanted=Either(*map(_kind_word, kinds)), got=_kind_word(kind(value)))


# --- field checks ------------------------------------------------------------------

def string(*, required_text: bool = False) -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, STRING)
        if required_text and not v.strip():   # type: ignore[union-attr]
            fail(where, "empty")
    return check


def boolean() -> Check:
    return lambda v, where: expect(v, where, BOOLEAN)


def count(*, low: int = 0, high: int | None = None, nullable: bool = False) -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, INTEGER, *((NULL,) if nullable else ()))
        if v is not None and v < low:   # type: ignore[operator]
            fail(where, "at_least", low=low, value=v)
        if v is not None and high is not None and v > high:   # type: ignore[operator]
            fail(where, "at_most", high=high, value=v)
    return check


def seconds(*, nullable: bool = False) -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, NUMBER, *((NULL,) if nullable else ()))
        if v is not None and not 0 <= v <= MAX_SECONDS:   # type: ignore[operator]
            fail(where, "seconds", high=MAX_SECONDS, value=v)
    return check


def one_of(choices: Iterable[str]) -> Check:
    choices = tuple(choices)

    def check(v: object, where: str) -> None:
        expect(v, where, STRING)
        if v not in choices:
            fail(where, "not_one_of", value=repr(v), choices=", ".join(choices))
    return check


def region() -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, STRING)
        if region_by_id(v) is None:   # type: ignore[arg-type]
            fail(where, "unknown_region", value=repr(v))
    return check


def timestamp() -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, STRING)
        try:
            calendar.timegm(time.strptime(v, TIME_FORMAT))   # type: ignore[arg-type]
        except (ValueError, OverflowError):
            fail(where, "not_a_time", value=repr(v))
    return check


def bucket_name() -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, STRING)
        problem = bucket_name_problem(v)   # type: ignore[arg-type]
        if problem:
            problem_key, problem_values = problem
            fail(where, "bucket_name", value=repr(v), problem=Text(problem_key, **problem_values))
    return check


def policy_document() -> Check:
    """A JSON object, or the same as a JSON string (stored as text)."""
    def check(v: object, where: str) -> None:
        expect(v, where, OBJECT, STRING)
        if depth(v) > MAX_DEPTH:
            fail(where, "too_deep", limit=MAX_DEPTH)
    return check


def list_of(item: Check) -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, LIST)
        for i, element in enumerate(v):   # type: ignore[arg-type]
            item(element, f"{where}[{i}]")
    return check


def map_of(value: Check) -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, OBJECT)
        for key, element in v.items():   # type: ignore[union-attr]
            if not isinstance(key, str):
                fail(where, "key_not_string", key=repr(key))
            value(element, _at(where, key))
    return check


def obj(fields: dict[str, Check], *, allowed: Iterable[str] | None = None,
        required: Iterable[str] = ()) -> Check:
    allowed = set(fields) if allowed is None else set(allowed)

    def check(v: object, where: str) -> None:
        expect(v, where, OBJECT)
        unknown = [k for k in v if k not in allowed]   # type: ignore[union-attr]
        if unknown:
            fail(where or Text("document"), "unknown_key", key=repr(unknown[0]),
                 allowed=", ".join(sorted(allowed)))
        for key in required:
            if key not in v:   # type: ignore[operator]
                fail(where or Text("document"), "missing", key=repr(key))
        for key, element in v.items():   # type: ignore[union-attr]
            if key in fields:
                fields[key](element, _at(where, key))
    return check


def pair(first: Check, second: Check) -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, LIST)
        if len(v) != 2:   # type: ignore[arg-type]
            fail(where, "pair", count=len(v))   # type: ignore[arg-type]
        first(v[0], f"{where}[0]")   # type: ignore[index]
        second(v[1], f"{where}[1]")   # type: ignore[index]
    return check


def account_id() -> Check:
    def check(v: object, where: str) -> None:
        expect(v, where, STRING)
        if not (v.isascii() and v.isdigit() and 1 <= len(v) <= 20):   # type: ignore[union-attr]
            fail(where, "account_id", value=repr(v))
    return check


def ram_action() -> Check:
    """"service:Action", wildcards allowed ("ecs:Describe*", "oss:*", "*")."""
    def check(v: object, where: str) -> None:
        expect(v, where, STRING)
        service, colon, name = v.partition(":")   # type: ignore[union-attr]
        if v != "*" and not (colon and service.isalpha() and name and " " not in name):
            fail(where, "ram_action", value=repr(v))
    return check


# --- the document ------------------------------------------------------------------

def check_document(doc: object, *, top_keys: Iterable[str], image_keys: Iterable[str],
                   task_keys: Iterable[str]) -> None:
    """Raise ScenarioError for the first thing wrong in `doc` (types, names, references)."""
    disk = obj({"device": string(required_text=True), "type": one_of(DISK_TYPES), "size_gib": count(low=1, high=MAX_DISK_GIB),
                "snapshot_id": string(), "encrypted": boolean()}, required=("device", "size_gib"))
    image = obj({
        "id": string(required_text=True), "name": string(), "region": region(), "owner": one_of(OWNERS),
        "status": one_of(IMAGE_STATUSES), "os_type": one_of(OS_TYPES), "os_name": string(),
        "platform": string(), "architecture": string(), "product_code": string(), "created": timestamp(),
        "description": string(), "description_zh": string(), "disks": list_of(disk), "self_shared": boolean(), "tags": map_of(string()),
        "family": string(), "usage": string(), "progress": string(),
    }, allowed=image_keys, required=("id", "name", "region"))
    bucket = obj({"name": bucket_name(), "region": region(), "storage_class": string(required_text=True),
                  "created": timestamp()}, required=("name", "region"))
    role = obj({"name": string(required_text=True), "description": string(), "trust_policy": policy_document(),
                "policies": list_of(pair(string(required_text=True), one_of(POLICY_TYPES)))}, required=("name",))
    task = obj({"image": string(required_text=True), "bucket": bucket_name(), "prefix": string(),
                "format": string(required_text=True), "status": one_of(TASK_STATUSES),
                "started_seconds_ago": seconds(), "duration_seconds": seconds(nullable=True),
                "error_code": string(), "error_msg": string(), "related_items": list_of(one_of(RELATED_ITEMS))},
               allowed=task_keys, required=("image", "bucket"))
    account = obj({"account_id": account_id(), "whitelisted": boolean(), "deny_data_disk_export": boolean(),
                   "concurrent_quota": count(nullable=True), "weekly_quota": count(nullable=True)})
    user = obj({"name": string(required_text=True), "access_key_id": string(required_text=True),
                "access_key_secret": string(required_text=True), "allow": list_of(ram_action())},
               required=("name", "access_key_id", "access_key_secret"))
    top = obj({
        "description": string(), "account": account, "regions": list_of(region()), "images": list_of(image),
        "buckets": list_of(bucket), "roles": list_of(role), "custom_policies": map_of(policy_document()),
        "tasks": list_of(task), "metadata_role": string(required_text=True), "users": list_of(user),
        "taken_bucket_names": list_of(bucket_name()),
    }, allowed=top_keys)
    top(doc, "")
    _check_references(doc)   # type: ignore[arg-type]


def _check_references(doc: dict) -> None:
    """Names that must be unique, and tasks that must point at something of the scenario."""
    images = _unique(doc.get("images", ()), "id", "images", "unique.image")
    buckets = _unique(doc.get("buckets", ()), "name", "buckets", "unique.bucket")
    for i, name in enumerate(doc.get("taken_bucket_names", ())):
        if name in buckets:   # a name is one account's: ours (buckets) or another's (taken)
            fail(f"taken_bucket_names[{i}]", "taken_is_bucket", value=repr(name))
    _unique(doc.get("roles", ()), "name", "roles", "unique.role")
    _unique(doc.get("users", ()), "name", "users", "unique.user")
    _unique(doc.get("users", ()), "access_key_id", "users", "unique.access_key")
    for i, spec in enumerate(doc.get("tasks", ())):
        where = f"tasks[{i}]"
        if spec["image"] not in images:
            fail(f"{where}.image", "not_an_image", value=repr(spec["image"]))
        if spec.get("status") == "Finished" and spec["bucket"] not in buckets:
            # a finished export's archives are written into its bucket at start
            fail(f"{where}.bucket", "not_a_bucket", value=repr(spec["bucket"]))


def _unique(entries: Iterable[dict], key: str, where: str, what: str) -> set[str]:
    """The values of `key` across `entries`; refused when one repeats (`what`: a "unique.*" text key)."""
    seen: set[str] = set()
    for i, spec in enumerate(entries):
        if spec[key] in seen:
            fail(f"{where}[{i}].{key}", "twice", what=Text(what), value=repr(spec[key]))
        seen.add(spec[key])
    return seen
