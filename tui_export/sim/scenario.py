"""Scenarios: the account an EmbeddedCloud starts with, from JSON (a file, a dict, or "demo").

The format is documented in sim/README.md. Loading is strict: an unknown key or
region is an error, so a typo in a scenario file never silently changes a test.
"""

from __future__ import annotations

import calendar
import json
import pathlib
import time
from typing import Any

from tui_export.core import json_shape
from tui_export.core.models import DiskMapping, Image
from tui_export.core.regions import region_by_id
from tui_export.sim.scenario_check import TIME_FORMAT, check_document
from tui_export.sim.scenario_messages import OsReason, ScenarioError, Text
from tui_export.sim.world import Account, Role, World

DEMO_PATH = pathlib.Path(__file__).with_name("demo_scenario.json")

_TOP_KEYS = {"description", "account", "regions", "images", "buckets", "roles", "custom_policies", "tasks",
             "metadata_role", "users", "taken_bucket_names"}
_IMAGE_KEYS = {"id", "name", "region", "owner", "status", "os_type", "os_name", "platform", "architecture",
               "product_code", "created", "description", "description_zh", "disks", "self_shared", "tags", "family",
               "usage", "progress"}
_TASK_KEYS = {"image", "bucket", "prefix", "format", "status", "started_seconds_ago", "duration_seconds",
              "error_code", "error_msg", "related_items"}


__all__ = ["DEMO_PATH", "ScenarioError", "apply_scenario", "check_scenario", "image_from_spec", "load_scenario"]


def load_scenario(source: str | pathlib.Path | dict | None) -> dict:
    """"demo" (or None), a path to a JSON file, or an already parsed document; checked whole.

    A bad file is one ScenarioError line naming the file and the place in it (`str(exc)` in
    English, `exc.text(lang)` in the user's language)."""
    if source is None or source == "demo":
        source = DEMO_PATH
    if not isinstance(source, (str, pathlib.PurePath)):   # an already parsed document
        check_scenario(source)
        return source
    name = Text("file", path=str(source))   # Text puts a path holding a newline on one line
    try:
        text = pathlib.Path(source).read_bytes().decode("utf-8")
    except OSError as exc:
        raise ScenarioError("unreadable", name=name, reason=OsReason(exc)) from None
    except UnicodeDecodeError:   # before ValueError: it is one
        raise ScenarioError("not_utf8", name=name) from None
    except ValueError:   # a path holding a NUL byte ("embedded null byte")
        raise ScenarioError("unreadable", name=name, reason=Text("not_a_file_name")) from None
    try:
        data = json_shape.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError("not_json", name=name, line=exc.lineno, column=exc.colno, detail=exc.msg) from None
    except json_shape.TooDeep:   # loads' default limit
        raise ScenarioError("in", name=name, detail=Text("too_deep", limit=json_shape.MAX_DEPTH)) from None
    except ValueError as exc:   # what else json refuses: an integer of more than 4300 digits
        raise ScenarioError("in", name=name, detail=Text("unreadable_value", detail=str(exc))) from None
    check_scenario(data, name)
    return data


def check_scenario(data: object, name: Text | None = None) -> None:
    """Refuse a document that is not a scenario: the first problem, with its place in the document."""
    try:
        check_document(data, top_keys=_TOP_KEYS, image_keys=_IMAGE_KEYS, task_keys=_TASK_KEYS)
    except ScenarioError as exc:
        raise ScenarioError("in", name=name or Text("document"), detail=exc.message) from None


def _check_keys(what: Text, data: dict, allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ScenarioError("unknown_keys", what=what, unknown=str(sorted(unknown)), allowed=str(sorted(allowed)))


def _parse_time(value: str | None) -> str:
    return value or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def image_from_spec(spec: dict[str, Any], lang: str = "en") -> tuple[Image, dict]:
    """(Image, DescribeImages extras) from one scenario image entry; a cloud started for a
    Chinese UI (lang "zh") holds the `description_zh` its images have, as a user there would write."""
    _check_keys(Text("entry.image", id=str(spec.get("id"))), spec, _IMAGE_KEYS)
    if region_by_id(spec["region"]) is None:
        raise ScenarioError("at", where=Text("entry.image", id=str(spec["id"])),
                            what=Text("unknown_region", value=str(spec["region"])))
    disks = tuple(
        DiskMapping(d["device"], d.get("type", "data"), int(d["size_gib"]), d.get("snapshot_id", ""),
                    d.get("encrypted", False))
        for d in spec.get("disks", ())
    ) or (DiskMapping("/dev/xvda", "system", 40, "", False),)
    image = Image(
        image_id=spec["id"], name=spec["name"], region_id=spec["region"],
        os_type=spec.get("os_type", "linux"), os_name=spec.get("os_name", ""),
        platform=spec.get("platform", ""), architecture=spec.get("architecture", "x86_64"),
        size_gib=next((d.size_gib for d in disks if d.type == "system"), 40),
        status=spec.get("status", "Available"), owner_alias=spec.get("owner", "self"),
        product_code=spec.get("product_code", ""), creation_time=_parse_time(spec.get("created")),
        disks=disks, description=(lang == "zh" and spec.get("description_zh")) or spec.get("description", ""),
    )
    meta = {k: spec[k] for k in ("self_shared", "tags", "family", "usage", "progress") if k in spec}
    return image, meta


def apply_scenario(world: World, scenario: dict, lang: str = "en") -> World:
    check_scenario(scenario)
    try:
        return _apply(world, scenario, lang)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ScenarioError):
            raise
        raise ScenarioError("bad_scenario", kind=type(exc).__name__, detail=str(exc)) from exc


def _apply(world: World, scenario: dict, lang: str = "en") -> World:
    _check_keys(Text("document"), scenario, _TOP_KEYS)
    account = dict(scenario.get("account", {}))
    world.account = Account(**account)
    if "regions" in scenario:
        bad = [r for r in scenario["regions"] if region_by_id(r) is None]
        if bad:
            raise ScenarioError("unknown_regions", regions=str(bad))
        world.region_ids = list(scenario["regions"])
    world.metadata_role = scenario.get("metadata_role", world.metadata_role)
    for spec in scenario.get("images", ()):
        image, meta = image_from_spec(spec, lang)
        world.add_image(image, **meta)
    for spec in scenario.get("buckets", ()):
        created = spec.get("created")
        world.store.create_bucket(spec["name"], spec["region"], storage_class=spec.get("storage_class", "Standard"),
                                  creation_time=calendar.timegm(time.strptime(created, TIME_FORMAT))
                                  if created else None)
    for name in scenario.get("taken_bucket_names", ()):
        world.store.take_for_another_account(name)
    world.custom_policies.update({name: doc if isinstance(doc, str) else json.dumps(doc)
                                  for name, doc in scenario.get("custom_policies", {}).items()})
    for spec in scenario.get("roles", ()):
        trust = spec.get("trust_policy", {})
        world.roles[spec["name"]] = Role(
            spec["name"], trust if isinstance(trust, str) else json.dumps(trust), spec.get("description", ""),
            policies=[tuple(p) for p in spec.get("policies", ())],
        )
    for spec in scenario.get("tasks", ()):
        _add_task(world, spec)
    return world


def _add_task(world: World, spec: dict) -> None:
    _check_keys(Text("entry.task", image=str(spec.get("image"))), spec, _TASK_KEYS)
    image = world.images[spec["image"]]
    status = spec.get("status", "Processing")
    task = world.create_export(
        image, spec["bucket"], spec.get("prefix", ""), spec.get("format", "raw"),
        created=time.time() - float(spec.get("started_seconds_ago", 0)),
        duration_s=spec.get("duration_seconds"), status=status,
    )
    if status == "Failed":
        task.error_code = spec.get("error_code", "ExportImageFailed")
        task.error_msg = spec.get("error_msg", "Exporting image is failed, Please contact the administrator.")
    if "related_items" in spec:   # what DescribeTaskAttribute names (checked in scenario_check.py)
        task.related_items = tuple(spec["related_items"])
    if status == "Finished":   # a past export: its archives are in the bucket
        world.write_objects(task)
