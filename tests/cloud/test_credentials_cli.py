"""Credentials from the aliyun CLI's config.json: every supported mode, against the embedded cloud."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from session_fixtures import sim  # noqa: F401  (one embedded cloud per module)

from tui_export.core.i18n import t_item
from tui_export.cloud.credentials import (
    CliConfigError, CredentialFetchError, EcsRamRoleProvider, IncompleteCredentials, NoCredentials,
    ProfileNotFound, RamRoleArnProvider, UnsupportedProfileMode, resolve,
)

ROLE_ARN = "acs:ram::1234567890123456:role/TuiExportOperator"


def write_cli_config(home, profiles, current=None):
    d = home / ".aliyun"
    d.mkdir(exist_ok=True)
    path = d / "config.json"
    path.write_text(json.dumps({"current": current or profiles[0]["name"], "meta_path": "",
                                "profiles": profiles}, indent="\t"))
    path.chmod(0o600)
    return path


def ak_profile(name="default", key="FAKEcliak00000001", secret="cli-secret", **extra):
    return {"name": name, "mode": "AK", "access_key_id": key, "access_key_secret": secret,
            "region_id": "cn-hangzhou", "output_format": "json", "language": "en", **extra}


def describe_regions_ok(sim, creds) -> bool:
    """Sign a real request with `creds` through the SDK, as the services code will."""
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.request import CommonRequest

    from tui_export.cloud.credentials import sdk_credential, sdk_env_guard
    with sdk_env_guard():
        client = AcsClient(region_id="cn-hangzhou", credential=sdk_credential(creds), auto_retry=False)
    req = CommonRequest(domain=sim.ecs_endpoint, version="2014-05-26", action_name="DescribeRegions")
    req.set_method("POST")
    body = json.loads(client.do_action_with_exception(req))
    return "Regions" in body


# --------------------------------------------------------------------------- AK / StsToken


def test_ak_profile_is_the_current_one(_isolated_cloud_env):
    home = _isolated_cloud_env
    write_cli_config(home, [ak_profile("default", key="FAKEdefault0000001"), ak_profile("prod")], current="prod")
    found = resolve()
    assert found.kind == "cli" and found.profile == "prod"
    assert found.source == ("source.cli", {"name": "prod", "path": "~/.aliyun/config.json"})
    assert t_item(found.source) == "aliyun CLI profile 'prod' (~/.aliyun/config.json)"
    assert t_item(found.source, "zh") == "aliyun CLI 配置“prod”（~/.aliyun/config.json）"
    assert found.current().access_key_id == "FAKEcliak00000001"
    assert found.region_id == "cn-hangzhou"


def test_ak_profile_signs_real_requests(_isolated_cloud_env, sim):
    write_cli_config(_isolated_cloud_env, [ak_profile(key=sim.access_key_id, secret=sim.access_key_secret)])
    assert describe_regions_ok(sim, resolve().current())


def test_mode_is_case_insensitive(_isolated_cloud_env):
    p = ak_profile()
    p["mode"] = "ak"
    write_cli_config(_isolated_cloud_env, [p])
    assert resolve().current().access_key_id == "FAKEcliak00000001"


def test_sts_token_profile(_isolated_cloud_env, sim):
    ak, sk, token = sim.issue_sts_token(ttl_s=600)
    write_cli_config(_isolated_cloud_env, [{"name": "tmp", "mode": "StsToken", "access_key_id": ak,
                                            "access_key_secret": sk, "sts_token": token, "region_id": "cn-beijing"}])
    c = resolve().current()
    assert c.security_token == token and c.region_id == "cn-beijing"
    assert describe_regions_ok(sim, c)


def test_explicit_config_path(tmp_path):
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps({"current": "x", "profiles": [ak_profile("x")]}))
    found = resolve(cli_config_path=path)
    assert found.profile == "x"
    assert str(path) in t_item(found.source)


# --------------------------------------------------------------------------- choosing the profile


def test_alibaba_cloud_profile_env_applies_when_current_is_default(_isolated_cloud_env, monkeypatch):
    write_cli_config(_isolated_cloud_env, [ak_profile("default"), ak_profile("dev", key="FAKEdevkey00000001")])
    monkeypatch.setenv("ALIBABA_CLOUD_PROFILE", "dev")
    assert resolve().profile == "dev"


def test_alibaba_cloud_profile_env_naming_a_missing_profile(_isolated_cloud_env, monkeypatch):
    write_cli_config(_isolated_cloud_env, [ak_profile("default")])
    monkeypatch.setenv("ALIBABA_CLOUD_PROFILE", "nope")
    with pytest.raises(ProfileNotFound):
        resolve()


def test_ignore_profile(_isolated_cloud_env, monkeypatch):
    write_cli_config(_isolated_cloud_env, [ak_profile("default")])
    monkeypatch.setenv("ALIBABA_CLOUD_IGNORE_PROFILE", "TRUE")
    found = resolve()
    assert isinstance(found, NoCredentials)
    assert ("looked.cli_skipped", {}) in found.checked


def test_named_cli_profile_is_used_even_if_not_current(_isolated_cloud_env):
    write_cli_config(_isolated_cloud_env, [ak_profile("default"), ak_profile("other", key="FAKEother00000001")])
    assert resolve("other").current().access_key_id == "FAKEother00000001"
    assert resolve("cli:other").profile == "other"


def test_named_profile_missing_everywhere(_isolated_cloud_env):
    write_cli_config(_isolated_cloud_env, [ak_profile("default")])
    with pytest.raises(ProfileNotFound) as e:
        resolve("ghost")
    assert "ghost" in str(e.value)


def test_empty_default_profile_falls_through(_isolated_cloud_env):
    write_cli_config(_isolated_cloud_env, [ak_profile("default", key="", secret="")])
    found = resolve()
    assert isinstance(found, NoCredentials)
    assert any(key == "looked.cli_empty" for key, _ in found.checked)


def test_ak_profile_missing_secret(_isolated_cloud_env):
    write_cli_config(_isolated_cloud_env, [ak_profile("default", secret="")])
    with pytest.raises(IncompleteCredentials) as e:
        resolve()
    assert "access_key_secret" in str(e.value)


@pytest.mark.parametrize("mode", ["ChainableRamRoleArn", "External", "CredentialsURI", "OIDC", "CloudSSO",
                                  "OAuth", "RsaKeyPair"])
def test_unsupported_mode_is_named(_isolated_cloud_env, mode):
    write_cli_config(_isolated_cloud_env, [{"name": "sso", "mode": mode, "region_id": "cn-hangzhou",
                                            "access_key_secret": "should-not-leak"}])
    with pytest.raises(UnsupportedProfileMode) as e:
        resolve()
    assert mode in str(e.value) and "'sso'" in str(e.value)
    assert e.value.detail["mode"] == mode
    assert "should-not-leak" not in str(e.value)


def test_broken_json_is_a_clear_error_without_content(_isolated_cloud_env):
    d = _isolated_cloud_env / ".aliyun"
    d.mkdir()
    (d / "config.json").write_text('{"profiles": [{"access_key_secret": "leaky-secret",}]}')
    with pytest.raises(CliConfigError) as e:
        resolve()
    assert "not valid JSON" in str(e.value) and "leaky-secret" not in str(e.value)


def test_no_cli_file_no_env_no_saved_is_no_credentials():
    found = resolve()
    assert isinstance(found, NoCredentials) and not found
    assert found.checked[0] == ("looked.environment", {})


# --------------------------------------------------------------------------- RamRoleArn via STS


def ram_role_profile(sim, **extra):
    return {"name": "role", "mode": "RamRoleArn", "access_key_id": sim.access_key_id,
            "access_key_secret": sim.access_key_secret, "ram_role_arn": ROLE_ARN,
            "ram_session_name": "tests", "region_id": "cn-hangzhou", **extra}


def test_ram_role_arn_assumes_role_on_the_embedded_sts(_isolated_cloud_env, sim):
    write_cli_config(_isolated_cloud_env, [ram_role_profile(sim)])
    found = resolve(sts_endpoint=sim.sts_endpoint)
    assert "RamRoleArn via STS AssumeRole" in t_item(found.source)
    c = found.current()
    assert c.access_key_id.startswith("STS.") and c.security_token
    assert c.expiration and c.expiration > time.time() + 600
    assert describe_regions_ok(sim, c)


def test_ram_role_arn_endpoint_from_env(_isolated_cloud_env, sim, monkeypatch):
    write_cli_config(_isolated_cloud_env, [ram_role_profile(sim)])
    monkeypatch.setenv("TUI_EXPORT_STS_ENDPOINT", sim.sts_endpoint)
    assert resolve().current().access_key_id.startswith("STS.")


def test_ram_role_arn_refreshes_at_80_percent(_isolated_cloud_env, sim):
    write_cli_config(_isolated_cloud_env, [ram_role_profile(sim, expired_seconds=1000)])
    now = [time.time()]
    found = resolve(sts_endpoint=sim.sts_endpoint, clock=lambda: now[0])
    first = found.current()
    now[0] += 700                      # 70%: still the same snapshot
    assert found.current() is first
    now[0] += 150                      # 85%: refreshed
    second = found.current()
    assert second.access_key_id != first.access_key_id
    assert found.provider.fetch_count == 2


def test_ram_role_arn_thread_safe_single_fetch(sim):
    from tui_export.cloud.credentials import Credentials
    p = RamRoleArnProvider(Credentials(sim.access_key_id, sim.access_key_secret), ROLE_ARN,
                           sts_endpoint=sim.sts_endpoint)
    results = []
    threads = [threading.Thread(target=lambda: results.append(p.current())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(r) for r in results}) == 1 and p.fetch_count == 1


def test_ram_role_arn_unknown_role_is_a_fetch_error(sim):
    from tui_export.cloud.credentials import Credentials
    p = RamRoleArnProvider(Credentials(sim.access_key_id, sim.access_key_secret),
                           "acs:ram::1234567890123456:role/NoSuchRole", sts_endpoint=sim.sts_endpoint)
    with pytest.raises(CredentialFetchError) as e:
        p.current()
    assert e.value.error_code == "EntityNotExist.Role"
    assert sim.access_key_secret not in str(e.value)


def test_ram_role_arn_wrong_secret_does_not_leak_it(sim):
    from tui_export.cloud.credentials import Credentials
    p = RamRoleArnProvider(Credentials(sim.access_key_id, "wrong-secret-value-123"), ROLE_ARN,
                           sts_endpoint=sim.sts_endpoint)
    with pytest.raises(CredentialFetchError) as e:
        p.current()
    assert "wrong-secret-value-123" not in str(e.value)
    assert e.value.error_code in ("SignatureDoesNotMatch", "InvalidAccessKeySecret")


def test_ram_role_arn_missing_arn(_isolated_cloud_env, sim):
    p = ram_role_profile(sim)
    del p["ram_role_arn"]
    write_cli_config(_isolated_cloud_env, [p])
    with pytest.raises(IncompleteCredentials) as e:
        resolve()
    assert "ram_role_arn" in str(e.value)


# --------------------------------------------------------------------------- EcsRamRole via metadata


def test_ecs_ram_role_from_embedded_metadata(_isolated_cloud_env, sim):
    write_cli_config(_isolated_cloud_env, [{"name": "ecs", "mode": "EcsRamRole",
                                            "ram_role_name": sim.world.metadata_role, "region_id": "cn-hangzhou"}])
    found = resolve(metadata_url=sim.metadata_url)
    assert "EcsRamRole" in t_item(found.source)
    assert "ECS 元数据服务" in t_item(found.source, "zh")
    c = found.current()
    assert c.security_token and c.expiration
    assert describe_regions_ok(sim, c)


def test_ecs_ram_role_discovers_role_name_and_reads_env_url(_isolated_cloud_env, sim, monkeypatch):
    write_cli_config(_isolated_cloud_env, [{"name": "ecs", "mode": "EcsRamRole", "region_id": "cn-hangzhou"}])
    monkeypatch.setenv("TUI_EXPORT_ECS_METADATA_URL", sim.metadata_url)
    assert resolve().current().security_token


def test_ecs_ram_role_unknown_role(sim):
    p = EcsRamRoleProvider("NotThisRole", metadata_url=sim.metadata_url)
    with pytest.raises(CredentialFetchError) as e:
        p.current()
    assert e.value.http_status == 404


def test_ecs_ram_role_gives_up_within_about_a_second():
    # A server that accepts and never answers: the metadata address off ECS behaves like this.
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    try:
        p = EcsRamRoleProvider("r", metadata_url=f"http://127.0.0.1:{srv.getsockname()[1]}", timeout_s=5)
        assert p.timeout_s <= 1.0
        t0 = time.monotonic()
        with pytest.raises(CredentialFetchError) as e:
            p.current()
        assert time.monotonic() - t0 < 4.0  # capped at 1 s, not the 5 s asked; slack for a loaded machine
        assert "not reachable" in str(e.value)
    finally:
        srv.close()
