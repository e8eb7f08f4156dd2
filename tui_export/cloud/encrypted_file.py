"""EncryptedFileKeyring: a real keyring backend (priority -2, so keyring never picks it on
its own) keeping secrets in one passphrase-encrypted JSON file, mode 0600
(cryptography in secret_file_crypto.py). The passphrase comes from a provider the app
supplies (a modal in the TUI); nothing here prompts on the terminal. A damaged file is
refused whole before any passphrase is asked, and never rewritten.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NoReturn

import keyring.errors
from keyring.backend import KeyringBackend

from tui_export.cloud import paths
from tui_export.cloud.bad_input import InputProblem, refuse
from tui_export.cloud.secret_file_crypto import (
    CIPHER_AES_GCM, CIPHER_HMAC_CTR, FILE_FORMAT, KDF_N, KDF_N_MIN, KDF_P, KDF_R, SALT_MIN_BYTES, _derive, _open,
    _seal,
)
from tui_export.cloud.secret_store_errors import (
    PassphraseCancelled, PassphraseRequired, SecretStoreError, StoreCorrupt, WrongPassphrase,
)
from tui_export.core import json_shape

SECRETS_FILE_NAME = "secrets.enc.json"
PassphraseProvider = Callable[..., "str | None"]   # (creating[, wrong=True]) -> passphrase or None
# A provider that can ask again (the app's modal) says so with `asks_again = True`; it is then
# called with wrong=True after a passphrase that did not open the file, up to this many times.
# One that can't (a fixed value) gets WrongPassphrase at once: asking it again changes nothing.
PASSPHRASE_TRIES = 3


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

    def _ask(self, creating: bool, wrong: bool = False) -> str:
        if self.passphrase_provider is None:
            raise PassphraseRequired(f"a passphrase is needed to open {paths.display_path(self.path)}")
        value = self.passphrase_provider(creating, wrong=True) if wrong else self.passphrase_provider(creating)
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
        tries = PASSPHRASE_TRIES if getattr(self.passphrase_provider, "asks_again", False) else 1
        for attempt in range(tries):
            key = _derive(self._ask(False, wrong=attempt > 0), doc["kdf"])
            plain = _open(key, doc)
            if plain is not None:
                break
        else:
            # in the user's language, and not a second "does not open" under the code's own line
            refuse(WrongPassphrase, "store.still_locked", file=paths.display_path(self.path))
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
        damaged("input.store.length", field="kdf.salt", length=len(salt), writes=16)
    cipher = doc.get("cipher")
    typed(cipher, json_shape.STRING, "cipher")
    if cipher not in (CIPHER_AES_GCM, CIPHER_HMAC_CTR):
        damaged("input.store.unknown", field="cipher", value=str(cipher)[:40])
    sizes = {"nonce": 12, "tag": 16} if cipher == CIPHER_AES_GCM else {"nonce": 16, "tag": 32}
    for key in ("nonce", "ciphertext", "tag"):
        data = b64(key, doc.get(key))
        if key in sizes and len(data) != sizes[key]:
            # "writes", not "expected": bad_input reads an "expected" value as a JSON kind
            damaged("input.store.length", field=key, length=len(data), writes=sizes[key])


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
