"""CloudError: the one exception the cloud layer raises, and the translation of
every SDK exception (aliyunsdkcore, oss2, sockets) into it.

Why one type: the UI handles errors in one place and shows code, explanation and
RequestId; it must not know three SDKs' exception trees. Why scrubbing: SDK
messages carry request URLs (Signature, SecurityToken in the query) and, for
SignatureDoesNotMatch, the server's string to sign (AccessKeyId, SecurityToken).
None of that may reach a screen, a log or a traceback.
"""

from __future__ import annotations

import logging
import re
import socket
from urllib.parse import quote, quote_plus

# Codes worth retrying for an idempotent call (docs/sdk.md, "Retries and timeouts";
# docs/api.md, "RPC common errors").
THROTTLING_CODES = frozenset({"Throttling", "Throttling.User", "Throttling.Api", "Throttling.Resource"})
RETRYABLE_CODES = THROTTLING_CODES | frozenset({
    "NetworkError", "Timeout", "InternalError", "ServiceUnavailable", "UnknownError", "SDK.UnknownServerError",
})

_QUERY_SECRET_RE = re.compile(
    r"(?i)\b(Signature|SecurityToken|security-token|x-oss-security-token|x-oss-signature|"
    r"AccessKeySecret|OSSAccessKeyId|AccessKeyId|x-oss-credential)=([^&\s'\"<>,)]*)"
)
# The same names percent-encoded, as inside an echoed string to sign ("AccessKeyId%3D<id>%26...")
_ENCODED_SECRET_RE = re.compile(
    r"(?i)\b(Signature|SecurityToken|AccessKeySecret|OSSAccessKeyId|AccessKeyId)(%3D|%253D)([^%&\s'\"<>,)]*)"
)
# "Authorization: OSS <AccessKeyId>:<signature>" (V1); V4's "Signature=<hex>" is caught above
_AUTH_HEADER_RE = re.compile(r"\b(OSS\s+[^\s:'\"]+:)[A-Za-z0-9+/=]{8,}")
_STS_RE = re.compile(r"(?i)(string to sign is:).*", re.S)
# Failures on this computer (a full disk, a file in the way): never worded as the cloud's answer.
LOCAL_CODES = frozenset({"DiskFull", "DestinationExists", "DownloadInProgress", "WriteFailed", "Cancelled"})
_MASK = "***"


class CloudError(Exception):
    """A failed cloud call: API code, message (scrubbed), HTTP status, RequestId.

    `retryable`: trying the same call again may succeed (throttling, 5xx, network).
    `ambiguous`: the call may have been carried out although no answer came back
    (timeout, dropped connection, 5xx) — non-idempotent calls must reconcile first.
    """

    def __init__(self, code: str, message: str = "", http_status: int | None = None,
                 request_id: str = "", retryable: bool | None = None, operation: str = "",
                 ambiguous: bool = False, local: bool = False) -> None:
        self.code = code or "Unknown"
        self.message = message or ""
        self.http_status = http_status
        self.request_id = request_id or ""
        self.retryable = _is_retryable(self.code, http_status) if retryable is None else retryable
        self.operation = operation or ""
        self.ambiguous = ambiguous
        # `local`: nothing reached the cloud (the SDK refused a value, or this computer failed)
        self.local = local or self.code in LOCAL_CODES
        super().__init__(self._text())

    @property
    def throttled(self) -> bool:
        return self.code in THROTTLING_CODES or self.code.startswith("Throttling")

    def _text(self) -> str:
        parts = [f"{self.code}: {self.message}" if self.message else self.code]
        if self.operation:
            parts.append(f"operation={self.operation}")
        if self.http_status:
            parts.append(f"status={self.http_status}")
        if self.request_id:
            parts.append(f"RequestId={self.request_id}")
        return " | ".join(parts)

    def __str__(self) -> str:
        return self._text()

    def __repr__(self) -> str:
        return (f"CloudError(code={self.code!r}, message={self.message!r}, http_status={self.http_status!r}, "
                f"request_id={self.request_id!r}, retryable={self.retryable!r}, operation={self.operation!r})")

    def __reduce__(self):  # picklable across worker boundaries, scrubbed fields only
        return (_rebuild, (self.code, self.message, self.http_status, self.request_id,
                           self.retryable, self.operation, self.ambiguous, self.local))

    def explain(self, lang: str = "en") -> tuple[str, str]:
        from tui_export.core.explain import explain
        return explain(self.code, lang, self.message, self.operation, request_id=self.request_id,
                       local=self.local)

    def with_operation(self, operation: str) -> "CloudError":
        if not self.operation:
            self.operation = operation
            self.args = (self._text(),)
        return self


def _rebuild(*args) -> CloudError:
    return CloudError(*args)


def _is_retryable(code: str, http_status: int | None) -> bool:
    if code in RETRYABLE_CODES or code.startswith("Throttling"):
        return True
    return bool(http_status and http_status >= 500)


# --- scrubbing -----------------------------------------------------------------

def scrub(text: str, secrets=()) -> str:
    """`text` without secrets: known values (raw and percent-encoded), signed query
    parameters, Authorization values, and any server string to sign."""
    if not text:
        return ""
    text = str(text)
    text = _STS_RE.sub(r"\1 [omitted]", text)
    for value in secrets:
        if not value or len(value) < 4:
            continue
        forms = {value, quote(value, safe=""), quote(value, safe="~"), quote_plus(value, safe=""),
                 quote(quote(value, safe=""), safe="")}
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, _MASK)
    text = _QUERY_SECRET_RE.sub(lambda m: f"{m.group(1)}={_MASK}", text)
    text = _ENCODED_SECRET_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{_MASK}", text)
    text = _AUTH_HEADER_RE.sub(lambda m: f"{m.group(1)}{_MASK}", text)
    return text


class ScrubLogFilter(logging.Filter):
    """Scrubs every record a handler writes, whoever logged it: aliyunsdkcore logs each
    ServerException itself, SignatureDoesNotMatch's string to sign (AccessKeyId) included.
    One deliberate exception: a record carrying `signed_link` (cloud/signed_link.py) keeps
    that one link whole, the link the user asked for; the rest of its line is scrubbed."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except (TypeError, ValueError, KeyError):   # a broken %-format: log the template, scrubbed
            text, record.args = str(record.msg), None
        keep = getattr(record, "signed_link", None)
        if isinstance(keep, str) and keep and keep in text:
            record.msg = keep.join(scrub(part) for part in text.split(keep))
        else:
            record.msg = scrub(text)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def secrets_of(creds) -> tuple[str, ...]:
    """The values to scrub for a credentials snapshot: secret, token, and the key id."""
    if creds is None:
        return ()
    out = []
    for name in ("access_key_secret", "security_token", "access_key_id"):
        value = getattr(creds, name, None)
        if value:
            out.append(value)
    return tuple(out)


# --- translation ----------------------------------------------------------------

_TIMEOUT_WORDS = ("timed out", "timeout", "time out")


def _looks_like_timeout(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _TIMEOUT_WORDS)


def translate(exc: BaseException, *, operation: str = "", secrets=()) -> CloudError:
    """Any exception from an SDK call -> CloudError (already scrubbed)."""
    if isinstance(exc, CloudError):
        return exc.with_operation(operation)
    mod = type(exc).__module__ or ""
    if mod.startswith("aliyunsdkcore"):
        return _from_acs(exc, operation, secrets)
    if mod.startswith("oss2"):
        return _from_oss2(exc, operation, secrets)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return CloudError("Timeout", scrub(str(exc) or "timed out", secrets), operation=operation, ambiguous=True)
    if isinstance(exc, OSError):
        import errno
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return CloudError("DiskFull", scrub(str(exc), secrets), retryable=False, operation=operation)
        return CloudError("NetworkError", scrub(str(exc), secrets), operation=operation, ambiguous=True)
    # anything else was raised here, before or instead of a request (a bad value, an SDK bug)
    return CloudError(type(exc).__name__, scrub(str(exc), secrets), retryable=False, operation=operation,
                      local=True)


def _from_acs(exc, operation: str, secrets) -> CloudError:
    code = exc.get_error_code() if hasattr(exc, "get_error_code") else ""
    msg = exc.get_error_msg() if hasattr(exc, "get_error_msg") else str(exc)
    if type(exc).__name__ == "ServerException":
        status = exc.get_http_status()
        rid = exc.get_request_id() or ""
        if code == "SDK.UnknownServerError":
            # the body wasn't an API error (a proxy's page, a gateway 502): keep the status
            code = "ServiceUnavailable" if status and status >= 500 else code
        return CloudError(code, scrub(msg, secrets), status, rid, operation=operation,
                          ambiguous=bool(status and status >= 500))
    # ClientException
    if code == "SDK.HttpError":
        if _looks_like_timeout(msg):
            return CloudError("Timeout", scrub(_short_net(msg), secrets), operation=operation, ambiguous=True)
        return CloudError("NetworkError", scrub(_short_net(msg), secrets), operation=operation,
                          ambiguous=not _refused(msg))
    if code == "SDK.InvalidCredential":
        return CloudError("NoCredentials", scrub(msg, secrets), retryable=False, operation=operation)
    return CloudError(code or "SDK.ClientError", scrub(msg, secrets), retryable=False, operation=operation,
                      local=True)


def _refused(msg: str) -> bool:
    """Connection refused / name not resolved: the request never left, so not ambiguous."""
    low = msg.lower()
    return any(w in low for w in ("connection refused", "name or service not known",
                                   "nodename nor servname", "failed to resolve", "getaddrinfo failed",
                                   "newconnectionerror"))


def _short_net(msg: str) -> str:
    """requests' messages repeat the whole URL; keep the reason at the end."""
    m = re.search(r"\(Caused by (.*)\)\s*$", msg, re.S)
    return m.group(1) if m else msg


def _from_oss2(exc, operation: str, secrets) -> CloudError:
    name = type(exc).__name__
    status = getattr(exc, "status", None)
    rid = getattr(exc, "request_id", "") or ""
    if name == "RequestError":
        inner = getattr(exc, "exception", None)
        text = str(inner) if inner is not None else str(getattr(exc, "body", ""))
        timeout = _looks_like_timeout(text) or type(inner).__name__ in ("Timeout", "ReadTimeout", "ConnectTimeout")
        code = "Timeout" if timeout else "NetworkError"
        return CloudError(code, scrub(_short_net(text), secrets), operation=operation,
                          ambiguous=not _refused(text))
    if name == "InconsistentError":
        return CloudError("CrcMismatch", scrub(str(getattr(exc, "body", "")), secrets), retryable=True,
                          request_id=rid, operation=operation)
    if name in ("ClientError",):
        # oss2 refused a value before sending anything (a bad bucket name, a bad endpoint)
        return CloudError("ClientError", scrub(str(getattr(exc, "body", exc)), secrets), retryable=False,
                          operation=operation, local=True)
    code = getattr(exc, "code", "") or ""
    message = getattr(exc, "message", "") or ""
    if not code:
        # HEAD answers have no body; without x-oss-err oss2 knows only the status
        code = {404: "NoSuchKey", 403: "AccessDenied", 412: "PreconditionFailed", 416: "InvalidRange"}.get(
            status or 0, "ServiceUnavailable" if (status or 0) >= 500 else f"HTTP{status}")
        if name == "NoSuchBucket":
            code = "NoSuchBucket"
    if code == "SignatureDoesNotMatch":
        message = "The request signature does not match (the AccessKey secret is probably wrong)."
    return CloudError(code, scrub(message, secrets), status if (status or 0) > 0 else None, rid,
                      operation=operation, ambiguous=bool(status and status >= 500))
