"""Credential problems: each a CredentialError whose `code` keys the UI's catalogue and whose
text is safe to show (no secret, ever)."""

from __future__ import annotations


class CredentialError(Exception):
    """Base of every credential problem. `str()` is safe to show: no secrets.

    `code` is a stable key for the UI's message catalogue; `detail` holds the
    values (profile name, mode, variable) a translated message can use.
    """

    code = "credentials.error"

    def __init__(self, message: str, **detail: object) -> None:
        super().__init__(message)
        self.detail = detail


class UnsupportedProfileMode(CredentialError):
    code = "credentials.unsupported_mode"


class ProfileNotFound(CredentialError):
    code = "credentials.profile_not_found"


class IncompleteCredentials(CredentialError):
    code = "credentials.incomplete"


class CliConfigError(CredentialError):
    code = "credentials.cli_config"


class CredentialFetchError(CredentialError):
    """STS AssumeRole or the ECS metadata service did not hand out credentials."""

    code = "credentials.fetch_failed"

    def __init__(self, message: str, *, error_code: str = "", request_id: str = "",
                 http_status: int | None = None, **detail: object) -> None:
        super().__init__(message, **detail)
        self.error_code = error_code
        self.request_id = request_id
        self.http_status = http_status


def _scrub(text: str, *secrets: str | None) -> str:
    """Remove secrets (raw or URL-encoded) and any echoed string to sign from text that came
    from elsewhere; the one rule for that lives in cloud/errors.py."""
    from tui_export.cloud.errors import scrub

    return scrub(text, tuple(s for s in secrets if s))
