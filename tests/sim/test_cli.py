"""`tui-export sim` (as `python -m tui_export sim`) in a subprocess: one JSON line, working
endpoints, clean exit on signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkecs.request.v20140526.DescribeRegionsRequest import DescribeRegionsRequest

from tests.sim.ports import free_block


def launch(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "tui_export", "sim", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def first_line(proc: subprocess.Popen) -> dict:
    line = proc.stdout.readline()
    assert line, proc.stderr.read()
    return json.loads(line)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_prints_endpoints_serves_and_exits_cleanly(signum):
    proc = launch("--export-seconds", "1", "--bytes-per-gib", "1024")
    try:
        info = first_line(proc)
        assert set(info) == {"ecs_endpoint", "ram_endpoint", "oss_endpoint", "access_key_id", "access_key_secret"}
        assert all(info[k].startswith("http://127.0.0.1:") for k in ("ecs_endpoint", "ram_endpoint", "oss_endpoint"))
        client = AcsClient(info["access_key_id"], info["access_key_secret"], "cn-hangzhou")
        client.add_endpoint("cn-hangzhou", "Ecs", info["ecs_endpoint"])
        assert json.loads(client.do_action_with_exception(DescribeRegionsRequest()))["Regions"]["Region"]
    finally:
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert out == ""                                  # exactly one line in all
    assert "DescribeRegions" in err                   # logs go to stderr
    assert info["access_key_secret"] not in err       # ... without secrets



def test_faults_flag_reaches_the_servers():
    proc = launch("--faults", "throttle=1,only=DescribeRegions", "--scenario", "demo")
    try:
        info = first_line(proc)
        client = AcsClient(info["access_key_id"], info["access_key_secret"], "cn-hangzhou", auto_retry=False)
        client.add_endpoint("cn-hangzhou", "Ecs", info["ecs_endpoint"])
        with pytest.raises(ServerException) as exc:
            client.do_action_with_exception(DescribeRegionsRequest())
        assert exc.value.get_error_code() == "Throttling.User"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)
    assert proc.returncode == 0

def test_port_n_lays_out_ecs_ram_oss():
    base = free_block()
    proc = launch("--port", str(base))
    try:
        info = first_line(proc)
        assert info["ecs_endpoint"] == f"http://127.0.0.1:{base}"
        assert info["ram_endpoint"] == f"http://127.0.0.1:{base + 1}"
        assert info["oss_endpoint"] == f"http://127.0.0.1:{base + 2}"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)
    assert proc.returncode == 0


def test_bad_scenario_file_fails_with_a_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"imagez": []}')
    proc = launch("--scenario", str(bad))
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 2 and out == "" and "imagez" in err


def test_bad_faults_spec():
    proc = launch("--faults", "earthquake=1")
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 2 and "earthquake" in err


def test_non_local_host_warns():
    proc = launch("--host", "0.0.0.0")
    try:
        info = first_line(proc)
        assert info["ecs_endpoint"].startswith("http://127.0.0.1:")   # what a local client connects to
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert "reachable from the network" in err
