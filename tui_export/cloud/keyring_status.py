"""Is there a system keyring that may hold secrets? Detected once per process.

Backends that would prompt on the terminal (keyrings.alt's EncryptedKeyring) or that
drop or leak secrets (fail, null, keyrings.alt's PlaintextKeyring) count as "no
usable keyring". The answer is a StoreStatus holding message keys, not prose: the
app and `tui-export info` say it in the user's language (`store_sentence`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import keyring
from keyring.backend import KeyringBackend

from tui_export.cloud.encrypted_file import EncryptedFileKeyring


@dataclass(frozen=True)
class StoreStatus:
    usable: bool
    name: str
    reason: str = ""                                   # message key: why no keyring ("" when usable)
    values: dict = field(default_factory=dict)         # the reason's placeholders (a class name...)

    @property
    def key(self) -> str:
        """The message key of the whole sentence (placeholders: name, reason)."""
        return "store.keyring_ok" if self.usable else "store.no_keyring"


def store_sentence(status: StoreStatus, lang: str) -> str:
    """The status in `lang`, from the catalogue (core/messages_signin.py)."""
    from tui_export.core.i18n import t

    reason = t(status.reason, lang, **status.values) if status.reason else ""
    return t(status.key, lang, name=status.name, reason=reason)


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


def _why_unusable(b: KeyringBackend) -> tuple[str, dict] | None:
    """(message key, values) when `b` must not hold secrets; None when it may."""
    from keyring.backends import fail, null

    mod, cls = type(b).__module__, type(b).__name__
    if isinstance(b, fail.Keyring):
        return "store.why.none_found", {}
    if isinstance(b, null.Keyring):
        return "store.why.disabled", {}
    if isinstance(b, EncryptedFileKeyring):
        return "store.why.own_file", {}
    if mod.startswith("keyrings.alt"):
        if "Encrypted" in cls:
            return "store.why.prompts", {"cls": cls}
        if "Plaintext" in cls:
            return "store.why.plaintext", {"cls": cls}
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
        reason, values = reasons[0] if reasons else ("store.why.none_found", {})
        return StoreStatus(False, "chainer", reason, values), None
    why = _why_unusable(b)
    name = backend_display_name(b)
    if why:
        return StoreStatus(False, name, *why), None
    return StoreStatus(True, name), b


def _detect() -> tuple[StoreStatus, KeyringBackend | None]:
    global _detected
    with _detect_lock:
        if _detected is None:
            try:
                b = keyring.get_keyring()
            except Exception as e:  # a broken keyringrc or backend import: say so, don't crash
                _detected = (StoreStatus(False, "error", "store.why.load_failed", {"error": type(e).__name__}),
                             None)
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
