"""Fixtures for the CloudSession tests: one embedded cloud per test module (0.6 s to
start), a session with tiny retry delays, and helpers that add fresh images so tests
don't trip over each other's exports. Import the fixtures by name into a test module.
"""

from __future__ import annotations

import itertools
import threading

import pytest

from tui_export.cloud.retry import RetryPolicy
from tui_export.cloud.session import CloudSession
from tui_export.core.models import DiskMapping, ExportRequest, Image
from tui_export.sim import EmbeddedCloud

REGION = "cn-hangzhou"
BUCKET = "demo-export-hangzhou"
_ids = itertools.count(1)
_ids_lock = threading.Lock()


def fast_retry(**kw) -> RetryPolicy:
    values = dict(max_attempts=5, max_total_s=10.0, base_s=0.005, cap_s=0.05)
    values.update(kw)
    return RetryPolicy(**values)


def make_session(sim, **kw) -> CloudSession:
    kw.setdefault("retry", fast_retry())
    return CloudSession.for_sim(sim, **kw)


def new_image(sim, region: str = REGION, *, data_disks: int = 0, **kw) -> Image:
    """A fresh exportable image in `region` (unique id), added to the sim's world."""
    with _ids_lock:
        n = next(_ids)
    disks = [DiskMapping("/dev/xvda", "system", 20, f"s-sys{n:08d}", False)]
    disks += [DiskMapping(f"/dev/xvd{chr(ord('b') + i)}", "data", 10, f"s-dat{n:08d}{i}", False)
              for i in range(data_disks)]
    values = dict(image_id=f"m-test{n:016d}", name=f"test-image-{n}", region_id=region,
                  os_name="CentOS 7.9", platform="CentOS", status="Available", owner_alias="self",
                  creation_time="2026-01-01T00:00:00Z", disks=tuple(disks))
    values.update(kw)
    image = Image(**values)
    sim.world.add_image(image)
    return image


def export_tasks_of(sim, image_id: str) -> list:
    """The sim's own record of export tasks for an image (the ground truth)."""
    with sim.world.lock:
        return [t for t in sim.world.tasks.values() if t.image_id == image_id]


def request_for(image: Image, bucket: str = BUCKET, prefix: str = "T") -> ExportRequest:
    return ExportRequest(image.region_id, image.image_id, bucket, prefix=prefix)


@pytest.fixture(scope="module")
def sim():
    with EmbeddedCloud(export_seconds=2, bytes_per_gib=16 << 10) as cloud:
        yield cloud


@pytest.fixture
def session(sim):
    sim.faults.clear()
    s = make_session(sim)
    yield s
    sim.faults.clear()


@pytest.fixture
def ready(session):
    """A session whose account has the export role in place."""
    session.ensure_role()
    return session
