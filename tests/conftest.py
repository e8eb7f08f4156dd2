"""Settings every test shares: local traffic never goes through a proxy, the SDK's
secret-printing debug switch is off, and nothing touches the real home directory."""

import os

import pytest

os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
os.environ.pop("DEBUG", None)
for _name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_name, None)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Config, state and logs of every test live in a fresh temporary directory."""
    root = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("TUI_EXPORT_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("TUI_EXPORT_STATE_DIR", str(root / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(root / "xdg-state"))
    yield root
