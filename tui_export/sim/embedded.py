"""EmbeddedCloud: ECS, RAM (+STS, metadata) and OSS servers on 127.0.0.1, one account's state.

    with EmbeddedCloud(scenario="demo", export_seconds=2, bytes_per_gib=16 << 10) as sim:
        client = AcsClient(sim.access_key_id, sim.access_key_secret, "cn-hangzhou")
        client.add_endpoint("cn-hangzhou", "Ecs", sim.ecs_endpoint)
"""

from __future__ import annotations

import pathlib
import shutil
import tempfile
import threading

from tui_export.sim.faults import Faults
from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, demo_keys
from tui_export.sim.rpc.ecs import ecs_service
from tui_export.sim.rpc.ram import ram_service
from tui_export.sim.rpc.server import RpcServer
from tui_export.sim.rpc.sts import METADATA_ROOT, MetadataService, sts_service
from tui_export.sim.scenario import apply_scenario, load_scenario
from tui_export.sim.users import Users
from tui_export.sim.world import World


class EmbeddedCloud:
    def __init__(self, scenario: str | pathlib.Path | dict | None = "demo", *, export_seconds: float = 20.0,
                 bytes_per_gib: int = 1 << 20, faults: str | Faults | None = None,
                 data_dir: str | pathlib.Path | None = None, host: str = "127.0.0.1", port: int = 0,
                 lang: str = "en") -> None:
        """`port` 0 = free ports; N = ECS on N, RAM on N+1, OSS on N+2. `lang` "zh": the scenario's
        images carry their Chinese descriptions (the demo for a Chinese UI)."""
        from tui_export.sim.oss.store import ObjectStore   # the OSS half, built beside this one

        self.faults = faults if isinstance(faults, Faults) else Faults.parse(faults)
        self.keys = demo_keys()
        self.access_key_id = DEMO_ACCESS_KEY_ID
        self.access_key_secret = DEMO_ACCESS_KEY_SECRET
        self._own_data_dir = data_dir is None
        self.data_dir = pathlib.Path(data_dir or tempfile.mkdtemp(prefix="tui-export-sim-"))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = ObjectStore(self.data_dir)
        self.world = World(self.store, export_seconds=export_seconds, bytes_per_gib=bytes_per_gib)
        try:   # a bad scenario fails here, before any port is bound
            document = load_scenario(scenario)
            apply_scenario(self.world, document, lang)
        except BaseException:
            self._remove_data_dir()
            raise
        self.users = Users.from_scenario(document.get("users"))   # RAM users (sim/users.py)
        self.users.register(self.keys)
        self._host, self._port = host, port
        self._servers: list = []
        self.ecs: RpcServer | None = None
        self.ram: RpcServer | None = None
        self.oss = None

    # --- lifecycle -----------------------------------------------------------------

    def start(self) -> "EmbeddedCloud":
        from tui_export.sim.oss.server import OssServer

        try:
            port = self._port
            self.ecs = RpcServer([ecs_service(self.world, self.faults)], self.keys, self.faults,
                                 host=self._host, port=port, name="ecs", users=self.users).start()
            self._servers.append(self.ecs)
            self.ram = RpcServer([ram_service(self.world), sts_service(self.world, self.keys, self.users)],
                                 self.keys, self.faults, host=self._host, port=port + 1 if port else 0, name="ram",
                                 get_route=MetadataService(self.world, self.keys), users=self.users).start()
            self._servers.append(self.ram)
            self.oss = OssServer(self.store, self.keys, self.faults, host=self._host,
                                 port=port + 2 if port else 0, users=self.users)
            self.oss.start()
            self._servers.append(self.oss)
            self.world.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        self.world.stop()
        # In parallel: each server waits out its own poll interval.
        stoppers = [threading.Thread(target=server.stop) for server in self._servers]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join(timeout=10)
        self._servers.clear()
        self._remove_data_dir()

    def _remove_data_dir(self) -> None:
        if self._own_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> "EmbeddedCloud":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- what clients need ---------------------------------------------------------

    @property
    def ecs_endpoint(self) -> str:
        return self.ecs.endpoint

    @property
    def ram_endpoint(self) -> str:
        return self.ram.endpoint

    @property
    def sts_endpoint(self) -> str:
        return self.ram.endpoint

    @property
    def metadata_url(self) -> str:
        """Root of the ECS metadata service, like http://100.100.100.200 (append METADATA_ROOT)."""
        return self.ram.endpoint

    @property
    def metadata_credentials_url(self) -> str:
        return self.ram.endpoint + METADATA_ROOT

    @property
    def oss_endpoint(self) -> str:
        return self.oss.endpoint if self.oss else ""

    def issue_sts_token(self, ttl_s: float = 3600) -> tuple[str, str, str]:
        record = self.keys.issue_sts(ttl_s)
        return record.access_key_id, record.secret, record.token

    def endpoints(self) -> dict[str, str]:
        return {"ecs_endpoint": self.ecs_endpoint, "ram_endpoint": self.ram_endpoint,
                "oss_endpoint": self.oss_endpoint}
