"""OSS signature V2 (OSS2, HMAC-SHA256, base64), server side, as oss2's ProviderAuthV2 signs.

    VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedOSSHeaders AdditionalHeaderNames \n Resource

Headers part: x-oss-* plus the additional headers, lower-case, sorted, "name:value\\n" each.
Resource: every character but A-Za-z0-9_-~. percent-encoded ("/" too) in "/bucket/key",
then "?" and *all* query parameters (encoded, sorted, bare names for empty values).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Iterable, Mapping

from .auth_v4 import uri_encode


def string_to_sign(method: str, bucket: str | None, key: str, query: Mapping[str, str],
                   headers: Iterable[tuple[str, str]], additional: list[str], date: str) -> str:
    headers = list(headers)
    lower = {k.lower(): v for k, v in headers}
    extra = set(additional)
    canon = sorted((k.lower(), v) for k, v in headers if k.lower().startswith("x-oss-") or k.lower() in extra)
    resource = uri_encode(f"/{bucket}/{key}" if bucket else "/", False)
    params = sorted((uri_encode(k, False), uri_encode(v, False)) for k, v in query.items())
    if params:
        resource += "?" + "&".join(f"{k}={v}" if v else k for k, v in params)
    return (f"{method}\n{lower.get('content-md5', '')}\n{lower.get('content-type', '')}\n{date}\n"
            + "".join(f"{k}:{v}\n" for k, v in canon) + ";".join(sorted(extra)) + "\n" + resource)


def sign(secret: str, to_sign: str) -> str:
    digest = hmac.new(secret.encode(), to_sign.encode("utf-8", "surrogateescape"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def parse_authorization(value: str) -> dict[str, str]:
    """'OSS2 AccessKeyId:ak,AdditionalHeaders:range,Signature:sig' -> fields."""
    fields = {}
    for part in value[len("OSS2 "):].split(","):
        name, _, val = part.strip().partition(":")
        fields[name] = val
    return fields
