"""Headless commands as subprocesses against `tui-export sim` (a subprocess too), through the
real SDKs over HTTP. Endpoints by flag, keys by environment, as a script would pass them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SCHEMA = json.loads((Path(__file__).parents[2] / "tui_export" / "headless" / "schema.json").read_text())
REGION = "cn-hangzhou"
BUCKET = "jobs-hangzhou"
EXPORT_ROLE = {
    "name": "AliyunECSImageExportDefaultRole",
    "trust_policy": {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                    "Principal": {"Service": ["ecs.aliyuncs.com"]}}], "Version": "1"},
    "policies": [["AliyunECSImageExportRolePolicy", "System"]],
}


def image_id(i: int) -> str:
    return f"m-bp1jobs{i:012d}"


def scenario(*, images: int = 3, gib: int = 2, role: bool = True, concurrent_quota=None, weekly_quota=None,
             windows: bool = False) -> dict:
    imgs = [{"id": image_id(i), "name": f"app-{i}", "region": REGION,
             "disks": [{"device": "/dev/xvda", "type": "system", "size_gib": gib}]} for i in range(images)]
    if windows:
        imgs.append({"id": "m-bp1jobswindows00001", "name": "win-iis", "region": REGION, "os_type": "windows",
                     "disks": [{"device": "/dev/xvda", "type": "system", "size_gib": gib}]})
    return {"account": {"concurrent_quota": concurrent_quota, "weekly_quota": weekly_quota},
            "regions": [REGION, "cn-shanghai"], "images": imgs,
            "buckets": [{"name": BUCKET, "region": REGION}], "roles": [EXPORT_ROLE] if role else []}


@dataclass
class Sim:
    proc: subprocess.Popen
    info: dict
    data_root: Path          # the sim's TMPDIR: its object bodies live under tui-export-sim-*/objects

    def flags(self) -> list[str]:
        return ["--ecs-endpoint", self.info["ecs_endpoint"], "--ram-endpoint", self.info["ram_endpoint"],
                "--oss-endpoint", self.info["oss_endpoint"]]

    def env(self) -> dict:
        return dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=self.info["access_key_id"],
                    ALIBABA_CLOUD_ACCESS_KEY_SECRET=self.info["access_key_secret"],
                    TUI_EXPORT_POLL_SECONDS="0.2", PYTHONUNBUFFERED="1")

    def object_files(self) -> list[Path]:
        return [p for p in self.data_root.glob("tui-export-sim-*/objects/*") if not p.name.startswith(".tmp")]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.communicate(timeout=20)


@pytest.fixture
def start_sim(tmp_path):
    """start_sim(scenario_dict, export_seconds=1, faults=None, bytes_per_gib=...) -> Sim (stopped after the test)."""
    sims: list[Sim] = []

    def start(doc: dict, *, export_seconds: float = 1.0, faults: str | None = None,
              bytes_per_gib: int = 256 << 10) -> Sim:
        n = len(sims)
        path = tmp_path / f"scenario{n}.json"
        path.write_text(json.dumps(doc))
        root = tmp_path / f"sim{n}"
        root.mkdir()
        args = [sys.executable, "-m", "tui_export", "sim", "--scenario", str(path), "--export-seconds",
                str(export_seconds), "--bytes-per-gib", str(bytes_per_gib), "--log-level", "WARNING"]
        if faults:
            args += ["--faults", faults]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, TMPDIR=str(root), PYTHONUNBUFFERED="1"))
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        sim = Sim(proc, json.loads(line), root)
        sims.append(sim)
        return sim

    yield start
    for sim in sims:
        sim.stop()


@dataclass
class Result:
    code: int
    doc: object
    stdout: str
    stderr: str


# Each command's shape in the schema: a document valid only as another command's shape
# (`regions` printing {"tasks": []}) passes the schema's top-level oneOf, not this.
SHAPES = {"regions": "RegionsOutput", "images": "ImagesOutput", "export": "TasksOutput", "status": "TasksOutput",
          "download": "TasksOutput", "cleanup": "TasksOutput", "verify": "VerifyOutput"}


def validate(doc, command: str | None = None) -> None:
    """`doc` valid by the schema and, given the command, by that command's shape (or a usage error)."""
    import jsonschema
    jsonschema.validate(doc, SCHEMA)
    if command is not None:
        jsonschema.validate(doc, {**SCHEMA, "oneOf": [{"$ref": f"#/$defs/{SHAPES[command]}"},
                                                      {"$ref": "#/$defs/UsageError"}]})


def command_name(args) -> str:
    from tui_export.headless import command_index
    args = list(args)
    return args[command_index(args)]


def command(sim: Sim, *args: str) -> list[str]:
    return [sys.executable, "-m", "tui_export", *args, *sim.flags()]


def run(sim: Sim, *args: str, timeout: float = 120, stdin=subprocess.DEVNULL, env: dict | None = None) -> Result:
    """Run a command to its end; with --json, stdout must be exactly one document valid by the schema.
    `env`: changes to the sim's environment (another RAM user's keys)."""
    proc = subprocess.run(command(sim, *args), capture_output=True, text=True, env={**sim.env(), **(env or {})},
                          timeout=timeout, stdin=stdin)
    doc = None
    if "--json" in args:
        doc = json.loads(proc.stdout)          # exactly one document: anything more fails here
        validate(doc, command_name(args))
    assert "Traceback" not in proc.stderr, proc.stderr
    assert sim.info["access_key_secret"] not in proc.stdout + proc.stderr
    return Result(proc.returncode, doc, proc.stdout, proc.stderr)
