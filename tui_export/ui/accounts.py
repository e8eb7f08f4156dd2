"""Who signed in, as labels safe to store and show (never a secret): shared by the app and the profiles screen."""

from __future__ import annotations

from tui_export.cloud.account_label import account_of  # noqa: F401  (re-exported for the screens)


def profile_spec(found) -> str | None:
    """"cli:<name>" or "saved:<name>" for credentials from a profile (resolve() understands both)."""
    if not getattr(found, "profile", None):
        return None
    return f"cli:{found.profile}" if found.kind == "cli" else f"saved:{found.profile}"
