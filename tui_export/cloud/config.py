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
    """The config file exists but can't be used (never quotes its content)."""


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
    data = paths.read_json_object(path, ConfigError)
    return AppConfig() if data is None else _from_json(data)


def _from_json(data: dict) -> AppConfig:
    profiles: dict[str, SavedProfile] = {}
    raw_profiles = data.get("profiles") or {}
    if isinstance(raw_profiles, dict):
        for name, p in raw_profiles.items():
            if not isinstance(p, dict) or p.get("store") not in STORES:
                continue  # unknown entries are skipped, not fatal
            profiles[str(name)] = SavedProfile(
                name=str(name),
                store=p["store"],
                store_name=str(p.get("store_name") or ""),
                region_id=(str(p["region_id"]) if p.get("region_id") else None),
                key_hint=str(p.get("key_hint") or ""),
            )
    endpoints = {}
    raw_endpoints = data.get("endpoints") or {}
    if isinstance(raw_endpoints, dict):
        endpoints = {k: str(v) for k, v in raw_endpoints.items() if k in ENDPOINT_KEYS and v}
    current = data.get("current_profile")
    return AppConfig(
        current_profile=str(current) if current else None,
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
