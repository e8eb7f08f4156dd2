"""Every cloud test runs with a fresh HOME and XDG dirs, and no credential from the
developer's shell: a stray ALIBABA_CLOUD_ACCESS_KEY_ID or ~/.aliyun/config.json
must never change what a test sees (or get used against anything)."""

from __future__ import annotations

import sys

import pytest

# Every variable that names credentials, picks a profile or changes where they come from.
CREDENTIAL_ENV_VARS = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_SECURITY_TOKEN",
    "ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN",
    "ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET",
    "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY",
    "ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "SECURITY_TOKEN",
    "ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_REGION", "ALIBABACLOUD_REGION_ID", "ALIBABACLOUD_REGION",
    "ALICLOUD_REGION_ID", "ALICLOUD_REGION",
    "ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE", "ALIBABA_CLOUD_IGNORE_PROFILE",
    "ALIBABA_CLOUD_CREDENTIALS_FILE", "ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_CREDENTIALS_URI",
    "OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN",
    "TUI_EXPORT_ECS_METADATA_URL", "TUI_EXPORT_STS_ENDPOINT", "TUI_EXPORT_ECS_ENDPOINT",
    "TUI_EXPORT_RAM_ENDPOINT", "TUI_EXPORT_OSS_ENDPOINT", "TUI_EXPORT_METADATA_ENDPOINT",
    "PYTHON_KEYRING_BACKEND", "DEBUG",
)


@pytest.fixture(autouse=True)
def _isolated_cloud_env(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("cloud-home")
    home = root / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TUI_EXPORT_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("TUI_EXPORT_STATE_DIR", str(root / "state"))
    for var, sub in (("XDG_CONFIG_HOME", "xdg-config"), ("XDG_STATE_HOME", "xdg-state"),
                     ("XDG_DATA_HOME", "xdg-data"), ("XDG_CACHE_HOME", "xdg-cache")):
        monkeypatch.setenv(var, str(root / sub))
    for var in CREDENTIAL_ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")

    # A test may swap the keyring backend; put the process's choice back afterwards.
    kr_core = sys.modules.get("keyring.core")
    saved_backend = getattr(kr_core, "_keyring_backend", None) if kr_core else None
    _reset_secret_store()
    yield home
    kr_core = sys.modules.get("keyring.core")
    if kr_core is not None:
        kr_core._keyring_backend = saved_backend
    _reset_secret_store()


def _reset_secret_store() -> None:
    store = sys.modules.get("tui_export.cloud.secret_store")
    if store is None:
        return
    store.reset_detection()
    store.clear_session_profiles()
    store._file_stores.clear()
