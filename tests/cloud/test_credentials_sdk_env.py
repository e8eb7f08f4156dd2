"""aliyunsdkcore prefers ALIYUN_ACCESS_KEY_* from the environment over `credential=`:
clients built the documented way (credentials.py docstring) sign with the chosen key anyway."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from session_fixtures import sim  # noqa: F401  (one embedded cloud per module)

from tui_export.cloud.credentials import Credentials, sdk_credential, sdk_env_guard

WRONG_ID, WRONG_SECRET = "FAKEwrongenvkey0001", "wrong-env-secret"


@pytest.fixture
def recorder():
    """A tiny HTTP server that records the RPC parameters of each request."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            query = urllib.parse.urlsplit(self.path).query
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
            params.update(urllib.parse.parse_qsl(body, keep_blank_values=True))
            seen.append(params)
            out = b'{"RequestId":"REC-1"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", seen
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def wrong_sdk_env(monkeypatch):
    monkeypatch.setenv("ALIYUN_ACCESS_KEY_ID", WRONG_ID)
    monkeypatch.setenv("ALIYUN_ACCESS_KEY_SECRET", WRONG_SECRET)


def build_client(creds: Credentials):
    """Exactly the recipe in credentials.py's docstring."""
    sdk_env_guard()
    from aliyunsdkcore.client import AcsClient
    with sdk_env_guard():
        return AcsClient(region_id="cn-hangzhou", credential=sdk_credential(creds), auto_retry=False)


def call(client, endpoint, action="DescribeRegions"):
    from aliyunsdkcore.request import CommonRequest
    req = CommonRequest(domain=endpoint, version="2014-05-26", action_name=action)
    req.set_method("POST")
    return json.loads(client.do_action_with_exception(req))


def test_recorded_access_key_is_the_chosen_one(wrong_sdk_env, recorder):
    endpoint, seen = recorder
    call(build_client(Credentials("FAKEchosen00000001", "chosen-secret")), endpoint)
    assert seen[-1]["AccessKeyId"] == "FAKEchosen00000001"
    assert "SecurityToken" not in seen[-1]


def test_recorded_sts_token_survives_the_env(wrong_sdk_env, recorder):
    endpoint, seen = recorder
    call(build_client(Credentials("STS.chosen0000001", "chosen-secret", "chosen-token")), endpoint)
    assert seen[-1]["AccessKeyId"] == "STS.chosen0000001"
    assert seen[-1]["SecurityToken"] == "chosen-token"


def test_without_the_guard_the_sdk_takes_the_env_key(wrong_sdk_env, recorder):
    # The habit the guard exists for; if aliyunsdkcore drops it, this test says so.
    from aliyunsdkcore.client import AcsClient
    endpoint, seen = recorder
    creds = Credentials("STS.chosen0000001", "chosen-secret", "chosen-token")
    call(AcsClient(region_id="cn-hangzhou", credential=sdk_credential(creds), auto_retry=False), endpoint)
    assert seen[-1]["AccessKeyId"] == WRONG_ID
    assert "SecurityToken" not in seen[-1]


def test_guard_restores_the_environment(wrong_sdk_env):
    with sdk_env_guard():
        assert "ALIYUN_ACCESS_KEY_ID" not in os.environ
    assert os.environ["ALIYUN_ACCESS_KEY_ID"] == WRONG_ID
    assert os.environ["ALIYUN_ACCESS_KEY_SECRET"] == WRONG_SECRET


def test_embedded_cloud_accepts_the_chosen_key_despite_wrong_env(wrong_sdk_env, sim):
    body = call(build_client(Credentials(sim.access_key_id, sim.access_key_secret)), sim.ecs_endpoint)
    assert body["Regions"]


def test_embedded_cloud_accepts_chosen_sts_token_despite_wrong_env(wrong_sdk_env, sim):
    ak, sk, token = sim.issue_sts_token(ttl_s=900)
    body = call(build_client(Credentials(ak, sk, token)), sim.ecs_endpoint)
    assert body["Regions"]


def test_guard_drops_debug_sdk(monkeypatch):
    monkeypatch.setenv("DEBUG", "SDK")
    sdk_env_guard()
    assert "DEBUG" not in os.environ


def test_guard_leaves_other_debug_values(monkeypatch):
    monkeypatch.setenv("DEBUG", "1")
    sdk_env_guard()
    assert os.environ["DEBUG"] == "1"


def test_no_token_on_stderr_with_debug_sdk(sim):
    # In a fresh interpreter: DEBUG=sdk set, guard called before the SDK import, request made.
    ak, sk, token = sim.issue_sts_token(ttl_s=900)
    code = f"""
from tui_export.cloud.credentials import Credentials, sdk_env_guard, sdk_credential
sdk_env_guard()
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest
with sdk_env_guard():
    c = AcsClient(region_id="cn-hangzhou", credential=sdk_credential(Credentials({ak!r}, {sk!r}, {token!r})))
r = CommonRequest(domain={sim.ecs_endpoint!r}, version="2014-05-26", action_name="DescribeRegions")
r.set_method("POST")
c.do_action_with_exception(r)
print("done")
"""
    env = dict(os.environ, DEBUG="sdk")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                         stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "done" in out.stdout
    assert token not in out.stderr and token not in out.stdout
    assert urllib.parse.quote(token, safe="") not in out.stderr
