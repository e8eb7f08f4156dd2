"""Keyring detection and saving profiles: usable, fail, null, chained and prompting backends."""

from __future__ import annotations

import json
import os

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from tui_export.core.i18n import t_item
from tui_export.cloud import secret_store
from tui_export.cloud.config import load_config
from tui_export.cloud.credentials import Credentials, ProfileNotFound
from tui_export.cloud.secret_store import store_sentence
from tui_export.cloud.secret_store import (
    KeyringUnavailable, StoreChoice, load_profile, save_profile, store_status,
)

CREDS = Credentials("FAKEsavedkey000001", "saved-secret-value", None, "cn-hangzhou")


class MemoryKeyring(KeyringBackend):
    """A working keyring for tests (negative priority: never auto-chosen)."""

    priority = -10

    def __init__(self):
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        self.data.pop((service, username))


class PromptingKeyring(KeyringBackend):
    """Looks like keyrings.alt's EncryptedKeyring, which asks via getpass."""

    priority = -10

    def get_password(self, service, username):
        raise AssertionError("a prompting backend was used")

    def set_password(self, service, username, password):
        raise AssertionError("a prompting backend was used")

    def delete_password(self, service, username):
        raise AssertionError("a prompting backend was used")


PromptingKeyring.__module__ = "keyrings.alt.file"
PromptingKeyring.__name__ = PromptingKeyring.__qualname__ = "EncryptedKeyring"


class PlaintextLike(MemoryKeyring):
    pass


PlaintextLike.__module__ = "keyrings.alt.file"
PlaintextLike.__name__ = PlaintextLike.__qualname__ = "PlaintextKeyring"


def use(backend):
    keyring.set_keyring(backend)
    secret_store.reset_detection()
    return backend


def sentence(status, lang="en") -> str:
    """What the sign-in and `info` say: the catalogue's text for the status's keys."""
    return store_sentence(status, lang)


def test_fail_backend_is_not_usable():
    use(fail.Keyring())
    s = store_status()
    assert not s.usable
    assert "keyring" in sentence(s).lower() and "encrypted file" in sentence(s)
    assert "密钥环" in sentence(s, "zh") and "加密的文件" in sentence(s, "zh")
    with pytest.raises(KeyringUnavailable):
        save_profile("p", CREDS, StoreChoice.KEYRING)


def test_null_backend_is_not_usable_and_nothing_is_silently_dropped():
    use(null.Keyring())
    s = store_status()
    assert not s.usable and "null" in sentence(s)
    with pytest.raises(KeyringUnavailable):
        save_profile("p", CREDS, StoreChoice.KEYRING)
    assert "p" not in load_config().profiles


def test_prompting_backend_is_not_usable():
    use(PromptingKeyring())
    s = store_status()
    assert not s.usable and "terminal" in sentence(s)
    with pytest.raises(KeyringUnavailable):
        save_profile("p", CREDS, StoreChoice.KEYRING)


def test_plaintext_backend_is_not_usable():
    use(PlaintextLike())
    s = store_status()
    assert not s.usable and "unencrypted" in sentence(s)


def test_chainer_of_only_bad_backends_is_not_usable(monkeypatch):
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PromptingKeyring(), null.Keyring()])
    use(chainer.ChainerBackend())
    assert not store_status().usable


def test_empty_chainer_is_not_usable(monkeypatch):
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    use(chainer.ChainerBackend())
    assert not store_status().usable


def test_chainer_with_a_good_backend_uses_it_directly(monkeypatch):
    good = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PromptingKeyring(), good])
    use(chainer.ChainerBackend())
    assert store_status().usable
    save_profile("p", CREDS, StoreChoice.KEYRING)     # the prompting one would raise
    assert good.data


def test_detected_once(monkeypatch):
    use(MemoryKeyring())
    calls = []
    real = keyring.get_keyring
    monkeypatch.setattr(keyring, "get_keyring", lambda: calls.append(1) or real())
    secret_store.reset_detection()
    for _ in range(3):
        store_status()
    assert len(calls) == 1


def test_keyring_round_trip_and_config_holds_no_secret():
    mem = use(MemoryKeyring())
    status = store_status()
    assert status.usable and status.name == "MemoryKeyring"
    source = save_profile("demo", CREDS, StoreChoice.KEYRING)
    assert t_item(source) == "saved profile 'demo' (keyring: MemoryKeyring)"
    assert t_item(source, "zh") == "已保存的配置“demo”（密钥环：MemoryKeyring）"
    assert load_profile("demo", None) == CREDS
    cfg_text = (secret_store.paths.config_dir() / "config.json").read_text()
    assert "saved-secret-value" not in cfg_text and "FAKEsavedkey000001" not in cfg_text
    assert json.loads(cfg_text)["profiles"]["demo"]["store"] == "keyring"
    assert os.stat(secret_store.paths.config_dir() / "config.json").st_mode & 0o777 == 0o600
    assert list(mem.data) == [("tui-export", "profile:demo")]


def test_keyring_profile_when_keyring_went_away():
    use(MemoryKeyring())
    save_profile("demo", CREDS, StoreChoice.KEYRING)
    use(fail.Keyring())
    with pytest.raises(KeyringUnavailable) as e:
        load_profile("demo", None)
    assert "demo" in str(e.value)


def test_session_only_never_touches_disk():
    use(fail.Keyring())
    cfg_dir = secret_store.paths.config_dir()
    source = save_profile("temp", CREDS, StoreChoice.SESSION_ONLY)
    assert "this session only" in t_item(source)
    assert load_profile("temp") == CREDS
    assert not cfg_dir.exists() or not any(cfg_dir.iterdir())
    secret_store.clear_session_profiles()
    with pytest.raises(ProfileNotFound):
        load_profile("temp")


def test_delete_profile():
    mem = use(MemoryKeyring())
    save_profile("demo", CREDS, StoreChoice.KEYRING)
    secret_store.delete_profile("demo")
    assert not mem.data and "demo" not in load_config().profiles


def test_bad_profile_names():
    with pytest.raises(secret_store.SecretStoreError):
        save_profile("", CREDS, StoreChoice.SESSION_ONLY)
    with pytest.raises(secret_store.SecretStoreError):
        save_profile("a\nb", CREDS, StoreChoice.SESSION_ONLY)


def test_our_file_backend_is_never_auto_chosen():
    assert secret_store.EncryptedFileKeyring.priority < null.Keyring.priority < fail.Keyring.priority
