"""Who sent a request: V1/V2/V4 header signatures and presigned URLs, STS tokens, or nobody.

Order of checks (as the real service answers them): key known and enabled ->
STS token present, right and unexpired -> time (15 min skew / URL expiry) -> signature.
The sim has one endpoint for all regions, so a V4 signature's scope region stands for the
endpoint's region: `signing_region()` gives it to the server, which refuses a bucket of another
region (as OSS refuses a bucket addressed through another region's endpoint).
"""

from __future__ import annotations

import calendar
import hmac
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Mapping

from ..keys import KeyRecord, KeyRegistry
from . import auth_v1, auth_v2, auth_v4
from .errors import OssError

MAX_SKEW_S = 15 * 60
MAX_V4_URL_EXPIRES_S = 604800


@dataclass(frozen=True)
class Request:
    """What the signature covers, decoded: bucket None = service level; key "" = bucket level."""
    method: str
    bucket: str | None
    key: str
    query: Mapping[str, str]
    headers: list[tuple[str, str]]   # as received, in order

    def header(self, name: str, default: str = "") -> str:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return default


def authenticate(req: Request, keys: KeyRegistry, now: float | None = None) -> KeyRecord | None:
    """The key that signed `req`, None for an anonymous request; raises OssError when refused."""
    now = time.time() if now is None else now
    authorization = req.header("Authorization")
    if authorization.startswith("OSS "):
        return _v1_header(req, keys, authorization, now)
    if authorization.startswith(auth_v4.ALGORITHM):
        return _v4_header(req, keys, authorization, now)
    if authorization.startswith("OSS2 "):
        return _v2_header(req, keys, authorization, now)
    if authorization:
        raise OssError("InvalidArgument", "Authorization header is invalid.",
                       ArgumentName="Authorization", ArgumentValue=authorization.split(" ")[0])
    if "OSSAccessKeyId" in req.query:
        return _v1_url(req, keys, now)
    if req.query.get("x-oss-signature-version") == auth_v4.ALGORITHM or "x-oss-credential" in req.query:
        return _v4_url(req, keys, now)
    if req.query.get("x-oss-signature-version") == "OSS2":
        return _v2_url(req, keys, now)
    return None


def signing_region(req: Request) -> str | None:
    """The region of a V4 credential scope (header or presigned URL); None for V1/V2/anonymous."""
    authorization = req.header("Authorization")
    if authorization.startswith(auth_v4.ALGORITHM):
        credential = auth_v4.parse_authorization(authorization).get("Credential", "")
    else:
        credential = req.query.get("x-oss-credential", "")
    parts = credential.split("/")
    return parts[2] if len(parts) == 5 and parts[2] else None


def _key(keys: KeyRegistry, access_key_id: str, token: str, now: float) -> KeyRecord:
    record = keys.lookup(access_key_id)
    if record is None or not record.enabled:
        raise OssError("InvalidAccessKeyId", OSSAccessKeyId=access_key_id)
    if record.token is not None:
        if not token:   # a temporary key without its token is unknown to OSS
            raise OssError("InvalidAccessKeyId", OSSAccessKeyId=access_key_id)
        if not hmac.compare_digest(token, record.token):
            raise OssError("InvalidSecurityToken", OSSAccessKeyId=access_key_id)
    if record.expired(now):
        raise OssError("SecurityTokenExpired" if record.token else "InvalidAccessKeyId",
                       OSSAccessKeyId=access_key_id)
    return record


def _check_skew(request_time: float | None, raw: str, now: float) -> None:
    if request_time is None:
        raise OssError("AccessDenied", "Invalid date format or missing date header.", RequestTime=raw)
    if abs(now - request_time) > MAX_SKEW_S:
        raise OssError("RequestTimeTooSkewed", RequestTime=raw,
                       ServerTime=time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(now)))


def _http_date(raw: str) -> float | None:
    try:
        return parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def _iso_basic(raw: str) -> float | None:
    try:
        return float(calendar.timegm(time.strptime(raw, "%Y%m%dT%H%M%SZ")))
    except ValueError:
        return None


def _mismatch(access_key_id: str, provided: str, to_sign: str, canonical: str | None = None) -> OssError:
    extra = {"StringToSign": to_sign, "SignatureProvided": provided}
    if canonical is None:
        extra["StringToSignBytes"] = " ".join("%02x" % b for b in to_sign.encode("utf-8", "surrogateescape"))
    else:
        extra["CanonicalRequest"] = canonical
    extra["OSSAccessKeyId"] = access_key_id
    return OssError("SignatureDoesNotMatch", **extra)


def _v1_header(req: Request, keys: KeyRegistry, authorization: str, now: float) -> KeyRecord:
    access_key_id, _, provided = authorization[4:].strip().rpartition(":")
    record = _key(keys, access_key_id, req.header("x-oss-security-token"), now)
    date = req.header("x-oss-date") or req.header("Date")
    _check_skew(_http_date(date), date, now)
    to_sign = auth_v1.string_to_sign(req.method, req.bucket, req.key, req.query, req.headers,
                                      req.header("Content-MD5"), req.header("Content-Type"), date)
    if not hmac.compare_digest(auth_v1.sign(record.secret, to_sign), provided):
        raise _mismatch(access_key_id, provided, to_sign)
    return record


def _unexpired(req: Request, name: str, now: float) -> str:
    """The presigned URL's expiry (query parameter `name`), refused when malformed or past."""
    expires = req.query.get(name, "")
    if not expires.isdigit():
        raise OssError("InvalidArgument", f"{name} should be a number.", ArgumentName=name, ArgumentValue=expires)
    if int(expires) < now:
        raise OssError("RequestExpired", Expires=expires,
                       ServerTime=time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(now)))
    return expires

def _v1_url(req: Request, keys: KeyRegistry, now: float) -> KeyRecord:
    access_key_id = req.query["OSSAccessKeyId"]
    record = _key(keys, access_key_id, req.query.get("security-token", ""), now)
    expires = _unexpired(req, "Expires", now)
    provided = req.query.get("Signature", "")
    to_sign = auth_v1.string_to_sign(req.method, req.bucket, req.key, req.query, req.headers,
                                      req.header("Content-MD5"), req.header("Content-Type"), expires)
    if not hmac.compare_digest(auth_v1.sign(record.secret, to_sign), provided):
        raise _mismatch(access_key_id, provided, to_sign)
    return record


def _v4_check(req: Request, record: KeyRecord, credential: str, provided: str, date_time: str,
              additional: list[str], query: Mapping[str, str]) -> None:
    access_key_id, _, scope = credential.partition("/")
    parts = scope.split("/")
    if len(parts) != 4 or parts[3] != "aliyun_v4_request" or parts[0] != date_time[:8]:
        raise OssError("InvalidArgument", "Invalid credential in Authorization header.",
                       ArgumentName="Credential", ArgumentValue=credential)
    canonical = auth_v4.canonical_request(req.method, req.bucket, req.key, query, req.headers, additional)
    to_sign = auth_v4.string_to_sign(date_time, scope, canonical)
    expected = auth_v4.sign(record.secret, parts[0], parts[1], parts[2], to_sign)
    if not hmac.compare_digest(expected, provided):
        raise _mismatch(access_key_id, provided, to_sign, canonical)


def _v4_header(req: Request, keys: KeyRegistry, authorization: str, now: float) -> KeyRecord:
    fields = auth_v4.parse_authorization(authorization)
    credential = fields.get("Credential", "")
    record = _key(keys, credential.partition("/")[0], req.header("x-oss-security-token"), now)
    date_time = req.header("x-oss-date")
    _check_skew(_iso_basic(date_time), date_time, now)
    additional = [h.strip().lower() for h in fields.get("AdditionalHeaders", "").split(";") if h.strip()]
    _v4_check(req, record, credential, fields.get("Signature", ""), date_time, additional, req.query)
    return record


def _v4_url(req: Request, keys: KeyRegistry, now: float) -> KeyRecord:
    credential = req.query.get("x-oss-credential", "")
    record = _key(keys, credential.partition("/")[0], req.query.get("x-oss-security-token", ""), now)
    date_time = req.query.get("x-oss-date", "")
    signed_at = _iso_basic(date_time)
    expires = req.query.get("x-oss-expires", "")
    if signed_at is None or not expires.isdigit() or int(expires) > MAX_V4_URL_EXPIRES_S:
        raise OssError("InvalidArgument", "Invalid x-oss-date or x-oss-expires.", ArgumentName="x-oss-expires",
                       ArgumentValue=expires)
    if signed_at + int(expires) < now:
        raise OssError("RequestExpired", Expires=expires,
                       ServerTime=time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(now)))
    if signed_at - now > MAX_SKEW_S:
        raise OssError("RequestTimeTooSkewed", RequestTime=date_time)
    additional = [h for h in req.query.get("x-oss-additional-headers", "").split(";") if h]
    query = {k: v for k, v in req.query.items() if k != "x-oss-signature"}
    _v4_check(req, record, credential, req.query.get("x-oss-signature", ""), date_time, additional, query)
    return record


def _v2_header(req: Request, keys: KeyRegistry, authorization: str, now: float) -> KeyRecord:
    fields = auth_v2.parse_authorization(authorization)
    access_key_id, provided = fields.get("AccessKeyId", ""), fields.get("Signature", "")
    record = _key(keys, access_key_id, req.header("x-oss-security-token"), now)
    date = req.header("Date")
    _check_skew(_http_date(date), date, now)
    additional = [h.strip().lower() for h in fields.get("AdditionalHeaders", "").split(";") if h.strip()]
    to_sign = auth_v2.string_to_sign(req.method, req.bucket, req.key, req.query, req.headers, additional, date)
    if not hmac.compare_digest(auth_v2.sign(record.secret, to_sign), provided):
        raise _mismatch(access_key_id, provided, to_sign)
    return record


def _v2_url(req: Request, keys: KeyRegistry, now: float) -> KeyRecord:
    access_key_id = req.query.get("x-oss-access-key-id", "")
    record = _key(keys, access_key_id, req.query.get("security-token", ""), now)
    expires = _unexpired(req, "x-oss-expires", now)
    provided = req.query.get("x-oss-signature", "")
    additional = [h for h in req.query.get("x-oss-additional-headers", "").split(";") if h]
    query = {k: v for k, v in req.query.items() if k != "x-oss-signature"}
    to_sign = auth_v2.string_to_sign(req.method, req.bucket, req.key, query, req.headers, additional, expires)
    if not hmac.compare_digest(auth_v2.sign(record.secret, to_sign), provided):
        raise _mismatch(access_key_id, provided, to_sign)
    return record
