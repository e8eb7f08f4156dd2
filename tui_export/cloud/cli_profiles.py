"""Credentials from the aliyun CLI's profiles (~/.aliyun/config.json): AK, StsToken,
RamRoleArn and EcsRamRole; the file itself is checked whole by cli_config.py."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tui_export.cloud import paths
from tui_export.cloud.credential_errors import (
    CliConfigError, IncompleteCredentials, ProfileNotFound, UnsupportedProfileMode,
)
from tui_export.cloud.credential_values import (
    Credentials, CredentialsProvider, ResolvedCredentials, StaticProvider,
)
from tui_export.cloud.role_providers import (
    DEFAULT_METADATA_URL, DEFAULT_STS_DOMAIN, EcsRamRoleProvider, RamRoleArnProvider,
)

SUPPORTED_CLI_MODES = ("AK", "StsToken", "RamRoleArn", "EcsRamRole")
_PROFILE_ENV = ("ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE")


def default_cli_config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    home = env.get("HOME") or env.get("USERPROFILE")
    return (Path(home) if home else Path.home()) / ".aliyun" / "config.json"


def _load_cli_config(path: Path, env: Mapping[str, str]) -> dict | None:
    """Checked whole (types, modes): a damaged file is one CliConfigError naming the field."""
    from tui_export.cloud.cli_config import read_cli_config

    return read_cli_config(path, CliConfigError, env=env)


def _cli_profiles(data: dict) -> dict[str, dict]:
    out = {}
    for p in data.get("profiles") or []:
        if isinstance(p, dict) and p.get("name"):
            out[str(p["name"])] = p
    return out


@dataclass
class ResolveOptions:
    env: Mapping[str, str]
    sts_endpoint: str | None
    metadata_url: str | None
    metadata_timeout_s: float
    clock: Callable[[], float]
    extra_checked: list[tuple[str, dict]] = field(default_factory=list)   # (catalogue key, values)


def _cli_profile_resolved(name: str, p: dict, where: str, opts: ResolveOptions) -> ResolvedCredentials | None:
    """A CLI profile -> provider. None when an AK profile is simply empty (fresh `default`)."""
    mode_raw = str(p.get("mode") or "")
    mode = {m.lower(): m for m in SUPPORTED_CLI_MODES}.get(mode_raw.lower())
    if mode_raw == "":
        mode = "AK"   # very old configs have no mode
    if mode is None:
        raise UnsupportedProfileMode(
            f"aliyun CLI profile '{name}' uses mode {mode_raw}, which tui-export does not support "
            f"(supported: {', '.join(SUPPORTED_CLI_MODES)}). Set ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, "
            f"pick another profile, or sign in with an AccessKey.",
            mode=mode_raw, profile=name)
    region = str(p.get("region_id") or "") or None
    source = ("source.cli", {"name": name, "path": where})   # worded by the UI, in the user's language
    ak, sk = str(p.get("access_key_id") or ""), str(p.get("access_key_secret") or "")

    def need(*fields: str) -> None:
        missing = [f for f in fields if not p.get(f)]
        if missing:
            raise IncompleteCredentials(
                f"aliyun CLI profile '{name}' (mode {mode}) has no {', '.join(missing)}",
                profile=name, mode=mode, fields=missing)

    if mode == "AK":
        if not ak and not sk:
            return None
        need("access_key_id", "access_key_secret")
        provider: CredentialsProvider = StaticProvider(Credentials(ak, sk, None, region))
    elif mode == "StsToken":
        need("access_key_id", "access_key_secret", "sts_token")
        provider = StaticProvider(Credentials(ak, sk, str(p["sts_token"]), region))
    elif mode == "RamRoleArn":
        need("access_key_id", "access_key_secret", "ram_role_arn")
        sts_region = str(p.get("sts_region") or "")
        endpoint = (opts.sts_endpoint or _env_or_config_endpoint("sts", opts.env)
                    or (f"sts.{sts_region}.aliyuncs.com" if sts_region else DEFAULT_STS_DOMAIN))
        try:
            duration = int(p.get("expired_seconds") or 0)
        except (TypeError, ValueError):
            duration = 0
        provider = RamRoleArnProvider(
            Credentials(ak, sk, str(p.get("sts_token") or "") or None, region), str(p["ram_role_arn"]),
            session_name=str(p.get("ram_session_name") or ""), duration_s=duration,
            sts_endpoint=endpoint, region_id=region, clock=opts.clock)
        source = ("source.cli_role_arn", {"name": name, "path": where})
    else:  # EcsRamRole
        provider = EcsRamRoleProvider(
            str(p.get("ram_role_name") or ""), metadata_url=_metadata_url(opts),
            timeout_s=opts.metadata_timeout_s, region_id=region, clock=opts.clock)
        source = ("source.cli_ecs_role", {"name": name, "path": where})
    return ResolvedCredentials(source, provider, "cli", profile=name, region_id=region)


def _metadata_url(opts: ResolveOptions) -> str:
    return (opts.metadata_url or opts.env.get("TUI_EXPORT_ECS_METADATA_URL")
            or _env_or_config_endpoint("metadata", opts.env) or DEFAULT_METADATA_URL)


def _env_or_config_endpoint(key: str, env: Mapping[str, str]) -> str | None:
    from tui_export.cloud.config import endpoint_override
    return endpoint_override(key, env=env)


def from_cli(path: Path, opts: ResolveOptions, *, named: str | None) -> ResolvedCredentials | None:
    env = opts.env
    where = paths.display_path(path, env=env)
    data = _load_cli_config(path, env)
    if data is None:
        opts.extra_checked.append(("looked.cli_missing", {"path": where}))
        return None
    profiles = _cli_profiles(data)
    if named is not None:
        p = profiles.get(named)
        if p is None:
            return None
        found = _cli_profile_resolved(named, p, where, opts)
        if found is None:
            raise IncompleteCredentials(f"aliyun CLI profile '{named}' has no AccessKey", profile=named)
        return found
    name = str(data.get("current") or "") or "default"
    env_name = next((env[v] for v in _PROFILE_ENV if env.get(v)), None)
    if env_name and name == "default":
        name = env_name
        if name not in profiles:
            raise ProfileNotFound(f"aliyun CLI profile '{name}' (from ALIBABA_CLOUD_PROFILE) is not in {where}",
                                  profile=name)
    p = profiles.get(name)
    if p is None:
        opts.extra_checked.append(("looked.cli_no_profile", {"path": where, "name": name}))
        return None
    found = _cli_profile_resolved(name, p, where, opts)
    if found is None:
        opts.extra_checked.append(("looked.cli_empty", {"path": where, "name": name}))
    return found
