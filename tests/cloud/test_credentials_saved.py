"""Profiles this app saved: where they sit in the order, and naming them."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend

from tui_export.core.i18n import t_item
from tui_export.cloud import secret_store
from tui_export.cloud.credentials import Credentials, NoCredentials, ProfileNotFound, resolve
from tui_export.cloud.secret_store import StoreChoice, save_profile


class DictKeyring(KeyringBackend):
    priority = -10

    def __init__(self):
        super().__init__()
        self.d = {}

    def get_password(self, s, u):
        return self.d.get((s, u))

    def set_password(self, s, u, p):
        self.d[(s, u)] = p

    def delete_password(self, s, u):
        del self.d[(s, u)]


@pytest.fixture(autouse=True)
def memory_keyring():
    keyring.set_keyring(DictKeyring())
    secret_store.reset_detection()


A = Credentials("FAKEsavedA00000001", "secret-a", None, "cn-hangzhou")
B = Credentials("FAKEsavedB00000001", "secret-b", None, "cn-beijing")


def cli_file(home, name="default"):
    d = home / ".aliyun"
    d.mkdir(exist_ok=True)
    (d / "config.json").write_text(json.dumps({"current": name, "profiles": [
        {"name": name, "mode": "AK", "access_key_id": "FAKEclikey00000001", "access_key_secret": "c",
         "region_id": "cn-hangzhou"}]}))


def test_saved_profile_is_used_when_nothing_else():
    save_profile("demo", A, StoreChoice.KEYRING)
    found = resolve()
    assert found.kind == "saved" and found.profile == "demo"
    assert t_item(found.source) == "saved profile 'demo' (keyring: DictKeyring)"
    assert found.current() == A


def test_cli_beats_saved(_isolated_cloud_env):
    save_profile("demo", A, StoreChoice.KEYRING)
    cli_file(_isolated_cloud_env)
    assert resolve().kind == "cli"


def test_env_beats_saved(monkeypatch):
    save_profile("demo", A, StoreChoice.KEYRING)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "FAKEenvkey0000001")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "e")
    assert resolve().kind == "environment"


def test_named_saved_profile_beats_env_and_cli(monkeypatch, _isolated_cloud_env):
    save_profile("demo", A, StoreChoice.KEYRING)
    cli_file(_isolated_cloud_env)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "FAKEenvkey0000001")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "e")
    assert resolve("demo").current() == A
    assert resolve("saved:demo").current() == A


def test_same_name_in_cli_and_saved_prefix_picks(_isolated_cloud_env):
    save_profile("default", A, StoreChoice.KEYRING)
    cli_file(_isolated_cloud_env, "default")
    assert resolve("default").kind == "cli"
    assert resolve("saved:default").current() == A


def test_current_saved_profile_wins_among_several():
    save_profile("a", A, StoreChoice.KEYRING)
    save_profile("b", B, StoreChoice.KEYRING)          # the last saved becomes current
    assert resolve().current() == B


def test_several_saved_none_current_lists_them():
    save_profile("a", A, StoreChoice.KEYRING, make_current=False)
    save_profile("b", B, StoreChoice.KEYRING, make_current=False)
    found = resolve()
    assert isinstance(found, NoCredentials)
    assert found.saved_profiles == ("a", "b")


def test_session_profile():
    save_profile("tmp", B, StoreChoice.SESSION_ONLY)
    found = resolve()
    assert found.kind == "session" and "this session only" in t_item(found.source)
    assert resolve("tmp").current() == B


def test_named_saved_profile_missing():
    with pytest.raises(ProfileNotFound):
        resolve("saved:nothing")
