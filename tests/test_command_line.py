"""The command line: options reach the app, endpoint flags reach the cloud layer."""

import os
import subprocess
import sys

import pytest

from tui_export.cli import parse_app_args


def test_app_options(monkeypatch):
    monkeypatch.delenv("LANG", raising=False)
    opts = parse_app_args(["--demo", "--region", "cn-hangzhou", "--lang", "zh", "--read-only", "--profile", "prod"])
    assert (opts.demo, opts.region, opts.lang, opts.read_only, opts.profile) == (True, "cn-hangzhou", "zh", True, "prod")


def test_language_defaults_from_the_locale(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert parse_app_args([]).lang == "zh"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert parse_app_args([]).lang == "en"


def test_endpoint_flags_become_the_cloud_layers_settings(monkeypatch):
    for var in ("TUI_EXPORT_OSS_CNAME", "TUI_EXPORT_OSS_INTERNAL", "TUI_EXPORT_ECS_ENDPOINT"):
        monkeypatch.setenv(var, "")  # recorded, so what the flags set is undone after the test
    parse_app_args(["--oss-cname", "img.example.com", "--oss-internal", "--ecs-endpoint", "https://ecs.example"])
    from tui_export.cloud.endpoints import Endpoints

    ep = Endpoints.from_env(os.environ)
    assert ep.cname_for("anybucket") == "https://img.example.com"
    assert ep.oss_internal
    assert ep.ecs_url("cn-hangzhou").startswith("https://ecs.example")


# --- endpoint flags are checked before the UI starts --------------------------------------

BAD_ENDPOINTS = [
    ("--ecs-endpoint", "ftp://127.0.0.1:9", 'uses ftp://; only http:// and https:// work'),
    ("--ecs-endpoint", "http://", "has no host name"),
    ("--ecs-endpoint", "127.0.0.1:abc", "has a port that is not a number from 1 to 65535"),
    ("--ecs-endpoint", "http://[::1", "an IPv6 address needs both brackets"),
    ("--ram-endpoint", "http://127.0.0.1:99999", "has a port that is not a number from 1 to 65535"),
    ("--oss-endpoint", "https://oss.example/some/path", "without a path, query or user"),
    ("--oss-cname", "mybucket=ftp://files.example", "uses ftp://"),
]


def launch(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_EXPORT_") and k not in ("LC_ALL", "LC_MESSAGES")}
    env.update({"LANG": "en_US.UTF-8", **(env_extra or {})})
    return subprocess.run([sys.executable, "-m", "tui_export", *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)


def one_refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize("flag,value,expected", BAD_ENDPOINTS, ids=[f"{f}={v}" for f, v, _ in BAD_ENDPOINTS])
def test_a_bad_endpoint_flag_is_refused_before_the_ui_starts(flag, value, expected):
    line = one_refusal(launch("--demo", flag, value))
    assert line.startswith(f"tui-export: {flag}: ") and expected in line


def test_the_endpoint_refusal_follows_lang():
    line = one_refusal(launch("--lang", "zh", "--ecs-endpoint", "ftp://127.0.0.1:9"))
    assert line == "tui-export: --ecs-endpoint：“ftp://127.0.0.1:9”使用了 ftp://；只支持 http:// 和 https://。"


def test_the_endpoint_refusal_follows_the_locale():
    line = one_refusal(launch("--ecs-endpoint", "http://", env_extra={"LANG": "zh_CN.UTF-8"}))
    assert line == "tui-export: --ecs-endpoint：“http://”缺少主机名。"


def test_an_endpoint_from_the_environment_is_named_by_its_variable():
    line = one_refusal(launch("--demo", env_extra={"TUI_EXPORT_STS_ENDPOINT": "127.0.0.1:abc"}))
    assert line.startswith("tui-export: TUI_EXPORT_STS_ENDPOINT: ")


def test_a_password_in_an_endpoint_is_refused_without_echoing_it():
    line = one_refusal(launch("--oss-endpoint", "https://user:hunter2@oss.example"))
    assert "hunter2" not in line and "--oss-endpoint" in line


def test_the_headless_info_refuses_a_bad_endpoint_setting(tmp_path):
    result = launch("info", env_extra={"HOME": str(tmp_path), "TUI_EXPORT_ECS_ENDPOINT": "ftp://127.0.0.1:9"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("tui-export info: TUI_EXPORT_ECS_ENDPOINT: ")
