"""Credentials that expire and are fetched again: STS AssumeRole (the aliyun CLI's RamRoleArn
mode) and the ECS instance's RAM role (EcsRamRole). Each fetches on first use and again at
80% of the lifetime; `resolve()` itself does no network I/O."""

from __future__ import annotations

import calendar
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from tui_export.cloud.credential_errors import CredentialError, CredentialFetchError, _scrub
from tui_export.cloud.credential_values import Credentials
from tui_export.cloud.sdk_env import sdk_env_guard

DEFAULT_METADATA_URL = "http://100.100.100.200"
DEFAULT_STS_DOMAIN = "sts.aliyuncs.com"
METADATA_TIMEOUT_S = 1.0
STS_TIMEOUT_S = 10.0
REFRESH_FRACTION = 0.8
DEFAULT_ROLE_SECONDS = 3600


class _RefreshingProvider:
    """Fetches on first use, again at 80% of the lifetime; thread-safe.

    If a refresh fails while the old credentials are still valid, the old ones
    are kept (the next call tries again); once expired, the error surfaces.
    """

    default_lifetime_s: float = DEFAULT_ROLE_SECONDS

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._snap: Credentials | None = None
        self._refresh_at = 0.0
        self.fetch_count = 0

    def _fetch(self) -> Credentials:  # pragma: no cover - abstract
        raise NotImplementedError

    def current(self) -> Credentials:
        with self._lock:
            now = self._clock()
            if self._snap is not None and now < self._refresh_at:
                return self._snap
            try:
                snap = self._fetch()
            except CredentialError:
                old = self._snap
                if old is not None and (old.expiration is None or now < old.expiration - 5):
                    return old
                raise
            self.fetch_count += 1
            lifetime = (snap.expiration - now) if snap.expiration else self.default_lifetime_s
            self._snap = snap
            self._refresh_at = now + REFRESH_FRACTION * max(lifetime, 0.0)
            return snap


def _parse_expiration(value: object) -> float | None:
    """'2026-11-27T04:20:00Z' -> unix time."""
    if not isinstance(value, str) or not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return float(calendar.timegm(time.strptime(value, fmt)))
        except ValueError:
            continue
    return None


class RamRoleArnProvider(_RefreshingProvider):
    """STS AssumeRole (product Sts, 2015-04-01), signed with the profile's own key."""

    def __init__(self, base: Credentials, role_arn: str, *, session_name: str = "",
                 duration_s: int = DEFAULT_ROLE_SECONDS, sts_endpoint: str | None = None,
                 region_id: str | None = None, timeout_s: float = STS_TIMEOUT_S,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(clock=clock)
        self._base = base
        self.role_arn = role_arn
        self.session_name = session_name or f"tui-export-{int(time.time())}"
        self.duration_s = int(duration_s) if duration_s and int(duration_s) > 0 else DEFAULT_ROLE_SECONDS
        self.default_lifetime_s = self.duration_s
        self.sts_endpoint = sts_endpoint or DEFAULT_STS_DOMAIN
        self.region_id = region_id
        self.timeout_s = timeout_s

    def __repr__(self) -> str:
        return f"RamRoleArnProvider(role_arn={self.role_arn!r}, base={self._base!r})"

    def _fetch(self) -> Credentials:
        sdk_env_guard()
        from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
        from aliyunsdkcore.client import AcsClient
        from aliyunsdkcore.request import CommonRequest

        base = self._base
        # ak=/secret= always win over ALIYUN_ACCESS_KEY_* in the SDK.
        client = AcsClient(ak=base.access_key_id, secret=base.access_key_secret,
                           region_id=self.region_id or "cn-hangzhou", auto_retry=False,
                           connect_timeout=min(5, self.timeout_s), timeout=self.timeout_s)
        req = CommonRequest(domain=self.sts_endpoint, version="2015-04-01", action_name="AssumeRole", product="Sts")
        req.set_method("POST")
        req.set_protocol_type("https")      # a scheme in the endpoint (the embedded cloud's http://) wins
        req.set_accept_format("JSON")
        req.add_query_param("RoleArn", self.role_arn)
        req.add_query_param("RoleSessionName", self.session_name)
        req.add_query_param("DurationSeconds", str(self.duration_s))
        if base.security_token:
            req.add_query_param("SecurityToken", base.security_token)
        hide = (*base._secrets(), base.access_key_id)   # STS echoes the key id in its string to sign
        try:
            body = client.do_action_with_exception(req)
        except ServerException as e:
            raise CredentialFetchError(
                _scrub(f"STS AssumeRole for {self.role_arn} failed: {e.get_error_code()}: {e.get_error_msg()}", *hide),
                error_code=e.get_error_code() or "", request_id=e.get_request_id() or "",
                http_status=e.get_http_status(), role_arn=self.role_arn) from None
        except ClientException as e:
            raise CredentialFetchError(
                _scrub(f"STS AssumeRole for {self.role_arn} failed: {e.get_error_code()}: {e.get_error_msg()}", *hide),
                error_code=e.get_error_code() or "", role_arn=self.role_arn) from None
        return _credentials_from_json(body, "Credentials", f"STS AssumeRole for {self.role_arn}", self.region_id)


def _credentials_from_json(body: bytes, key: str | None, what: str, region_id: str | None) -> Credentials:
    try:
        data = json.loads(body.decode("utf-8"))
        c = data[key] if key else data
        return Credentials(
            access_key_id=str(c["AccessKeyId"]), access_key_secret=str(c["AccessKeySecret"]),
            security_token=str(c["SecurityToken"]) if c.get("SecurityToken") else None,
            region_id=region_id, expiration=_parse_expiration(c.get("Expiration")))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise CredentialFetchError(f"{what}: the answer did not hold credentials") from None


class EcsRamRoleProvider(_RefreshingProvider):
    """The ECS instance's RAM role, from the metadata service (short timeout).

    Tries the hardened-mode token (PUT /latest/api/token) first and goes on
    without it if the service doesn't offer one.
    """

    def __init__(self, role_name: str = "", *, metadata_url: str | None = None,
                 timeout_s: float = METADATA_TIMEOUT_S, region_id: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(clock=clock)
        self.role_name = role_name
        self.metadata_url = (metadata_url or DEFAULT_METADATA_URL).rstrip("/")
        self.timeout_s = min(timeout_s, METADATA_TIMEOUT_S)
        self.region_id = region_id
        # Never through a proxy: the metadata address is link-local.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def __repr__(self) -> str:
        return f"EcsRamRoleProvider(role_name={self.role_name!r}, metadata_url={self.metadata_url!r})"

    def _get(self, path: str, token: str | None) -> bytes:
        req = urllib.request.Request(self.metadata_url + path)
        if token:
            req.add_header("X-aliyun-ecs-metadata-token", token)
        with self._opener.open(req, timeout=self.timeout_s) as resp:
            return resp.read()

    def _token(self) -> str | None:
        req = urllib.request.Request(self.metadata_url + "/latest/api/token", method="PUT",
                                     headers={"X-aliyun-ecs-metadata-token-ttl-seconds": "21600"})
        try:
            with self._opener.open(req, timeout=self.timeout_s) as resp:
                return resp.read().decode("ascii").strip() or None
        except (urllib.error.HTTPError, UnicodeDecodeError):
            return None  # the service answered but offers no token: go on without
        # Connection errors and timeouts propagate: no point waiting a second time.

    def _fetch(self) -> Credentials:
        base = "/latest/meta-data/ram/security-credentials/"
        what = f"ECS metadata service {self.metadata_url}"
        try:
            token = self._token()
            role = self.role_name
            if not role:
                role = self._get(base, token).decode("utf-8").strip().splitlines()[0].strip()
            body = self._get(base + urllib.parse.quote(role, safe=""), token)
        except urllib.error.HTTPError as e:
            raise CredentialFetchError(f"{what}: HTTP {e.code} for role {self.role_name or '(discovered)'}",
                                       http_status=e.code, role=self.role_name) from None
        except (urllib.error.URLError, OSError, IndexError, UnicodeDecodeError) as e:
            reason = getattr(e, "reason", e)
            raise CredentialFetchError(f"{what} not reachable ({reason}); is this an ECS instance?",
                                       role=self.role_name) from None
        try:
            code = json.loads(body.decode("utf-8")).get("Code", "Success")
        except (ValueError, AttributeError):
            code = "?"
        if code != "Success":
            raise CredentialFetchError(f"{what}: role {role} answered {code}", error_code=str(code), role=role)
        return _credentials_from_json(body, None, what, self.region_id)
