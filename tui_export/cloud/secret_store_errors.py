"""What can go wrong with the stored secrets; each `code` keys the UI's catalogue."""

from __future__ import annotations

from tui_export.cloud.credential_errors import CredentialError


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
