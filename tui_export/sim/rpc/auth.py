"""Who signed an RPC request: key lookup, STS token, timestamp skew, nonce reuse, signature v1."""

from __future__ import annotations

import calendar
import threading
import time

from tui_export.sim.keys import KeyRecord, KeyRegistry
from tui_export.sim.rpc.errors import RpcError, missing
from tui_export.sim.rpc.signature import sign, signatures_match, string_to_sign

MAX_SKEW_S = 15 * 60


def parse_timestamp(value: str) -> float:
    """"2026-11-27T00:14:38Z" -> unix seconds (fractions accepted, as some SDKs send them)."""
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return float(calendar.timegm(time.strptime(value, fmt)))
        except ValueError:
            continue
    raise RpcError("InvalidTimeStamp.Format")


class NonceBook:
    """Nonces seen in the last skew window, per key (older ones fail the timestamp check anyway)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], float] = {}
        self._next_prune = 0.0

    def first_use(self, access_key_id: str, nonce: str, now: float) -> bool:
        with self._lock:
            if now >= self._next_prune:
                cutoff = now - 2 * MAX_SKEW_S
                self._seen = {k: t for k, t in self._seen.items() if t >= cutoff}
                self._next_prune = now + 60
            if (access_key_id, nonce) in self._seen:
                return False
            self._seen[(access_key_id, nonce)] = now
            return True


def authenticate(method: str, params: dict[str, str], keys: KeyRegistry, nonces: NonceBook,
                 now: float | None = None) -> KeyRecord:
    """The key that signed `params`, or RpcError with the code the real gateway answers."""
    for name in ("AccessKeyId", "Signature", "SignatureNonce", "Timestamp"):
        if not params.get(name):
            raise missing(name)
    if params.get("SignatureMethod", "HMAC-SHA1") != "HMAC-SHA1" or params.get("SignatureVersion", "1.0") != "1.0":
        raise RpcError("IncompleteSignature")
    record = keys.lookup(params["AccessKeyId"])
    if record is None:
        raise RpcError("InvalidAccessKeyId.NotFound")
    if not record.enabled:
        raise RpcError("Forbidden.AccessKeyDisabled")
    now = time.time() if now is None else now
    if abs(now - parse_timestamp(params["Timestamp"])) > MAX_SKEW_S:
        raise RpcError("InvalidTimeStamp.Expired")
    expected_sts = string_to_sign(method, params)
    if not signatures_match(sign(expected_sts, record.secret), params["Signature"]):
        # The SDK compares the text after the last ":" with its own string to sign
        # (docs/sdk.md, "Errors as the SDK raises them").
        raise RpcError("SignatureDoesNotMatch", expected_sts)
    if record.token is not None:
        token = params.get("SecurityToken", "")
        if not token:
            raise RpcError("InvalidSecurityToken.Malformed")
        if token != record.token:
            raise RpcError("InvalidSecurityToken.MismatchWithAccessKey")
        if record.expired(now):
            raise RpcError("InvalidSecurityToken.Expired")
    if not nonces.first_use(record.access_key_id, params["SignatureNonce"], now):
        raise RpcError("SignatureNonceUsed")
    return record
