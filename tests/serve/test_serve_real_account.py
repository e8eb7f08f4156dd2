"""Without --demo, a real account is served only when asked for, and read-only unless
--allow-changes says otherwise. The "real account" here is the embedded cloud reached
through the same credential and endpoint settings a real one uses."""

from __future__ import annotations

import os

import aiohttp
import pytest

from serve_process import start_serve
from tui_export.sim import EmbeddedCloud
from ws_client import open_tab, read_until


@pytest.fixture
def account_env(tmp_path, monkeypatch):
    with EmbeddedCloud("demo") as cloud:
        for name in list(os.environ):
            if name.startswith(("ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_", "ALIYUN_")):
                monkeypatch.delenv(name)
        monkeypatch.setenv("HOME", str(tmp_path))
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", cloud.access_key_id)
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", cloud.access_key_secret)
        for service in ("ecs", "ram", "sts", "oss"):
            monkeypatch.setenv(f"TUI_EXPORT_{service.upper()}_ENDPOINT", getattr(cloud, f"{service}_endpoint"))
        yield cloud


@pytest.mark.parametrize("flags, read_only", [((), True), (("--allow-changes",), False)])
async def test_a_real_account_is_read_only_unless_changes_are_allowed(account_env, tmp_path, flags, read_only):
    served = start_serve("--real-account", *flags, cwd=tmp_path)
    try:
        async with aiohttp.ClientSession() as session:
            ws = await open_tab(session, served)
            screen = await read_until(ws, "China (Hangzhou)", timeout=90)
            assert ("READ-ONLY" in screen) is read_only
            await ws.close()
    finally:
        served.stop()
