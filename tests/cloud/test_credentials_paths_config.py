"""Config/state/log dirs (XDG, overrides, 0700, lazily) and the app's config file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from tui_export.cloud import paths
from tui_export.cloud.config import (
    AppConfig, ConfigError, SavedProfile, endpoint_override, load_config, save_config,
)


def test_overrides_win(monkeypatch, tmp_path):
    monkeypatch.setenv("TUI_EXPORT_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("TUI_EXPORT_STATE_DIR", str(tmp_path / "s"))
    assert paths.config_dir() == tmp_path / "c"
    assert paths.state_dir() == tmp_path / "s"
    assert paths.log_dir() == tmp_path / "s" / "logs"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is the Linux layout")
def test_xdg_on_linux(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "xc"), "XDG_STATE_HOME": str(tmp_path / "xs")}
    assert paths.config_dir(env=env) == tmp_path / "xc" / "tui-export"
    assert paths.state_dir(env=env) == tmp_path / "xs" / "tui-export"
    bare = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": "relative/ignored"}
    assert paths.config_dir(env=bare) == tmp_path / ".config" / "tui-export"
    assert paths.state_dir(env=bare) == tmp_path / ".local" / "state" / "tui-export"


def test_dirs_created_lazily_with_0700(monkeypatch, tmp_path):
    monkeypatch.setenv("TUI_EXPORT_CONFIG_DIR", str(tmp_path / "a" / "b"))
    p = paths.config_dir()
    assert not p.exists()
    assert paths.config_dir(create=True) == p
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o700


def test_importing_creates_nothing(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), TUI_EXPORT_CONFIG_DIR=str(tmp_path / "c"),
               TUI_EXPORT_STATE_DIR=str(tmp_path / "s"), XDG_CONFIG_HOME=str(tmp_path / "x"))
    code = "import tui_export.cloud.paths, tui_export.cloud.config, tui_export.cloud.credentials, " \
           "tui_export.cloud.secret_store"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert sorted(os.listdir(tmp_path)) == []


def test_atomic_write_private(tmp_path):
    target = tmp_path / "d" / "f.json"
    paths.atomic_write_private(target, b"one")
    paths.atomic_write_private(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert os.listdir(tmp_path / "d") == ["f.json"]   # no temp files left


def test_display_path(tmp_path):
    env = {"HOME": str(tmp_path)}
    assert paths.display_path(tmp_path / ".aliyun" / "config.json", env=env) == "~/.aliyun/config.json"
    assert paths.display_path("/etc/x", env=env) == "/etc/x"


def test_config_round_trip():
    cfg = AppConfig().with_profile(SavedProfile("demo", "keyring", "SecretService", "cn-hangzhou", "FAKE***xyz"))
    cfg = AppConfig(cfg.current_profile, cfg.profiles, {"sts": "http://127.0.0.1:1"})
    path = save_config(cfg)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    back = load_config()
    assert back == cfg
    assert back.without_profile("demo").current_profile is None


def test_missing_config_is_empty():
    assert load_config() == AppConfig()


def test_broken_config(tmp_path):
    p = tmp_path / "c.json"
    p.write_text("{oops")
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert "line 1" in str(e.value)


def test_the_config_files_endpoints_reach_the_services(monkeypatch):
    from tui_export.cloud.endpoints import Endpoints

    save_config(AppConfig(endpoints={"ecs": "http://ecs.example:8080", "oss": "http://oss.example"}))
    endpoints = Endpoints.from_env()
    assert endpoints.ecs_url("cn-hangzhou") == "http://ecs.example:8080"
    assert endpoints.oss == "http://oss.example" and endpoints.ram is None
    monkeypatch.setenv("TUI_EXPORT_ECS_ENDPOINT", "http://from-env")
    assert Endpoints.from_env().ecs == "http://from-env"                       # the environment wins
    assert Endpoints.from_env(ecs="http://from-flag").ecs == "http://from-flag"   # and a flag over both


def test_endpoint_override_env_then_config(monkeypatch):
    save_config(AppConfig(endpoints={"sts": "http://from-config"}))
    assert endpoint_override("sts") == "http://from-config"
    monkeypatch.setenv("TUI_EXPORT_STS_ENDPOINT", "http://from-env")
    assert endpoint_override("sts") == "http://from-env"
    assert endpoint_override("ecs") is None
