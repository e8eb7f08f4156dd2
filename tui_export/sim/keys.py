"""The AccessKeys and STS tokens the embedded cloud accepts.

Shared by the RPC and OSS servers: both ask `lookup()` for the secret that
signs a request and whether the key (or its STS token) is still good.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

# Fixed, fake, and obviously so: these never resemble a real key (real ids start with LTAI).
DEMO_ACCESS_KEY_ID = "SIMDEMOKEY-not-a-real-key"
DEMO_ACCESS_KEY_SECRET = "sim-demo-secret-not-a-real-secret"


@dataclass(frozen=True)
class KeyRecord:
    access_key_id: str
    secret: str
    token: str | None = None       # STS keys must present this token
    expires_at: float | None = None  # unix time; None = never
    enabled: bool = True

    def expired(self, now: float | None = None) -> bool:
        return self.expires_at is not None and (now or time.time()) >= self.expires_at


class KeyRegistry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, KeyRecord] = {}

    def add(self, record: KeyRecord) -> KeyRecord:
        with self._lock:
            self._keys[record.access_key_id] = record
        return record

    def lookup(self, access_key_id: str) -> KeyRecord | None:
        with self._lock:
            return self._keys.get(access_key_id)

    def issue_sts(self, ttl_s: float = 3600.0) -> KeyRecord:
        """A temporary key, as STS AssumeRole hands out (ids start with STS.)."""
        record = KeyRecord(
            access_key_id="STS.sim" + secrets.token_hex(8),
            secret=secrets.token_urlsafe(24),
            token="sim-sts-token-" + secrets.token_urlsafe(32),
            expires_at=time.time() + ttl_s,
        )
        return self.add(record)

    def disable(self, access_key_id: str) -> None:
        with self._lock:
            rec = self._keys[access_key_id]
            self._keys[access_key_id] = KeyRecord(rec.access_key_id, rec.secret, rec.token, rec.expires_at, False)


def demo_keys() -> KeyRegistry:
    """A registry holding the fixed demo key (what an EmbeddedCloud starts with)."""
    keys = KeyRegistry()
    keys.add(KeyRecord(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET))
    return keys
