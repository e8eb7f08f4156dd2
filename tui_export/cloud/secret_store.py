"""Where the secrets the user types are kept: keyring, this session, or an encrypted file.

    status = store_status()          # once-detected keyring; .usable, .name, .sentence_en/_zh
    save_profile("demo", creds, StoreChoice.KEYRING)                # only when status.usable
    save_profile("demo", creds, StoreChoice.ENCRYPTED_FILE, passphrase_provider=ask)
    save_profile("demo", creds, StoreChoice.SESSION_ONLY)           # memory only
    creds = load_profile("demo", ask)

`ask(creating: bool) -> str | None` is supplied by the app (a modal in the
TUI). Nothing here ever prompts on the terminal, calls getpass or blocks on
stdin: no passphrase provider -> PassphraseRequired; provider returns None
-> PassphraseCancelled. Backends that would prompt (keyrings.alt's
EncryptedKeyring) or that drop or leak secrets (fail, null, keyrings.alt's
PlaintextKeyring) count as "no usable keyring".

The encrypted file is a real keyring backend (EncryptedFileKeyring, priority
-2 so keyring never picks it on its own): one JSON file, mode 0600, key from
the passphrase by scrypt, AES-256-GCM from pycryptodome (already installed as
oss2's dependency; imported lazily). If pycryptodome can't be imported it
falls back to a stdlib encrypt-then-MAC (HMAC-SHA256 keystream + HMAC-SHA256
tag). Nothing is ever written in clear text.

Only profile metadata (store, region, masked key id) goes to config.json.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from tui_export.cloud import paths
from tui_export.cloud.bad_input import InputProblem, refuse
from tui_export.cloud.config import (
    STORE_ENCRYPTED_FILE, STORE_KEYRING, AppConfig, SavedProfile, load_config, save_config,
)
from tui_export.cloud.credentials import CredentialError, Credentials, ProfileNotFound, mask_key_id
from tui_export.core import json_shape

SERVICE = "tui-export"
SECRETS_FILE_NAME = "secrets.enc.json"
PassphraseProvider = Callable[[bool], "str | None"]   # (creating) -> passphrase or None


class StoreChoice(enum.Enum):
    KEYRING = "keyring"
    SESSION_ONLY = "session_only"
    ENCRYPTED_FILE = "encrypted_file"


# --------------------------------------------------------------------------- errors


class SecretStoreError(CredentialError):
    code = "secret_store.error"


class KeyringUnavailable(SecretStoreError):
    code = "secret_store.no_keyring"


class PassphraseRequired(SecretStoreError):
    code = "secret_store.passphrase_required"


class PassphraseCancelled(SecretStoreError):
    code = "secret_store.passphrase_cancelled"


class WrongPassphrase(SecretStoreError):
    code = "secret_store.wrong_passphrase"


class StoreCorrupt(SecretStoreError):
    code = "secret_store.corrupt"


# --------------------------------------------------------------------------- keyring detection


@dataclass(frozen=True)
class StoreStatus:
    usable: bool
    name: str
    sentence_en: str
    sentence_zh: str


_FRIENDLY = {
    "keyring.backends.SecretService.Keyring": "SecretService",
    "keyring.backends.libsecret.Keyring": "libsecret",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Locker",
    "keyring.backends.fail.Keyring": "none",
    "keyring.backends.null.Keyring": "null (disabled)",
}

_detect_lock = threading.Lock()
_detected: tuple[StoreStatus, KeyringBackend | None] | None = None


def _qualname(b: object) -> str:
    return f"{type(b).__module__}.{type(b).__name__}"


def backend_display_name(b: object) -> str:
    return _FRIENDLY.get(_qualname(b), type(b).__name__ if type(b).__name__ != "Keyring" else _qualname(b))


def _why_unusable(b: KeyringBackend) -> tuple[str, str] | None:
    """(en, zh) reason when `b` must not hold secrets; None when it may."""
    from keyring.backends import fail, null

    mod, cls = type(b).__module__, type(b).__name__
    if isinstance(b, fail.Keyring):
        return ("no system keyring was found (no Secret Service on D-Bus, as usual over SSH)",
                "未找到系统密钥环（没有 D-Bus 上的 Secret Service，SSH 会话中常见）")
    if isinstance(b, null.Keyring):
        return ("the keyring is turned off (null backend, e.g. PYTHON_KEYRING_BACKEND or `keyring --disable`)",
                "密钥环已被关闭（null 后端，例如 PYTHON_KEYRING_BACKEND 或 `keyring --disable`）")
    if isinstance(b, EncryptedFileKeyring):
        return ("tui-export's own encrypted file is not a system keyring",
                "tui-export 自带的加密文件不是系统密钥环")
    if mod.startswith("keyrings.alt"):
        if "Encrypted" in cls:
            return (f"the keyring found ({cls} from keyrings.alt) would ask for its password on the terminal",
                    f"找到的密钥环（keyrings.alt 的 {cls}）会在终端里询问密码")
        if "Plaintext" in cls:
            return (f"the keyring found ({cls} from keyrings.alt) stores secrets unencrypted",
                    f"找到的密钥环（keyrings.alt 的 {cls}）以明文保存密钥")
    return None


def _classify(b: KeyringBackend) -> tuple[StoreStatus, KeyringBackend | None]:
    from keyring.backends.chainer import ChainerBackend

    if isinstance(b, ChainerBackend):
        children = list(b.backends)
        good = [c for c in children if _why_unusable(c) is None]
        if good:
            # Use the best good backend directly: the chainer would also ask the bad ones.
            return _classify(good[0])
        reasons = [_why_unusable(c) for c in children]
        from keyring.backends import fail
        en, zh = reasons[0] if reasons else _why_unusable(fail.Keyring())  # type: ignore[misc]
        return _unusable_status("chainer", en, zh), None
    why = _why_unusable(b)
    name = backend_display_name(b)
    if why:
        return _unusable_status(name, *why), None
    return StoreStatus(
        True, name,
        f"Secrets are saved in the system keyring ({name}).",
        f"密钥保存在系统密钥环（{name}）中。",
    ), b


def _unusable_status(name: str, en: str, zh: str) -> StoreStatus:
    return StoreStatus(
        False, name,
        f"No usable system keyring here: {en}; save to an encrypted file with a passphrase, "
        f"or keep the key for this session only.",
        f"这里没有可用的系统密钥环：{zh}；可以保存到用口令加密的文件，或只在本次会话中使用。",
    )


def _detect() -> tuple[StoreStatus, KeyringBackend | None]:
    global _detected
    with _detect_lock:
        if _detected is None:
            try:
                b = keyring.get_keyring()
            except Exception as e:  # a broken keyringrc or backend import: say so, don't crash
                _detected = (_unusable_status("error", f"the keyring could not be loaded ({type(e).__name__})",
                                              f"无法加载密钥环（{type(e).__name__}）"), None)
            else:
                _detected = _classify(b)
        return _detected


def store_status() -> StoreStatus:
    """The keyring situation, detected once per process."""
    return _detect()[0]


def usable_keyring() -> KeyringBackend | None:
    return _detect()[1]


def reset_detection() -> None:
    """Forget the detected backend (tests, or after the user fixed their keyring)."""
    global _detected
    with _detect_lock:
        _detected = None


# --------------------------------------------------------------------------- encryption

KDF_N, KDF_R, KDF_P = 2 ** 15, 8, 1
KDF_N_MIN = 2 ** 10   # a file asking for more than we write is refused before any scrypt runs
SALT_MIN_BYTES = 8
CIPHER_AES_GCM = "AES-256-GCM"
CIPHER_HMAC_CTR = "HMAC-SHA256-CTR+HMAC-SHA256"
FILE_FORMAT = "tui-export encrypted secrets"


def _load_aes():
    """pycryptodome's AES, or None. Lazy: oss2 pulls pycryptodome in, we don't import it at startup."""
    try:
        from Crypto.Cipher import AES
    except ImportError:
        return None
    return AES


def _derive(passphrase: str, kdf: dict) -> bytes:
    """Only for parameters checked by _check_doc (or written by _write)."""
    salt = base64.b64decode(kdf["salt"], validate=True)
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=kdf["n"], r=kdf["r"],
                          p=kdf["p"], maxmem=128 * 1024 * 1024, dklen=64)


def _keystream_xor(key: bytes, nonce: bytes, data: bytes) -> bytes:
    out = bytearray()
    for i in range(0, len(data), 32):
        block = hmac.new(key, nonce + (i // 32).to_bytes(8, "big"), hashlib.sha256).digest()
        out.extend(a ^ b for a, b in zip(data[i:i + 32], block))
    return bytes(out)


def _mac(key: bytes, aad: bytes, nonce: bytes, ct: bytes) -> bytes:
    return hmac.new(key, len(aad).to_bytes(8, "big") + aad + nonce + ct, hashlib.sha256).digest()


def _header_aad(header: dict) -> bytes:
    # Everything but the payload is authenticated, so parameters can't be swapped.
    return json.dumps({k: header[k] for k in ("format", "version", "kdf", "cipher")}, sort_keys=True).encode()


def _seal(key: bytes, kdf: dict, plaintext: bytes) -> dict:
    aes = _load_aes()
    header = {"format": FILE_FORMAT, "version": 1, "kdf": kdf,
              "cipher": CIPHER_AES_GCM if aes else CIPHER_HMAC_CTR}
    aad = _header_aad(header)
    if aes:
        nonce = secrets.token_bytes(12)
        c = aes.new(key[:32], aes.MODE_GCM, nonce=nonce)
        c.update(aad)
        ct, tag = c.encrypt_and_digest(plaintext)
    else:
        nonce = secrets.token_bytes(16)
        ct = _keystream_xor(key[:32], nonce, plaintext)
        tag = _mac(key[32:], aad, nonce, ct)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return {**header, "nonce": b64(nonce), "ciphertext": b64(ct), "tag": b64(tag)}


def _open(key: bytes, doc: dict) -> bytes | None:
    """Plaintext, or None when the key is wrong (or the file was tampered with)."""
    aad = _header_aad(doc)
    nonce, ct, tag = (base64.b64decode(doc[k], validate=True) for k in ("nonce", "ciphertext", "tag"))
    if doc["cipher"] == CIPHER_AES_GCM:
        aes = _load_aes()
        if aes is None:
            raise StoreCorrupt("the encrypted file uses AES-GCM but pycryptodome is not installed")
        c = aes.new(key[:32], aes.MODE_GCM, nonce=nonce)
        c.update(aad)
        try:
            return c.decrypt_and_verify(ct, tag)
        except ValueError:
            return None
    if doc["cipher"] == CIPHER_HMAC_CTR:
        if not hmac.compare_digest(_mac(key[32:], aad, nonce, ct), tag):
            return None
        return _keystream_xor(key[:32], nonce, ct)
    raise StoreCorrupt(f"unknown cipher {doc['cipher']!r} in the encrypted file")


# --------------------------------------------------------------------------- the encrypted file backend


class EncryptedFileKeyring(KeyringBackend):
    """A keyring backend storing into one passphrase-encrypted file (mode 0600).

    The passphrase comes from `passphrase_provider(creating)`; once it opened
    the file, the derived key stays in memory for this process (`forget()`
    drops it). Never prompts by itself.
    """

    priority = -2  # below fail (0) and null (-1): keyring never chooses it on its own

    def __init__(self, path: str | Path | None = None, passphrase_provider: PassphraseProvider | None = None) -> None:
        super().__init__()
        self._path = Path(path) if path is not None else None   # resolved lazily: no I/O at construction
        self.passphrase_provider = passphrase_provider
        self._lock = threading.RLock()
        self._key: bytes | None = None
        self._kdf: dict | None = None

    def __repr__(self) -> str:
        return f"EncryptedFileKeyring({str(self.path)!r})"

    @property
    def path(self) -> Path:
        return self._path if self._path is not None else paths.config_dir() / SECRETS_FILE_NAME

    def forget(self) -> None:
        with self._lock:
            self._key, self._kdf = None, None

    # -- file

    def _read_doc(self) -> dict | None:
        """The file's document, checked whole before any passphrase is asked or scrypt runs.
        A damaged file raises StoreCorrupt and is never rewritten: the user decides."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            raise SecretStoreError(f"cannot read {paths.display_path(self.path)}: {e.strerror}") from None
        try:
            doc = json_shape.loads(raw.decode("utf-8"))
        except ValueError:   # not UTF-8, not JSON, absurdly deep
            self._damaged("input.store.not_store")
        if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT or doc.get("version") != 1:
            self._damaged("input.store.not_store")
        _check_doc(doc, self._damaged)
        return doc

    def _damaged(self, key: str, **values: object) -> NoReturn:
        shown = paths.display_path(self.path)
        refuse(StoreCorrupt, "input.store_damaged", inner=InputProblem(key, values),
               file=shown, backup=f"{shown}.damaged")

    def _ask(self, creating: bool) -> str:
        if self.passphrase_provider is None:
            raise PassphraseRequired(f"a passphrase is needed to open {paths.display_path(self.path)}")
        value = self.passphrase_provider(creating)
        if not value:
            raise PassphraseCancelled("no passphrase given")
        return value

    def _unlock(self) -> dict:
        """The decrypted entries ({service: {username: password}}); {} for no file."""
        doc = self._read_doc()
        if doc is None:
            return {}
        if self._key is not None and self._kdf == doc["kdf"]:
            plain = _open(self._key, doc)
            if plain is not None:
                return self._entries(plain)
            self.forget()  # the file changed under us: ask again
        key = _derive(self._ask(False), doc["kdf"])
        plain = _open(key, doc)
        if plain is None:
            raise WrongPassphrase(f"the passphrase does not open {paths.display_path(self.path)}")
        self._key, self._kdf = key, doc["kdf"]
        return self._entries(plain)

    def _entries(self, plain: bytes) -> dict:
        try:
            entries = json.loads(plain.decode("utf-8"))["entries"]
            if not isinstance(entries, dict):
                raise ValueError
            return entries
        except (ValueError, KeyError, TypeError):
            self._damaged("input.store.no_entries")

    def _write(self, entries: dict) -> None:
        if self._key is None:
            kdf = {"name": "scrypt", "n": KDF_N, "r": KDF_R, "p": KDF_P,
                   "salt": base64.b64encode(secrets.token_bytes(16)).decode("ascii")}
            self._key, self._kdf = _derive(self._ask(True), kdf), kdf
        doc = _seal(self._key, self._kdf, json.dumps({"entries": entries}).encode("utf-8"))
        paths.atomic_write_private(self.path, (json.dumps(doc, indent=1) + "\n").encode("utf-8"))

    # -- KeyringBackend

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._unlock().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            entries = self._unlock()
            entries.setdefault(service, {})[username] = password
            self._write(entries)

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            entries = self._unlock()
            if username not in entries.get(service, {}):
                raise keyring.errors.PasswordDeleteError("no such entry")
            del entries[service][username]
            self._write(entries)


def _check_doc(doc: dict, damaged: Callable[..., NoReturn]) -> None:
    """Types, encodings and scrypt costs within what _write produces."""
    def typed(value: object, wanted: str, where: str) -> None:
        if not json_shape.is_kind(value, wanted):
            damaged("input.store.field_type", field=where, expected=wanted, got=json_shape.kind(value))

    def b64(where: str, value: object) -> bytes:
        typed(value, json_shape.STRING, where)
        try:
            return base64.b64decode(value, validate=True)   # type: ignore[arg-type]
        except ValueError:   # binascii.Error, or non-ASCII text
            damaged("input.store.not_base64", field=where)

    def cost(where: str, value: object, low: int, high: int) -> None:
        typed(value, json_shape.INTEGER, where)
        if not low <= value <= high:   # type: ignore[operator]
            damaged("input.store.kdf", field=where, value=value, low=low, high=high)

    kdf = doc.get("kdf")
    typed(kdf, json_shape.OBJECT, "kdf")
    if kdf.get("name") != "scrypt":   # type: ignore[union-attr]
        damaged("input.store.unknown", field="kdf.name", value=str(kdf.get("name"))[:40])   # type: ignore[union-attr]
    cost("kdf.n", kdf.get("n"), KDF_N_MIN, KDF_N)   # type: ignore[union-attr]
    if kdf["n"] & (kdf["n"] - 1):   # type: ignore[index]
        damaged("input.store.power_of_two", field="kdf.n", value=kdf["n"])   # type: ignore[index]
    cost("kdf.r", kdf.get("r"), 1, KDF_R)   # type: ignore[union-attr]
    cost("kdf.p", kdf.get("p"), 1, KDF_P)   # type: ignore[union-attr]
    salt = b64("kdf.salt", kdf.get("salt"))   # type: ignore[union-attr]
    if len(salt) < SALT_MIN_BYTES:
        damaged("input.store.length", field="kdf.salt", length=len(salt), expected=16)
    cipher = doc.get("cipher")
    typed(cipher, json_shape.STRING, "cipher")
    if cipher not in (CIPHER_AES_GCM, CIPHER_HMAC_CTR):
        damaged("input.store.unknown", field="cipher", value=str(cipher)[:40])
    sizes = {"nonce": 12, "tag": 16} if cipher == CIPHER_AES_GCM else {"nonce": 16, "tag": 32}
    for key in ("nonce", "ciphertext", "tag"):
        data = b64(key, doc.get(key))
        if key in sizes and len(data) != sizes[key]:
            damaged("input.store.length", field=key, length=len(data), expected=sizes[key])


_file_stores: dict[Path, EncryptedFileKeyring] = {}
_file_stores_lock = threading.Lock()


def file_store(path: Path | None = None, passphrase_provider: PassphraseProvider | None = None,
               *, env: Mapping[str, str] | None = None) -> EncryptedFileKeyring:
    """The process's EncryptedFileKeyring for `path`, so the passphrase is asked once per session."""
    path = Path(path) if path is not None else paths.config_dir(env=env) / SECRETS_FILE_NAME
    with _file_stores_lock:
        store = _file_stores.get(path)
        if store is None:
            store = _file_stores[path] = EncryptedFileKeyring(path)
    if passphrase_provider is not None:
        store.passphrase_provider = passphrase_provider
    return store


# --------------------------------------------------------------------------- profiles

_session: dict[str, Credentials] = {}
_session_lock = threading.Lock()


def session_profile_names() -> list[str]:
    with _session_lock:
        return sorted(_session)


def clear_session_profiles() -> None:
    with _session_lock:
        _session.clear()


def _username(name: str) -> str:
    return f"profile:{name}"


def _payload(creds: Credentials) -> str:
    return json.dumps({"access_key_id": creds.access_key_id, "access_key_secret": creds.access_key_secret,
                       "security_token": creds.security_token, "region_id": creds.region_id})


def _from_payload(name: str, text: str, region_fallback: str | None) -> Credentials:
    try:
        d = json.loads(text)
        return Credentials(str(d["access_key_id"]), str(d["access_key_secret"]),
                           d.get("security_token") or None, d.get("region_id") or region_fallback)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise StoreCorrupt(f"the stored secret of profile '{name}' is not readable") from None


def _check_name(name: str) -> None:
    if not name or not name.strip() or any(ord(c) < 32 for c in name) or len(name) > 64:
        raise SecretStoreError("a profile name needs 1-64 printable characters", name=name)


def save_profile(name: str, creds: Credentials, choice: StoreChoice, *,
                 passphrase_provider: PassphraseProvider | None = None,
                 env: Mapping[str, str] | None = None, make_current: bool = True) -> str:
    """Keep `creds` under `name` where the user chose; returns the source sentence."""
    _check_name(name)
    if choice is StoreChoice.SESSION_ONLY:
        with _session_lock:
            _session[name] = creds
        return _session_source(name)
    cfg = load_config(env=env)   # a damaged config refuses before any secret is written
    if choice is StoreChoice.KEYRING:
        backend = usable_keyring()
        if backend is None:
            raise KeyringUnavailable(store_status().sentence_en)
        store_name = backend_display_name(backend)
        try:
            backend.set_password(SERVICE, _username(name), _payload(creds))
        except keyring.errors.KeyringError as e:
            raise SecretStoreError(f"the keyring ({store_name}) refused to save: {type(e).__name__}") from None
        saved = SavedProfile(name, STORE_KEYRING, store_name, creds.region_id, mask_key_id(creds.access_key_id))
    elif choice is StoreChoice.ENCRYPTED_FILE:
        store = file_store(None, passphrase_provider, env=env)
        store.set_password(SERVICE, _username(name), _payload(creds))
        saved = SavedProfile(name, STORE_ENCRYPTED_FILE, "encrypted file", creds.region_id,
                             mask_key_id(creds.access_key_id))
    else:  # pragma: no cover
        raise ValueError(choice)
    save_config(cfg.with_profile(saved, make_current=make_current), env=env)
    with _session_lock:
        _session.pop(name, None)   # the saved copy is now the one
    return _saved_source(saved, env)


def _session_source(name: str) -> str:
    return f"profile '{name}' (this session only, not saved)"


def _saved_source(p: SavedProfile, env: Mapping[str, str] | None) -> str:
    if p.store == STORE_KEYRING:
        return f"saved profile '{p.name}' (keyring: {p.store_name or 'system keyring'})"
    where = paths.display_path(paths.config_dir(env=env) / SECRETS_FILE_NAME, env=env)
    return f"saved profile '{p.name}' (encrypted file {where})"


def load_profile_with_source(name: str, passphrase_provider: PassphraseProvider | None = None, *,
                             env: Mapping[str, str] | None = None,
                             cfg: AppConfig | None = None) -> tuple[Credentials, str]:
    with _session_lock:
        creds = _session.get(name)
    if creds is not None:
        return creds, _session_source(name)
    cfg = cfg if cfg is not None else load_config(env=env)
    p = cfg.profiles.get(name)
    if p is None:
        raise ProfileNotFound(f"no saved profile named '{name}'", profile=name)
    if p.store == STORE_KEYRING:
        backend = usable_keyring()
        if backend is None:
            raise KeyringUnavailable(
                f"saved profile '{name}' is in the keyring ({p.store_name}), but: {store_status().sentence_en}",
                profile=name)
        try:
            text = backend.get_password(SERVICE, _username(name))
        except keyring.errors.KeyringError as e:
            raise SecretStoreError(f"the keyring ({p.store_name}) refused to read: {type(e).__name__}") from None
    else:
        text = file_store(None, passphrase_provider, env=env).get_password(SERVICE, _username(name))
    if text is None:
        raise ProfileNotFound(f"the secret of saved profile '{name}' is missing from its store", profile=name)
    return _from_payload(name, text, p.region_id), _saved_source(p, env)


def load_profile(name: str, passphrase_provider: PassphraseProvider | None = None, *,
                 env: Mapping[str, str] | None = None) -> Credentials:
    return load_profile_with_source(name, passphrase_provider, env=env)[0]


def delete_profile(name: str, passphrase_provider: PassphraseProvider | None = None, *,
                   env: Mapping[str, str] | None = None) -> None:
    """Forget a profile everywhere it is; missing pieces are fine."""
    with _session_lock:
        _session.pop(name, None)
    cfg = load_config(env=env)
    p = cfg.profiles.get(name)
    if p is None:
        return
    try:
        if p.store == STORE_KEYRING:
            backend = usable_keyring()
            if backend is not None:
                backend.delete_password(SERVICE, _username(name))
        else:
            file_store(None, passphrase_provider, env=env).delete_password(SERVICE, _username(name))
    except keyring.errors.PasswordDeleteError:
        pass
    save_config(cfg.without_profile(name), env=env)
