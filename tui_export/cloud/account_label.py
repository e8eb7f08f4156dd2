"""Whose keys these are, as a label safe to store and show (never a secret).

The app and the headless commands key the task store's rows by it, so both must compute it the
same way: one place."""

from __future__ import annotations


def account_of(found) -> str:
    """The masked AccessKey id for fixed keys; the profile for rotating (STS/role) ones."""
    from tui_export.cloud.credentials import StaticProvider

    provider = getattr(found, "provider", None)
    if isinstance(provider, StaticProvider):
        creds = provider.current()
        if not creds.security_token:
            return creds.masked_id
    return f"{found.kind}:{found.profile or ''}"
