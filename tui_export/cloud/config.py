"""The app's own config file: saved profiles' non-secret parts, endpoint overrides.

`<config_dir>/config.json`, mode 0600, written atomically. Secrets never go
here: a saved profile records only where its secret lives (`store`), its
region and a masked key id for display. The secret itself is in the keyring
or the encrypted file store (see secret_store.py).

    {"version": 1,
     "current_profile": "demo",
     "profiles": {"demo": {"store": "keyring", "store_name": "SecretService",
                           "region_id": "cn-hangzhou", "key_hint": "FAKE****xyz"}},
     "endpoints": {"ecs": "...", "ram": "...", "sts": "...", "oss": "...", "metadata": "..."}}
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui_export.cloud import paths

CONFIG_FILE_NAME = "config.json"
CONFIG_VERSION = 1
# Endpoint overrides the services and credential code understand.
ENDPOINT_KEYS = ("ecs", "ram", "sts", "oss", "metadata")
# Where a saved profile's secret lives.
STORE_KEYRING = "keyring"
STORE_ENCRYPTED_FILE = "encrypted_file"
STORES = (STORE_KEYRING, STORE_ENCRYPTED_FILE)


class ConfigError(Exception):
    """The config file exists but can't be used (never quotes its content).
    `.problem` says it in the user's language (cloud/bad_input.py)."""

    code = "credentials.app_config"   # shown like a credentials problem (ui/errors.py)


@dataclass(frozen=True)
class SavedProfile:
    name: str
    store: str                 # STORE_KEYRING | STORE_ENCRYPTED_FILE
    store_name: str = ""       # e.g. "SecretService", for the source sentence
    region_id: str | None = None
    key_hint: str = ""         # masked AccessKey id, safe to show

    def to_json(self) -> dict:
        d = {"store": self.store, "store_name": self.store_name, "key_hint": self.key_hint}
        if self.region_id:
            d["region_id"] = self.region_id
        return d


@dataclass(frozen=True)
class AppConfig:
    current_profile: str | None = None
    profiles: Mapping[str, SavedProfile] = field(default_factory=dict)
    endpoints: Mapping[str, str] = field(default_factory=dict)

    def with_profile(self, profile: SavedProfile, *, make_current: bool = True) -> AppConfig:
        profiles = dict(self.profiles)
        profiles[profile.name] = profile
        current = profile.name if make_current else self.current_profile
        return replace(self, profiles=profiles, current_profile=current)

    def without_profile(self, name: str) -> AppConfig:
        profiles = {k: v for k, v in self.profiles.items() if k != name}
        current = None if self.current_profile == name else self.current_profile
        return replace(self, profiles=profiles, current_profile=current)

    def endpoint(self, key: str) -> str | None:
        return self.endpoints.get(key) or None

    def to_json(self) -> dict:
        return {
            "version": CONFIG_VERSION,
            "current_profile": self.current_profile,
            "profiles": {n: p.to_json() for n, p in sorted(self.profiles.items())},
            "endpoints": dict(sorted(self.endpoints.items())),
        }


def config_path(*, env: Mapping[str, str] | None = None) -> Path:
    return paths.config_dir(env=env) / CONFIG_FILE_NAME


def load_config(path: Path | None = None, *, env: Mapping[str, str] | None = None) -> AppConfig:
    """Read the config; a missing file is an empty config."""
    path = Path(path) if path is not None else config_path(env=env)
    data = paths.read_json_object(path, ConfigError, env=env)
    if data is None:
        return AppConfig()
    _check(data, paths.display_path(path, env=env))
    return _from_json(data)


def _check(data: dict, file: str) -> None:
    """Wrong types are refused, never coerced; null is an absent value."""
    from tui_export.cloud.bad_input import wrong_type
    from tui_export.cloud.endpoint_urls import check_endpoint
    from tui_export.core.json_shape import INTEGER, OBJECT, STRING, is_kind

    def expect(value: object, wanted: str, where: str) -> None:
        if value is not None and not is_kind(value, wanted):
            wrong_type(ConfigError, file, where, wanted, value)

    expect(data.get("version"), INTEGER, "version")
    expect(data.get("current_profile"), STRING, "current_profile")
    expect(data.get("profiles"), OBJECT, "profiles")
    for name, p in (data.get("profiles") or {}).items():
        expect(p, OBJECT, f"profiles.{name}")
        for key in ("store", "store_name", "region_id", "key_hint"):
            expect((p or {}).get(key), STRING, f"profiles.{name}.{key}")
    expect(data.get("endpoints"), OBJECT, "endpoints")
    for key, url in (data.get("endpoints") or {}).items():
        if key in ENDPOINT_KEYS:
            expect(url, STRING, f"endpoints.{key}")
            if url:
                check_endpoint(url, f"{file}: endpoints.{key}", ConfigError)


def _from_json(data: dict) -> AppConfig:
    profiles: dict[str, SavedProfile] = {}
    for name, p in (data.get("profiles") or {}).items():
        if not p or p.get("store") not in STORES:
            continue  # a store kind from a newer version: skipped, not fatal
        profiles[name] = SavedProfile(
            name=name,
            store=p["store"],
            store_name=p.get("store_name") or "",
            region_id=p.get("region_id") or None,
            key_hint=p.get("key_hint") or "",
        )
    endpoints = {k: v for k, v in (data.get("endpoints") or {}).items() if k in ENDPOINT_KEYS and v}
    current = data.get("current_profile")
    return AppConfig(
        current_profile=current or None,
        profiles=profiles,
        endpoints=endpoints,
    )


def save_config(cfg: AppConfig, path: Path | None = None, *, env: Mapping[str, str] | None = None) -> Path:
    path = Path(path) if path is not None else config_path(env=env)
    text = json.dumps(cfg.to_json(), indent=2, ensure_ascii=False) + "\n"
    paths.atomic_write_private(path, text.encode("utf-8"))
    return path


def endpoint_override(key: str, *, env: Mapping[str, str] | None = None, cfg: AppConfig | None = None) -> str | None:
    """An endpoint override from the environment (`TUI_EXPORT_<KEY>_ENDPOINT`) or the config file."""
    env = os.environ if env is None else env
    value = env.get(f"TUI_EXPORT_{key.upper()}_ENDPOINT")
    if value:
        return value
    if cfg is None:
        try:
            cfg = load_config(env=env)
        except ConfigError:
            return None
    return cfg.endpoint(key)
