"""The embedded OSS server for download tests, and helpers to make objects and buckets.

Why the bare OssServer (not EmbeddedCloud): download tests need only OSS, and a
module-wide server with its own Faults keeps ~40 s of transfers off the ECS/RAM
start-up. Talk to it through oss2, like the app does.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import oss2
import pytest

from tui_export.sim.faults import Faults
from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, demo_keys
from tui_export.sim.oss.server import OssServer
from tui_export.sim.oss.store import ObjectStore

MiB = 1 << 20
BUCKET = "dl-test"


@dataclass
class OssSim:
    server: OssServer
    store: ObjectStore
    faults: Faults
    access_key_id: str = DEMO_ACCESS_KEY_ID
    access_key_secret: str = DEMO_ACCESS_KEY_SECRET

    @property
    def endpoint(self) -> str:
        return self.server.endpoint

    def bucket(self, name: str = BUCKET, **kw) -> oss2.Bucket:
        auth = oss2.Auth(self.access_key_id, self.access_key_secret)
        return oss2.Bucket(auth, self.endpoint, name, connect_timeout=kw.pop("connect_timeout", 10), **kw)

    def put(self, key: str, size: int, seed: str | None = None, bucket: str = BUCKET):
        """A generated object of `size` bytes (deterministic pseudo-random content)."""
        return self.store.put_generated_raw(bucket, key, size=size, seed=seed or key)

    def crc(self, key: str, bucket: str = BUCKET) -> int:
        return self.store.get_object(bucket, key).crc64

    def body_path(self, key: str, bucket: str = BUCKET) -> Path:
        return self.store.get_object(bucket, key).path


def start_oss_sim(data_dir: Path) -> OssSim:
    store = ObjectStore(data_dir)
    keys = demo_keys()
    faults = Faults()
    server = OssServer(store, keys, faults).start()
    store.create_bucket(BUCKET, "cn-hangzhou")
    return OssSim(server, store, faults)


@pytest.fixture(scope="module")
def oss_sim():
    data_dir = Path(tempfile.mkdtemp(prefix="dl-sim-"))
    sim = start_oss_sim(data_dir)
    try:
        yield sim
    finally:
        sim.server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def sim(oss_sim):
    """The module's server with faults cleared before and after each test."""
    oss_sim.faults.clear()
    yield oss_sim
    oss_sim.faults.clear()


def same_bytes(a: Path, b: Path) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(4 * MiB), fb.read(4 * MiB)
            if x != y:
                return False
            if not x:
                return True
