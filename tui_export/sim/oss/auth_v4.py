"""OSS signature V4 (OSS4-HMAC-SHA256), server side, matching oss2's ProviderAuthV4 byte for byte.

canonical request = VERB \n URI \n query \n headers \n additional-header-names \n payload-hash
  URI: v4-encoded "/bucket/key" with "/" kept; query: every parameter but the signature,
  encoded (slashes too), sorted, bare names for empty values; headers: x-oss-*, content-type,
  content-md5 and the additional ones, lower-case, sorted, "name:value\\n" each.
string to sign = "OSS4-HMAC-SHA256" \n x-oss-date \n scope \n hex(sha256(canonical request))
signing key = HMAC chain "aliyun_v4"+secret -> yyyymmdd -> region -> product -> "aliyun_v4_request"
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Iterable, Mapping

ALGORITHM = "OSS4-HMAC-SHA256"
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-~.")
_DEFAULT_SIGNED = ("content-type", "content-md5")


def uri_encode(text: str, keep_slash: bool) -> str:
    out = []
    for b in text.encode("utf-8", "surrogateescape"):
        if b in _UNRESERVED or (keep_slash and b == 0x2F):
            out.append(chr(b))
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def canonical_request(method: str, bucket: str | None, key: str, query: Mapping[str, str],
                      headers: Iterable[tuple[str, str]], additional: list[str]) -> str:
    uri = uri_encode(f"/{bucket}/{key}" if bucket else "/", True)
    encoded = sorted((uri_encode(k, False), uri_encode(v, False)) for k, v in query.items())
    canon_query = "&".join(f"{k}={v}" if v else k for k, v in encoded)
    extra = set(additional)
    signed = sorted((k.lower(), v) for k, v in headers
                    if k.lower().startswith("x-oss-") or k.lower() in _DEFAULT_SIGNED or k.lower() in extra)
    canon_headers = "".join(f"{k}:{v}\n" for k, v in signed)
    payload = dict((k.lower(), v) for k, v in headers).get("x-oss-content-sha256", "UNSIGNED-PAYLOAD")
    return "\n".join([method, uri, canon_query, canon_headers, ";".join(sorted(extra)), payload])


def string_to_sign(date_time: str, scope: str, canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{ALGORITHM}\n{date_time}\n{scope}\n{digest}"


def sign(secret: str, date: str, region: str, product: str, to_sign: str) -> str:
    key = ("aliyun_v4" + secret).encode()
    for part in (date, region, product, "aliyun_v4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def parse_authorization(value: str) -> dict[str, str]:
    """'OSS4-HMAC-SHA256 Credential=..., Signature=..., AdditionalHeaders=a;b' -> fields."""
    fields = {}
    for part in value[len(ALGORITHM):].split(","):
        name, _, val = part.strip().partition("=")
        if name:
            fields[name] = val
    return fields
