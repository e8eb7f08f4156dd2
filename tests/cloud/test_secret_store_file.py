"""The encrypted file store: 0600, never clear text, round trip, wrong passphrase, never prompts."""

from __future__ import annotations

import base64
import getpass
import io
import json
import os
import stat
import subprocess
import sys

import keyring
import pytest
from keyring.backends import fail

from tui_export.core.i18n import t_item
from tui_export.cloud import secret_file_crypto, secret_store
from tui_export.cloud.credentials import Credentials, NoCredentials, resolve
from tui_export.cloud.secret_store import (
    EncryptedFileKeyring, PassphraseCancelled, PassphraseRequired, StoreChoice, StoreCorrupt,
    WrongPassphrase, load_profile, save_profile,
)

SECRET = "file-secret-0123456789abcdef"
TOKEN = "file-token-abcdef0123456789"
CREDS = Credentials("FAKEfilekey0000001", SECRET, TOKEN, "cn-shenzhen")


def passphrase(value):
    asked = []

    def provider(creating: bool):
        asked.append(creating)
        return value

    provider.asked = asked
    return provider


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    """Any attempt to prompt fails the test; stdin is closed."""
    def boom(*a, **k):
        raise AssertionError("prompted on the terminal")
    monkeypatch.setattr(getpass, "getpass", boom)
    monkeypatch.setattr("builtins.input", boom)
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    keyring.set_keyring(fail.Keyring())
    secret_store.reset_detection()


@pytest.fixture(params=["aes-gcm", "stdlib-fallback"])
def cipher(request, monkeypatch):
    if request.param == "stdlib-fallback":
        monkeypatch.setattr(secret_file_crypto, "_load_aes", lambda: None)
    return request.param


def test_round_trip_file_mode_and_no_clear_text(cipher, tmp_path):
    store = EncryptedFileKeyring(tmp_path / "s.json", passphrase("correct horse"))
    store.set_password("svc", "user", SECRET)
    path = tmp_path / "s.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    raw = path.read_bytes()
    assert SECRET.encode() not in raw and b"svc" not in raw and b"user" not in raw
    doc = json.loads(raw)
    assert doc["cipher"] == ("AES-256-GCM" if cipher == "aes-gcm" else "HMAC-SHA256-CTR+HMAC-SHA256")
    assert doc["kdf"]["name"] == "scrypt"
    # A fresh instance (new process, in effect) needs the passphrase again.
    again = EncryptedFileKeyring(path, passphrase("correct horse"))
    assert again.get_password("svc", "user") == SECRET
    assert again.get_password("svc", "other") is None


def test_wrong_passphrase(cipher, tmp_path):
    EncryptedFileKeyring(tmp_path / "s.json", passphrase("right")).set_password("svc", "u", SECRET)
    with pytest.raises(WrongPassphrase) as e:
        EncryptedFileKeyring(tmp_path / "s.json", passphrase("wrong")).get_password("svc", "u")
    assert SECRET not in str(e.value) and "right" not in str(e.value)


def test_a_provider_that_can_ask_again_is_asked_again_after_a_wrong_passphrase(tmp_path):
    EncryptedFileKeyring(tmp_path / "s.json", passphrase("right")).set_password("svc", "u", SECRET)
    answers, calls = iter(["wrong", "right"]), []

    def modal(creating: bool, wrong: bool = False):
        calls.append(wrong)
        return next(answers)

    modal.asks_again = True
    assert EncryptedFileKeyring(tmp_path / "s.json", modal).get_password("svc", "u") == SECRET
    assert calls == [False, True]            # the second time it is told the first was wrong


def test_a_provider_that_cannot_ask_again_is_asked_once(tmp_path):
    EncryptedFileKeyring(tmp_path / "s.json", passphrase("right")).set_password("svc", "u", SECRET)
    fixed = passphrase("wrong")
    with pytest.raises(WrongPassphrase):
        EncryptedFileKeyring(tmp_path / "s.json", fixed).get_password("svc", "u")
    assert fixed.asked == [False]


def test_tampering_is_detected(tmp_path):
    EncryptedFileKeyring(tmp_path / "s.json", passphrase("pw")).set_password("svc", "u", SECRET)
    doc = json.loads((tmp_path / "s.json").read_text())
    ct = bytearray(base64.b64decode(doc["ciphertext"]))
    ct[0] ^= 1
    doc["ciphertext"] = base64.b64encode(bytes(ct)).decode()
    (tmp_path / "s.json").write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        EncryptedFileKeyring(tmp_path / "s.json", passphrase("pw")).get_password("svc", "u")


def test_garbage_file(tmp_path):
    (tmp_path / "s.json").write_text("not json")
    with pytest.raises(StoreCorrupt):
        EncryptedFileKeyring(tmp_path / "s.json", passphrase("pw")).get_password("svc", "u")


def test_no_provider_means_passphrase_required_not_a_prompt(tmp_path):
    EncryptedFileKeyring(tmp_path / "s.json", passphrase("pw")).set_password("svc", "u", SECRET)
    with pytest.raises(PassphraseRequired):
        EncryptedFileKeyring(tmp_path / "s.json").get_password("svc", "u")
    with pytest.raises(PassphraseRequired):
        EncryptedFileKeyring(tmp_path / "new.json").set_password("svc", "u", SECRET)
    assert not (tmp_path / "new.json").exists()


def test_cancelled(tmp_path):
    with pytest.raises(PassphraseCancelled):
        EncryptedFileKeyring(tmp_path / "s.json", passphrase(None)).set_password("svc", "u", SECRET)
    assert not (tmp_path / "s.json").exists()


def test_passphrase_asked_once_per_store(tmp_path):
    p = passphrase("pw")
    store = EncryptedFileKeyring(tmp_path / "s.json", p)
    store.set_password("svc", "a", "1")
    store.set_password("svc", "b", "2")
    assert store.get_password("svc", "a") == "1"
    assert p.asked == [True]
    store.delete_password("svc", "a")
    assert store.get_password("svc", "a") is None


def test_missing_file_reads_as_empty_without_asking(tmp_path):
    p = passphrase("pw")
    assert EncryptedFileKeyring(tmp_path / "none.json", p).get_password("svc", "u") is None
    assert p.asked == []


def test_construction_does_no_io(tmp_path, monkeypatch):
    monkeypatch.setenv("TUI_EXPORT_CONFIG_DIR", str(tmp_path / "never-created"))
    EncryptedFileKeyring()
    assert not (tmp_path / "never-created").exists()


def test_save_and_load_profile_through_the_file(tmp_path):
    source = save_profile("demo", CREDS, StoreChoice.ENCRYPTED_FILE, passphrase_provider=passphrase("pw"))
    assert t_item(source).startswith("saved profile 'demo' (encrypted file ")
    cfg_dir = secret_store.paths.config_dir()
    assert stat.S_IMODE(os.stat(cfg_dir).st_mode) == 0o700
    for f in cfg_dir.iterdir():
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
        assert SECRET.encode() not in f.read_bytes() and TOKEN.encode() not in f.read_bytes()
    secret_store._file_stores.clear()           # as in a new process
    assert load_profile("demo", passphrase("pw")) == CREDS
    secret_store._file_stores.clear()
    with pytest.raises(WrongPassphrase):
        load_profile("demo", passphrase("nope"))


def test_resolve_uses_saved_file_profile(tmp_path):
    save_profile("demo", CREDS, StoreChoice.ENCRYPTED_FILE, passphrase_provider=passphrase("pw"))
    secret_store._file_stores.clear()
    with pytest.raises(PassphraseRequired):
        resolve()
    found = resolve(passphrase_provider=passphrase("pw"))
    assert found.kind == "saved" and found.profile == "demo"
    assert "encrypted file" in t_item(found.source)
    assert found.current() == CREDS


def test_subprocess_with_stdin_closed_never_blocks(tmp_path):
    code = f"""
import sys
from tui_export.cloud.secret_store import EncryptedFileKeyring, PassphraseRequired, store_status
store_status()
s = EncryptedFileKeyring({str(tmp_path / 'x.json')!r}, lambda creating: "pw")
s.set_password("svc", "u", "v")
try:
    EncryptedFileKeyring({str(tmp_path / 'x.json')!r}).get_password("svc", "u")
except PassphraseRequired:
    print("required")
print(s.get_password("svc", "u"))
"""
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    out = subprocess.run([sys.executable, "-c", code], stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["required", "v"]


def test_nothing_found_when_store_empty():
    assert isinstance(resolve(), NoCredentials)
