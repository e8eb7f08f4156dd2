"""The credential values the rest of the code passes around, none of them ever showing a secret:
one set of keys (Credentials), what provides them (StaticProvider, or a refreshing role
provider in role_providers.py) and what resolve() found (ResolvedCredentials / NoCredentials)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


def mask_key_id(key_id: str | None) -> str:
    """`FAKE5tAbCdEfGh123` -> `FAKE**********123`; short ids are masked whole."""
    if not key_id:
        return ""
    if len(key_id) < 10:
        return "*" * len(key_id)
    return key_id[:4] + "*" * (len(key_id) - 7) + key_id[-3:]


@dataclass(frozen=True, repr=False)
class Credentials:
    """One static set of keys. `repr`/`str` never show the secret or the token."""

    access_key_id: str
    access_key_secret: str
    security_token: str | None = None
    region_id: str | None = None
    expiration: float | None = None   # unix time, for STS credentials

    def __repr__(self) -> str:
        token = "<hidden>" if self.security_token else None
        exp = f", expiration={self.expiration:.0f}" if self.expiration else ""
        return (
            f"Credentials(access_key_id={mask_key_id(self.access_key_id)!r}, access_key_secret=<hidden>, "
            f"security_token={token}, region_id={self.region_id!r}{exp})"
        )

    __str__ = __repr__

    @property
    def masked_id(self) -> str:
        return mask_key_id(self.access_key_id)

    def _secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.access_key_secret, self.security_token) if s)


class CredentialsProvider(Protocol):
    def current(self) -> Credentials: ...


class StaticProvider:
    def __init__(self, creds: Credentials) -> None:
        self._creds = creds

    def current(self) -> Credentials:
        return self._creds

    def __repr__(self) -> str:
        return f"StaticProvider({self._creds!r})"


# A text for the user as (catalogue key, values): the UI and the headless commands word it in the
# user's language (core.i18n.t_item); a value may itself be such a pair.
Wording = tuple[str, dict]


@dataclass(frozen=True)
class ResolvedCredentials:
    """Credentials found, with where they came from (a Wording, safe to print)."""

    source: Wording
    provider: CredentialsProvider
    kind: str                          # "environment" | "cli" | "saved" | "session"
    profile: str | None = None
    region_id: str | None = None
    warnings: tuple[Wording, ...] = ()
    variables: tuple[str, ...] = ()    # the environment variables they came from, to name in a refusal

    def current(self) -> Credentials:
        return self.provider.current()

    @property
    def credentials(self) -> Credentials:
        return self.provider.current()

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True)
class NoCredentials:
    """Nothing found: the UI shows its sign-in screen. Falsy."""

    checked: tuple[tuple[str, dict], ...] = ()   # where we looked: (catalogue key "looked.*", values)
    saved_profiles: tuple[str, ...] = ()   # several saved, none current: let the user pick
    source: str = "none"

    def __bool__(self) -> bool:
        return False
