"""The doctor's cloud probes. Each is read-only (or a DryRun) and ends in one `Check`.

A permission is "denied" only when the service answered with its RAM refusal
(ECS Forbidden.RAM, RAM NoPermission, OSS 403 AccessDenied); any other answer
means the permission itself was granted (docs/doctor.md, "How each permission is probed").
"""

from __future__ import annotations

import email.utils
import secrets
import time
from typing import Callable

from tui_export.cloud.errors import CloudError, translate
from tui_export.core.i18n import t, t_or

DENIAL_CODES = frozenset({"Forbidden.RAM", "Forbidden.Unauthorized", "Forbidden", "NoPermission", "AccessDenied"})
# Answers that say nothing about the permission: the key, the clock, the network, the service.
INCONCLUSIVE_PREFIXES = ("InvalidAccessKey", "SignatureDoesNotMatch", "IncompleteSignature", "InvalidTimeStamp",
                         "RequestTimeTooSkewed", "InvalidSecurityToken", "SecurityTokenExpired",
                         "Forbidden.AccessKeyDisabled", "NoCredentials", "NetworkError", "Timeout",
                         "Throttling", "InternalError", "ServiceUnavailable", "InvalidResponse", "CredentialError")
MAX_SKEW_S = 15 * 60   # RPC InvalidTimeStamp.Expired and OSS RequestTimeTooSkewed both start past 15 minutes
PROBE_IMAGE_ID = "m-tuiexportdoctorprobe"   # no such image: the DryRun only has to get past RAM
PROBE_BUCKET = "tui-export-doctor-probe"


def is_denial(err: CloudError) -> bool:
    return err.code in DENIAL_CODES or err.code.startswith("Forbidden.RAM")


def keys_work(session, lang: str) -> bool:
    """Prove the keys with one cheap call (DescribeRegions) before the app uses them. A RAM refusal
    proves them too (the cloud knew who signed): returns True then, for the caller to offer the
    doctor; any other failure raises."""
    try:
        session.regions(lang)
    except CloudError as err:
        if not is_denial(err):
            raise
        return True
    return False


def inconclusive(err: CloudError) -> bool:
    return err.code.startswith(INCONCLUSIVE_PREFIXES) or bool(err.local) or (err.http_status or 0) >= 500


def _what(err: CloudError, lang: str) -> str:
    return err.explain(lang)[0]


def permission(action: str, call: Callable[[], object], lang: str, *, ok_key: str = "doctor.perm.ok",
               refused_means_allowed: bool = False) -> tuple["Check", object]:
    """(Check for `action`, the call's result or None). `refused_means_allowed`: another refusal
    than RAM's (a DryRun stopping at a missing image) still proves the permission."""
    from tui_export.cloud.doctor.report import Check

    label = t("doctor.check.permission", lang, action=action)
    try:
        result = call()
    except CloudError as err:
        if is_denial(err):
            return Check(action, False, t("doctor.perm.denied", lang, code=err.code, action=action), label,
                         missing_action=action), None
        if refused_means_allowed and not inconclusive(err):
            return Check(action, True, t("doctor.perm.ok_refused_later", lang, code=err.code), label), None
        return Check(action, None, t("doctor.perm.unknown", lang, what=_what(err, lang), code=err.code), label), None
    return Check(action, True, t(ok_key, lang), label), result


def asked_when_needed(action: str, lang: str):
    from tui_export.cloud.doctor.report import Check

    return Check(action, None, t("doctor.perm.asked", lang), t("doctor.check.permission", lang, action=action))


def guarded(fn: Callable[[], object], operation: str) -> Callable[[], object]:
    """`fn` with its SDK exceptions turned into CloudError (scrubbed)."""
    def run():
        try:
            return fn()
        except CloudError:
            raise
        except Exception as exc:   # noqa: BLE001 - every SDK error becomes a CloudError
            raise translate(exc, operation=operation) from None
    return run


# --- account and clock --------------------------------------------------------------------------

def account(session, lang: str):
    """(Check, ARN or "") from STS GetCallerIdentity: the key works, and whose it is."""
    from tui_export.cloud.doctor.report import Check

    label = t("doctor.check.account", lang)
    try:
        who = session.caller_identity()
    except CloudError as err:
        return Check("account", False, t("doctor.account.failed", lang, what=_what(err, lang), code=err.code),
                     label), ""
    arn = who.get("Arn", "")
    return Check("account", True, t("doctor.account.ok", lang, account=who.get("AccountId", "?"), arn=arn,
                                    kind=identity_kind(who.get("IdentityType", "?"), lang)), label), arn


def identity_kind(kind: str, lang: str) -> str:
    """STS's IdentityType (Account, RAMUser, AssumedRoleUser) in the report's language."""
    return t_or(f"doctor.identity.{kind}", kind, lang)


def _human_seconds(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


def clock(session, lang: str, *, local_time: Callable[[], float] = time.time):
    """The cloud's `Date` header against this computer's clock (from an OSS ListBuckets: its
    answer carries Date even when it refuses the request, a skewed one included)."""
    from tui_export.cloud.doctor.report import Check

    label = t("doctor.check.clock", lang)
    import oss2

    service = oss2.Service(session._oss_auth_now(), session.endpoints.oss_service_url())
    before = local_time()
    headers = {}
    try:
        headers = service.list_buckets(max_keys=1).headers
    except oss2.exceptions.OssError as exc:   # a refusal still carries the server's Date
        headers = getattr(exc, "headers", None) or {}
        if not headers.get("date"):
            err = translate(exc, operation="ListBuckets")
            return Check("clock", None, t("doctor.clock.unknown", lang, code=err.code), label)
    except Exception as exc:   # noqa: BLE001
        err = translate(exc, operation="ListBuckets")
        return Check("clock", None, t("doctor.clock.unknown", lang, code=err.code), label)
    after = local_time()
    try:
        served = email.utils.parsedate_to_datetime(headers.get("date", "")).timestamp()
    except (TypeError, ValueError, IndexError):
        return Check("clock", None, t("doctor.clock.unknown", lang, code="Date"), label)
    # Date has one-second precision: a skew within the round trip plus a second is no skew.
    mid = (before + after) / 2
    skew = served - mid
    if abs(skew) <= (after - before) / 2 + 1:
        skew = 0.0
    sign = "+" if skew >= 0 else "-"
    shown = f"{sign}{_human_seconds(skew)}"
    limit = "15 min"
    ok = abs(skew) <= MAX_SKEW_S
    return Check("clock", ok, t("doctor.clock.ok" if ok else "doctor.clock.bad", lang, skew=shown, limit=limit),
                 label)


# --- OSS -----------------------------------------------------------------------------------------

def probe_key() -> str:
    return f"tui-export-doctor/{secrets.token_hex(8)}-does-not-exist"


def head_missing_key(bucket) -> Callable[[], str]:
    """A HEAD of a key that doesn't exist: 404 means GetObject is allowed, 403 denied."""
    def run() -> str:
        import oss2
        try:
            bucket.head_object(probe_key())
        except oss2.exceptions.NotFound:
            return "404"
        return "200"   # can't happen for a random key; still proves the permission
    return guarded(run, "HeadObject")


def oss_reach(name: str, label: str, endpoint: str, bucket_obj, bucket: str, lang: str, *,
              cname_in_use: bool = False):
    """Whether `endpoint` serves objects of `bucket` (any answer but PublicEndpointForbidden does)."""
    from tui_export.cloud.doctor.report import Check

    try:
        head_missing_key(bucket_obj)()
    except CloudError as err:
        if err.code == "PublicEndpointForbidden":
            if cname_in_use:
                return Check(name, None, t("doctor.oss.forbidden_cname", lang, bucket=bucket), label)
            return Check(name, False, t("doctor.oss.forbidden", lang, bucket=bucket), label)
        if err.code in ("NetworkError", "Timeout") or (err.http_status or 0) >= 500:
            return Check(name, False, t("doctor.oss.unreachable", lang, endpoint=endpoint, what=_what(err, lang),
                                        code=err.code), label)
    return Check(name, True, t("doctor.oss.reachable", lang, endpoint=endpoint, bucket=bucket), label)
