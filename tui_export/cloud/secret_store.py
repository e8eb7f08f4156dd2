"""Where the secrets the user types are kept: keyring, this session, or an encrypted file.

    status = store_status()          # once-detected keyring; .usable, .name; store_sentence(status, lang)
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

The pieces: keyring_status.py (is there a usable system keyring), encrypted_file.py
and secret_file_crypto.py (the encrypted file), secret_store_errors.py. Their public
names are re-exported here.
"""

from __future__ import annotations

import enum
import json
import threading
from collections.abc import Mapping

import keyring.errors

from tui_export.cloud import paths
from tui_export.cloud.config import (
    STORE_ENCRYPTED_FILE, STORE_KEYRING, AppConfig, SavedProfile, load_config, save_config,
)
from tui_export.cloud.credential_errors import ProfileNotFound
from tui_export.cloud.credential_values import Credentials, mask_key_id
from tui_export.cloud.encrypted_file import (  # noqa: F401  (re-exported)
    SECRETS_FILE_NAME, EncryptedFileKeyring, PassphraseProvider, _file_stores, file_store,
)
from tui_export.cloud.keyring_status import (  # noqa: F401  (re-exported)
    StoreStatus, backend_display_name, reset_detection, store_sentence, store_status, usable_keyring,
)
from tui_export.cloud.secret_file_crypto import CIPHER_AES_GCM, CIPHER_HMAC_CTR, FILE_FORMAT  # noqa: F401
from tui_export.cloud.secret_store_errors import (  # noqa: F401  (re-exported)
    KeyringUnavailable, PassphraseCancelled, PassphraseRequired, SecretStoreError, StoreCorrupt, WrongPassphrase,
)

SERVICE = "tui-export"


class StoreChoice(enum.Enum):
    KEYRING = "keyring"
    SESSION_ONLY = "session_only"
    ENCRYPTED_FILE = "encrypted_file"


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
                 env: Mapping[str, str] | None = None, make_current: bool = True) -> tuple[str, dict]:
    """Keep `creds` under `name` where the user chose; returns the source ((catalogue key, values))."""
    _check_name(name)
    if choice is StoreChoice.SESSION_ONLY:
        with _session_lock:
            _session[name] = creds
        return _session_source(name)
    cfg = load_config(env=env)   # a damaged config refuses before any secret is written
    if choice is StoreChoice.KEYRING:
        backend = usable_keyring()
        if backend is None:
            raise KeyringUnavailable(store_sentence(store_status(), "en"))
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


# Sources as (catalogue key, values): the UI words them in the user's language.
def _session_source(name: str) -> tuple[str, dict]:
    return "source.session", {"name": name}


def _saved_source(p: SavedProfile, env: Mapping[str, str] | None) -> tuple[str, dict]:
    if p.store == STORE_KEYRING:
        if p.store_name:
            return "source.saved_keyring", {"name": p.name, "store": p.store_name}
        return "source.saved_keyring_any", {"name": p.name}
    where = paths.display_path(paths.config_dir(env=env) / SECRETS_FILE_NAME, env=env)
    return "source.saved_file", {"name": p.name, "path": where}


def load_profile_with_source(name: str, passphrase_provider: PassphraseProvider | None = None, *,
                             env: Mapping[str, str] | None = None,
                             cfg: AppConfig | None = None) -> tuple[Credentials, tuple[str, dict]]:
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
                f"saved profile '{name}' is in the keyring ({p.store_name}), but: {store_sentence(store_status(), 'en')}",
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
