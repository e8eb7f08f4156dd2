"""The command line: options reach the app, endpoint flags reach the cloud layer."""

import os

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
