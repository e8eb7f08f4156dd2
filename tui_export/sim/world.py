"""The embedded cloud's account state: regions, images, the RAM role, export tasks, quotas.

Buckets and objects live in the OSS helper's ObjectStore (`world.store`); everything
else lives here, behind one lock. Export tasks advance in compressed time: `advance()`
runs on every ECS request and on a background ticker, and starts a writer thread that
puts the exported archives into the bucket; a task is Finished only once they exist.
"""

from __future__ import annotations

import logging
import secrets
import string
import threading
import time
from dataclasses import dataclass, field

from tui_export.core.models import Image
from tui_export.core.regions import REGIONS
from tui_export.sim import rules
from tui_export.sim.error_table import ERRORS

log = logging.getLogger("tui_export.sim.world")

RUNNING = ("Waiting", "Processing")
WEEK_S = 7 * 24 * 3600
_ID_CHARS = string.ascii_lowercase + string.digits


def new_id(prefix: str, n: int = 20) -> str:
    return prefix + "".join(secrets.choice(_ID_CHARS) for _ in range(n))


def minute_time(ts: float | None) -> str:
    """Task times have minute precision on the wire: "2015-11-24T12:50Z"."""
    return time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(ts)) if ts else ""


def second_time(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


@dataclass
class Account:
    account_id: str = "1234567890123456"
    whitelisted: bool = True              # False -> UserNotInTheWhiteList
    deny_data_disk_export: bool = False   # True -> OperationDenied for images with data disks
    concurrent_quota: int | None = None   # running exports allowed at once (None = unlimited)
    weekly_quota: int | None = None       # exports allowed per 7 days (None = unlimited)


@dataclass
class Role:
    name: str
    trust_policy: str
    description: str = ""
    role_id: str = field(default_factory=lambda: str(secrets.randbelow(10**16)).zfill(16))
    created: float = field(default_factory=time.time)
    max_session_duration: int = 3600
    policies: list[tuple[str, str]] = field(default_factory=list)   # (PolicyName, PolicyType)


@dataclass
class ExportTask:
    task_id: str
    region_id: str
    image_id: str
    bucket: str
    prefix: str
    image_format: str
    objects: list[tuple[str, int, str]]   # (key, size in bytes, member name)
    created: float
    duration_s: float                     # Processing time; Waiting lasts a tenth of it
    status: str = "Waiting"
    finished: float | None = None
    error_code: str = ""
    error_msg: str = ""
    fail: bool = False                    # injected: ends Failed half way
    # What DescribeTaskAttribute names: the docs don't say export tasks report OSSBucket /
    # OSSObject, so a scenario can drop them (a task the client must ask the user about).
    related_items: tuple[str, ...] = ("OSSBucket", "OSSObject", "ImageFormat")
    writing: bool = False
    writer: threading.Thread | None = field(default=None, repr=False)

    @property
    def waiting_s(self) -> float:
        return min(0.1 * self.duration_s, 2.0)

    @property
    def running(self) -> bool:
        return self.status in RUNNING

    def progress(self, now: float) -> int:
        if self.status == "Finished":
            return 100
        elapsed = now - self.created - self.waiting_s
        if elapsed <= 0 or self.duration_s <= 0:
            return 0 if self.duration_s > 0 else 99
        return max(0, min(99, int(elapsed / self.duration_s * 100)))


class World:
    def __init__(self, store, *, export_seconds: float = 20.0, bytes_per_gib: int = 1 << 20,
                 account: Account | None = None, regions: list[str] | None = None) -> None:
        self.store = store
        self.export_seconds = export_seconds
        self.bytes_per_gib = bytes_per_gib
        self.account = account or Account()
        self.region_ids: list[str] = regions or [r.region_id for r in REGIONS]
        self.images: dict[str, Image] = {}
        self.image_meta: dict[str, dict] = {}       # extra DescribeImages fields (IsSelfShared, Tags, ...)
        self.roles: dict[str, Role] = {}
        self.custom_policies: dict[str, str] = {}   # name -> policy document (JSON)
        self.tasks: dict[str, ExportTask] = {}
        self.metadata_role = "SimEcsInstanceRole"   # the role the metadata service hands out
        # DescribeTaskAttribute names a running export's objects (their planned names); False:
        # only once written. The real cloud's answer is undocumented (docs/api.md, "Reconciling
        # an ExportImage retry"); tests switch this to prove the client never relies on it.
        self.list_planned_objects = True
        self.lock = threading.RLock()
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()

    # --- images ----------------------------------------------------------------

    def add_image(self, image: Image, **meta) -> Image:
        with self.lock:
            self.images[image.image_id] = image
            self.image_meta[image.image_id] = meta
        return image

    def image_in_region(self, image_id: str, region_id: str) -> Image | None:
        image = self.images.get(image_id)
        return image if image and image.region_id == region_id else None

    def is_exporting(self, image_id: str) -> bool:
        return any(t.image_id == image_id and t.running for t in self.tasks.values())

    # --- RAM -------------------------------------------------------------------

    def grant_export_role(self) -> Role:
        """Put the export role in place as the console's one-click authorisation makes it:
        trusting ECS, with the system policy attached (tests and scenarios start from here)."""
        role = Role(rules.EXPORT_ROLE_NAME, rules.EXPORT_ROLE_TRUST_POLICY,
                    policies=[(rules.EXPORT_ROLE_POLICY, "System")])
        with self.lock:
            self.roles[role.name] = role
        return role

    def role_ready_for_export(self, name: str) -> bool:
        """The role exists, trusts ECS and may write OSS objects (docs/api.md, "The export role")."""
        role = self.roles.get(name)
        if role is None or name != rules.EXPORT_ROLE_NAME:
            return False
        if rules.EXPORT_ROLE_TRUSTED_SERVICE not in role.trust_policy:
            return False
        for policy, kind in role.policies:
            if kind == "System" and policy in (rules.EXPORT_ROLE_POLICY, "AdministratorAccess", "AliyunOSSFullAccess"):
                return True
            if kind == "Custom" and "oss:PutObject" in self.custom_policies.get(policy, ""):
                return True
        return False

    # --- tasks -----------------------------------------------------------------

    def running_exports(self) -> int:
        return sum(1 for t in self.tasks.values() if t.running)

    def exports_this_week(self, now: float) -> int:
        return sum(1 for t in self.tasks.values() if t.created >= now - WEEK_S)

    def create_export(self, image: Image, bucket: str, prefix: str, image_format: str, *,
                      fail: bool = False, created: float | None = None,
                      duration_s: float | None = None, status: str | None = None) -> ExportTask:
        # Regions that don't honour ImageFormat export RAW whatever was asked
        # (docs/api.md, "Export formats by region").
        fmt = image_format if rules.region_honours_format(image.region_id) else "raw"
        data = image.data_disks
        names = rules.export_object_names(image.image_id, prefix, fmt, [d.device for d in data])
        disks = [d for d in image.disks if d.type == "system"][:1] + list(data)
        if not disks:   # an image without mappings: its size is the system disk
            sizes = [image.size_gib]
        else:
            sizes = [d.size_gib for d in disks]
        members = ["system"] + [f"data_{d.device_name}" for d in data]
        objects = [(key, gib * self.bytes_per_gib, f"{member}.{fmt}")
                   for key, gib, member in zip(names, sizes, members)]
        task = ExportTask(
            task_id=new_id("t-"), region_id=image.region_id, image_id=image.image_id, bucket=bucket,
            prefix=prefix, image_format=fmt, objects=objects,
            created=time.time() if created is None else created,
            duration_s=self.export_seconds if duration_s is None else duration_s, fail=fail,
        )
        with self.lock:
            self.tasks[task.task_id] = task
            if status:
                task.status = status
                task.finished = task.created + task.waiting_s + task.duration_s if status not in RUNNING else None
        return task

    def cancel(self, task: ExportTask) -> None:
        with self.lock:
            task.status = "Deleted"
            task.finished = time.time()

    def advance(self) -> None:
        """Move every running task along the clock; start writers for those that are due."""
        now = time.time()
        with self.lock:
            for task in self.tasks.values():
                if not task.running or task.writing:
                    continue
                elapsed = now - task.created
                if task.status == "Waiting" and elapsed >= task.waiting_s:
                    task.status = "Processing"
                if task.fail and elapsed >= task.waiting_s + task.duration_s / 2:
                    task.status, task.finished = "Failed", now
                    err = ERRORS["ExportImageFailed"]
                    task.error_code, task.error_msg = err.code, err.message
                elif elapsed >= task.waiting_s + task.duration_s:
                    task.status = "Processing"
                    task.writing = True
                    task.writer = threading.Thread(target=self.write_objects, args=(task,),
                                                   name=f"sim-export-{task.task_id}", daemon=True)
                    task.writer.start()

    def finish_task(self, task_id: str, timeout: float = 30.0) -> ExportTask:
        """Tests: make a running task due now and wait until its objects exist."""
        with self.lock:
            task = self.tasks[task_id]
            if task.running and not task.writing:
                task.created = time.time() - task.waiting_s - task.duration_s
        self.advance()
        if task.writer:
            task.writer.join(timeout)
        return task

    def write_objects(self, task: ExportTask) -> None:
        """Put the task's archives into its bucket (runs in the writer thread; scenarios call it directly)."""
        written: list[str] = []
        try:
            for key, size, member in task.objects:
                if task.status == "Deleted":
                    break
                seed = f"{task.task_id}/{key}"
                if task.image_format == "raw":
                    self.store.put_generated_export(task.bucket, key, size=size, seed=seed, member_name=member)
                else:
                    self.store.put_generated_raw(task.bucket, key, size=size, seed=seed)
                written.append(key)
        except Exception as exc:  # the bucket vanished, the disk is full, ...
            log.warning("export %s could not write its objects: %s", task.task_id, exc)
            with self.lock:
                if task.running:
                    err = ERRORS["ExportImageFailed"]
                    task.status, task.finished = "Failed", time.time()
                    task.error_code, task.error_msg = err.code, err.message
        with self.lock:
            task.writing = False
            if task.status == "Deleted":      # cancelled while writing: leave nothing behind
                for key in written:
                    try:
                        self.store.delete_object(task.bucket, key)
                    except Exception as exc:   # noqa: BLE001 - the rest is still removed
                        log.warning("cancelled export %s: %s not removed: %s", task.task_id, key, exc)
            elif task.running:
                task.status, task.finished = "Finished", time.time()
                log.info("export %s finished: %d objects in %s", task.task_id, len(written), task.bucket)

    # --- background clock ------------------------------------------------------

    def start(self, interval: float = 0.1) -> None:
        self._stop.clear()
        self._ticker = threading.Thread(target=self._tick, args=(interval,), name="sim-clock", daemon=True)
        self._ticker.start()

    def stop(self) -> None:
        self._stop.set()
        if self._ticker:
            self._ticker.join(timeout=2)
            self._ticker = None
        for task in list(self.tasks.values()):
            if task.writer and task.writer.is_alive():
                task.writer.join(timeout=10)

    def _tick(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.advance()
            except Exception:  # never let the clock die silently
                log.exception("sim clock tick failed")
