"""RPC signature version 1.0 (HMAC-SHA1), as aliyunsdkcore computes it (docs/api.md, "RPC signature v1")."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote


def percent_encode(value: str) -> str:
    # RFC 3986: only A-Za-z0-9-_.~ stay; space -> %20, "*" -> %2A (quote does both).
    return quote(value, safe="~")


def string_to_sign(method: str, params: dict[str, str]) -> str:
    """METHOD&%2F&percentEncode(sorted k=v pairs), every parameter but Signature."""
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)
    return f"{method.upper()}&%2F&{percent_encode(canonical)}"


def sign(string: str, secret: str) -> str:
    digest = hmac.new((secret + "&").encode(), string.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signatures_match(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode())
