"""Who signed in, as labels safe to store and show (never a secret): shared by the app and the profiles screen."""

from __future__ import annotations


def profile_spec(found) -> str | None:
    """"cli:<name>" or "saved:<name>" for credentials from a profile (resolve() understands both)."""
    if not getattr(found, "profile", None):
        return None
    return f"cli:{found.profile}" if found.kind == "cli" else f"saved:{found.profile}"


def account_of(found) -> str:
    """A stable, non-secret label of whose keys these are, to keep each account's tasks apart:
    the masked AccessKey id for fixed keys; the profile for rotating (STS/role) ones."""
    from tui_export.cloud.credentials import StaticProvider

    provider = getattr(found, "provider", None)
    if isinstance(provider, StaticProvider):
        creds = provider.current()
        if not creds.security_token:
            return creds.masked_id
    return f"{found.kind}:{found.profile or ''}"
