"""Reading the aliyun CLI's `~/.aliyun/config.json`, checked whole before any of it is used.

The aliyun CLI (Go) decodes this file into typed structs, so a field of the wrong
type makes the CLI itself refuse the file; we refuse it the same way instead of
turning `["x"]` into the key id "['x']". Fields we don't know are ignored, as the
CLI does; null is an absent value, as in Go. A mode that is not one of the CLI's
is refused wherever it is (a typo would otherwise hide a profile silently); a
real CLI mode that tui-export can't use is refused only when that profile is
picked (credentials.UnsupportedProfileMode).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tui_export.cloud import paths
from tui_export.cloud.bad_input import refuse, wrong_type
from tui_export.core.json_shape import INTEGER, LIST, OBJECT, STRING, is_kind

# What tui-export can sign with (credentials._cli_profile_resolved).
SUPPORTED_MODES = ("AK", "StsToken", "RamRoleArn", "EcsRamRole")
# Every mode the aliyun CLI writes (its `aliyun configure --mode` values).
CLI_MODES = SUPPORTED_MODES + ("RamRoleArnWithRoleName", "ChainableRamRoleArn", "RsaKeyPair", "External",
                               "CredentialsURI", "OIDC", "CloudSSO", "OAuth")

_TOP_STRINGS = ("current", "meta_path")
_PROFILE_STRINGS = (
    "name", "mode", "access_key_id", "access_key_secret", "sts_token", "sts_region", "ram_role_name",
    "ram_role_arn", "ram_session_name", "source_profile", "private_key", "key_pair_name", "region_id",
    "output_format", "language", "site", "process_command", "credentials_uri", "oidc_provider_arn",
    "oidc_token_file", "external_id",
)
_PROFILE_INTEGERS = ("expired_seconds", "retry_timeout", "connect_timeout", "retry_count", "sts_expiration")


def mode_of(value: str) -> str | None:
    """The CLI's spelling of a mode ("ak" -> "AK"; "" -> "AK", as very old configs have no mode); None if unknown."""
    if value == "":
        return "AK"
    return {m.lower(): m for m in CLI_MODES}.get(value.lower())


def read_cli_config(path: Path, error: type[Exception], *, env: Mapping[str, str] | None = None) -> dict | None:
    """The checked document, or None when there is no file; `error` (with `.problem`) otherwise."""
    data = paths.read_json_object(path, error, env=env)
    if data is not None:
        check_cli_config(data, paths.display_path(path, env=env), error)
    return data


def check_cli_config(data: dict, file: str, error: type[Exception]) -> None:
    for key in _TOP_STRINGS:
        _expect(data.get(key), STRING, file, key, error)
    profiles = data.get("profiles")
    _expect(profiles, LIST, file, "profiles", error)
    for i, profile in enumerate(profiles or ()):
        where = f"profiles[{i}]"
        _expect(profile, OBJECT, file, where, error, nullable=False)
        for key in _PROFILE_STRINGS:
            _expect(profile.get(key), STRING, file, f"{where}.{key}", error)
        for key in _PROFILE_INTEGERS:
            _expect(profile.get(key), INTEGER, file, f"{where}.{key}", error)
        mode = profile.get("mode") or ""
        if mode_of(mode) is None:
            refuse(error, "input.cli_unknown_mode", file=file, field=f"{where}.mode", mode=mode,
                   supported=", ".join(SUPPORTED_MODES))


def _expect(value: object, wanted: str, file: str, where: str, error: type[Exception], *,
            nullable: bool = True) -> None:
    if is_kind(value, wanted) or (nullable and value is None):
        return
    wrong_type(error, file, where, wanted, value)
