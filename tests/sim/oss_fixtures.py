"""Fixtures for the OSS side of the sim: an OssServer on a free port, driven by the real oss2.

Import the fixtures into a test module: `from oss_fixtures import oss_sim  # noqa: F401`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import oss2
import pytest

from tui_export.sim.faults import Faults
from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, KeyRegistry, demo_keys
from tui_export.sim.oss.server import OssServer
from tui_export.sim.oss.store import ObjectStore

logging.getLogger("oss2").addHandler(logging.NullHandler())
logging.getLogger("oss2").propagate = False


@dataclass
class OssSim:
    store: ObjectStore
    keys: KeyRegistry
    faults: Faults
    server: OssServer

    @property
    def endpoint(self) -> str:
        return self.server.endpoint

    def auth(self) -> oss2.Auth:
        return oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)

    def auth_v4(self) -> oss2.AuthV4:
        return oss2.AuthV4(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)

    def service(self, auth=None, region: str = "cn-hangzhou") -> oss2.Service:
        return oss2.Service(auth or self.auth(), self.endpoint, connect_timeout=30, region=region)

    def bucket(self, name: str, auth=None, endpoint: str | None = None, region: str = "cn-hangzhou",
               **kw) -> oss2.Bucket:
        return oss2.Bucket(auth or self.auth(), endpoint or self.endpoint, name, connect_timeout=30,
                           region=region, **kw)


def start_oss_sim(store: ObjectStore) -> OssSim:
    """An OssServer on a free port over `store`, accepting the demo key, no faults; stop() it."""
    keys, faults = demo_keys(), Faults()
    return OssSim(store, keys, faults, OssServer(store, keys, faults).start())


@pytest.fixture
def oss_sim(tmp_path):
    sim = start_oss_sim(ObjectStore(tmp_path / "oss-data"))
    try:
        yield sim
    finally:
        sim.server.stop()


@pytest.fixture
def demo_bucket(oss_sim) -> oss2.Bucket:
    """A bucket `demo-bucket` in cn-hangzhou, through oss2 with V1 auth."""
    oss_sim.store.create_bucket("demo-bucket", "cn-hangzhou")
    return oss_sim.bucket("demo-bucket")
