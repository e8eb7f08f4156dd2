"""Credentials from environment variables: every family, precedence, half-set families."""

from __future__ import annotations

import json

import pytest

from tui_export.core.i18n import t_item
from tui_export.cloud.credentials import (
    IncompleteCredentials, NoCredentials, ResolvedCredentials, resolve,
)

FAMILIES = [
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"),
    ("ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_SECURITY_TOKEN"),
    ("ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN"),
    ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", None),
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"),
]


@pytest.mark.parametrize("id_var,secret_var,token_var", FAMILIES)
def test_each_family_is_read(monkeypatch, id_var, secret_var, token_var):
    monkeypatch.setenv(id_var, "FAKEenvkey0000001")
    monkeypatch.setenv(secret_var, "env-secret-1")
    if token_var:
        monkeypatch.setenv(token_var, "env-token-1")
    found = resolve()
    assert isinstance(found, ResolvedCredentials)
    assert t_item(found.source) == f"environment ({id_var})"
    assert t_item(found.source, "zh") == f"环境变量（{id_var}）"
    assert found.kind == "environment"
    c = found.current()
    assert (c.access_key_id, c.access_key_secret) == ("FAKEenvkey0000001", "env-secret-1")
    assert c.security_token == ("env-token-1" if token_var else None)


def test_first_family_wins(monkeypatch):
    monkeypatch.setenv("ALIYUN_ACCESS_KEY_ID", "FAKEold00000000001")
    monkeypatch.setenv("ALIYUN_ACCESS_KEY_SECRET", "old-secret")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "FAKEnew00000000001")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "new-secret")
    found = resolve()
    assert found.current().access_key_id == "FAKEnew00000000001"
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in t_item(found.source)


def test_families_are_not_mixed(monkeypatch):
    # An id from one family and a secret from another would be a wrong pair: refuse clearly.
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "FAKEhalf0000000001")
    monkeypatch.setenv("ALIYUN_ACCESS_KEY_SECRET", "other-secret")
    with pytest.raises(IncompleteCredentials) as e:
        resolve()
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in str(e.value)
    assert "other-secret" not in str(e.value)


def test_secret_without_id(monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "lonely-secret")
    with pytest.raises(IncompleteCredentials) as e:
        resolve()
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in str(e.value)
    assert "lonely-secret" not in str(e.value)


def test_empty_values_count_as_unset(monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
    assert isinstance(resolve(), NoCredentials)


def test_region_from_env(monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "FAKEenvkey0000001")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
    monkeypatch.setenv("ALIBABA_CLOUD_REGION_ID", "cn-shanghai")
    found = resolve()
    assert found.region_id == "cn-shanghai"
    assert found.current().region_id == "cn-shanghai"


def test_terraform_region(monkeypatch):
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY", "FAKEtfkey000000001")
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", "s")
    monkeypatch.setenv("ALICLOUD_REGION", "eu-central-1")
    assert resolve().region_id == "eu-central-1"


def test_env_mapping_argument_is_used_instead_of_os_environ(monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "FAKEprocess0000001")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
    found = resolve(env={"HOME": "/nonexistent-home", "ALICLOUD_ACCESS_KEY_ID": "FAKEgiven000000001",
                         "ALICLOUD_ACCESS_KEY_SECRET": "g"})
    assert found.current().access_key_id == "FAKEgiven000000001"


def test_env_beats_cli_profile(monkeypatch, tmp_path):
    cfg = tmp_path / "config.json"
    cfg.write_text(json.dumps({"current": "default", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": "FAKEcli0000000001", "access_key_secret": "c",
         "region_id": "cn-hangzhou"}]}))
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "FAKEenvkey0000001")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "e")
    assert resolve(cli_config_path=cfg).kind == "environment"


def test_named_profile_beats_env(monkeypatch, tmp_path):
    cfg = tmp_path / "config.json"
    cfg.write_text(json.dumps({"current": "default", "profiles": [
        {"name": "prod", "mode": "AK", "access_key_id": "FAKEprod000000001", "access_key_secret": "p",
         "region_id": "cn-beijing"}]}))
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "FAKEenvkey0000001")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "e")
    found = resolve("prod", cli_config_path=cfg)
    assert found.kind == "cli"
    assert found.current().access_key_id == "FAKEprod000000001"


def test_warns_when_sdk_env_keys_are_set_but_not_used(monkeypatch, tmp_path):
    cfg = tmp_path / "config.json"
    cfg.write_text(json.dumps({"current": "prod", "profiles": [
        {"name": "prod", "mode": "AK", "access_key_id": "FAKEprod000000001", "access_key_secret": "p"}]}))
    monkeypatch.setenv("ALIYUN_ACCESS_KEY_ID", "FAKEsdkenv00000001")
    found = resolve("prod", cli_config_path=cfg)
    assert [t_item(w) for w in found.warnings] == [
        "ALIYUN_ACCESS_KEY_ID is set in the environment; tui-export ignores it and uses " + t_item(found.source)]
    assert t_item(found.source).startswith("aliyun CLI profile 'prod' (")
    assert "aliyun CLI 配置“prod”" in t_item(found.warnings[0], "zh")
