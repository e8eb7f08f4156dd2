"""Building SDK clients safely (for cloud/session.py and the services).

aliyunsdkcore picks its signer once, in `AcsClient.__init__`
(`SignerFactory.get_signer`), in this order: `ak=`/`secret=` arguments, then
the environment's `ALIYUN_ACCESS_KEY_ID`/`ALIYUN_ACCESS_KEY_SECRET`, then
`credential=`. So a `credential=StsTokenCredential(...)` is silently replaced
by whatever `ALIYUN_ACCESS_KEY_*` hold (and the token is dropped). It also
prints every request, `SecurityToken` included, to stderr when `DEBUG=sdk`
(read per request). The services code must therefore:

    from tui_export.cloud.credentials import sdk_env_guard, sdk_credential
    sdk_env_guard()                       # once, before importing aliyunsdkcore: drops DEBUG=sdk
    from aliyunsdkcore.client import AcsClient

    snap = resolved.current()
    with sdk_env_guard():                 # hides ALIYUN_ACCESS_KEY_* while the signer is chosen
        client = AcsClient(region_id=region, credential=sdk_credential(snap), ...)

and build a new client when `resolved.current()` returns a snapshot that
differs from the one the client was built with (`snap != client_snap`: an
STS refresh). Never pass `ak=`/`secret=` from anywhere else, never call
`client.set_stream_logger()`. For oss2 use `oss2.StsAuth(id, secret, token)`
when `snap.security_token` is set, else `oss2.Auth(id, secret)`; oss2 reads no
environment unless told to (`EnvironmentVariableCredentialsProvider`).
"""

from __future__ import annotations

import os
import threading

from tui_export.cloud.credential_values import Credentials

_SDK_ENV_KEYS = ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET")
_SDK_ENV_LOCK = threading.RLock()


def _drop_sdk_debug() -> None:
    # aliyunsdkcore prints each request (SecurityToken included) to stderr when DEBUG=sdk.
    value = os.environ.get("DEBUG")
    if value is not None and value.strip().lower() == "sdk":
        os.environ.pop("DEBUG", None)


class _SdkEnvGuard:
    """While active, ALIYUN_ACCESS_KEY_* are out of os.environ (restored on exit).

    Held under a process-wide lock so two threads building clients can't
    restore each other's view halfway.
    """

    def __enter__(self) -> _SdkEnvGuard:
        _SDK_ENV_LOCK.acquire()
        self._saved = {k: os.environ.pop(k) for k in _SDK_ENV_KEYS if k in os.environ}
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            for k, v in self._saved.items():
                os.environ[k] = v
        finally:
            _SDK_ENV_LOCK.release()


def sdk_env_guard() -> _SdkEnvGuard:
    """Call once before importing aliyunsdkcore (drops DEBUG=sdk); use `with` around AcsClient(...).

    See the module docstring for the exact recipe.
    """
    _drop_sdk_debug()
    return _SdkEnvGuard()


def sdk_credential(snap: Credentials):
    """The aliyunsdkcore credential object for a snapshot (AK or STS token)."""
    _drop_sdk_debug()
    from aliyunsdkcore.auth.credentials import AccessKeyCredential, StsTokenCredential

    if snap.security_token:
        return StsTokenCredential(snap.access_key_id, snap.access_key_secret, snap.security_token)
    return AccessKeyCredential(snap.access_key_id, snap.access_key_secret)
