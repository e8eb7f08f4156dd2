"""Which Alibaba Cloud credentials the app uses, and where they came from.

    from tui_export.cloud.credentials import resolve
    found = resolve()                 # or resolve("prod")
    if not found:                     # NoCredentials: show the sign-in screen
        ...
    found.source                      # "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)", safe to print
    snap = found.current()            # Credentials: a fresh static snapshot; thread-safe

Order, unless a profile is named: environment -> the aliyun CLI's current
profile (`~/.aliyun/config.json`) -> profiles this app saved. A named profile
(the CLI's or the app's; prefix `cli:` / `saved:` to disambiguate) is what gets
used, full stop (ALIBABA_CLOUD_IGNORE_PROFILE only affects the unnamed
order). RamRoleArn and EcsRamRole profiles give a provider that refreshes at
80% of the credentials' lifetime; `resolve()` itself does no network I/O.

Something present but unusable raises a CredentialError subclass (its `code`
keys the UI's catalogue): UnsupportedProfileMode, ProfileNotFound,
IncompleteCredentials, CliConfigError, CredentialFetchError (on `current()`),
and from secret_store PassphraseRequired / PassphraseCancelled /
WrongPassphrase / KeyringUnavailable. Their texts never hold a secret.

Building SDK clients (for cloud/session.py and the services)
------------------------------------------------------------
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

No Textual here, ever.
"""

from __future__ import annotations

import calendar
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tui_export.cloud import paths

DEFAULT_METADATA_URL = "http://100.100.100.200"
DEFAULT_STS_DOMAIN = "sts.aliyuncs.com"
METADATA_TIMEOUT_S = 1.0
STS_TIMEOUT_S = 10.0
REFRESH_FRACTION = 0.8
DEFAULT_ROLE_SECONDS = 3600


# --------------------------------------------------------------------------- values


def mask_key_id(key_id: str | None) -> str:
    """`FAKE5tAbCdEfGh123` -> `FAKE**********123`; short ids are masked whole."""
    if not key_id:
        return ""
    if len(key_id) < 10:
        return "*" * len(key_id)
    return key_id[:4] + "*" * (len(key_id) - 7) + key_id[-3:]


@dataclass(frozen=True, repr=False)
class Credentials:
    """One static set of keys. `repr`/`str` never show the secret or the token."""

    access_key_id: str
    access_key_secret: str
    security_token: str | None = None
    region_id: str | None = None
    expiration: float | None = None   # unix time, for STS credentials

    def __repr__(self) -> str:
        token = "<hidden>" if self.security_token else None
        exp = f", expiration={self.expiration:.0f}" if self.expiration else ""
        return (
            f"Credentials(access_key_id={mask_key_id(self.access_key_id)!r}, access_key_secret=<hidden>, "
            f"security_token={token}, region_id={self.region_id!r}{exp})"
        )

    __str__ = __repr__

    @property
    def masked_id(self) -> str:
        return mask_key_id(self.access_key_id)

    def _secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.access_key_secret, self.security_token) if s)


# --------------------------------------------------------------------------- errors


class CredentialError(Exception):
    """Base of every credential problem. `str()` is safe to show: no secrets.

    `code` is a stable key for the UI's message catalogue; `detail` holds the
    values (profile name, mode, variable) a translated message can use.
    """

    code = "credentials.error"

    def __init__(self, message: str, **detail: object) -> None:
        super().__init__(message)
        self.detail = detail


class UnsupportedProfileMode(CredentialError):
    code = "credentials.unsupported_mode"


class ProfileNotFound(CredentialError):
    code = "credentials.profile_not_found"


class IncompleteCredentials(CredentialError):
    code = "credentials.incomplete"


class CliConfigError(CredentialError):
    code = "credentials.cli_config"


class CredentialFetchError(CredentialError):
    """STS AssumeRole or the ECS metadata service did not hand out credentials."""

    code = "credentials.fetch_failed"

    def __init__(self, message: str, *, error_code: str = "", request_id: str = "",
                 http_status: int | None = None, **detail: object) -> None:
        super().__init__(message, **detail)
        self.error_code = error_code
        self.request_id = request_id
        self.http_status = http_status


def _scrub(text: str, *secrets: str | None) -> str:
    """Remove secrets (raw or URL-encoded) and any echoed string to sign from text that came
    from elsewhere; the one rule for that lives in cloud/errors.py."""
    from tui_export.cloud.errors import scrub

    return scrub(text, tuple(s for s in secrets if s))


# --------------------------------------------------------------------------- providers


class CredentialsProvider(Protocol):
    def current(self) -> Credentials: ...


class StaticProvider:
    def __init__(self, creds: Credentials) -> None:
        self._creds = creds

    def current(self) -> Credentials:
        return self._creds

    def __repr__(self) -> str:
        return f"StaticProvider({self._creds!r})"


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


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ResolvedCredentials:
    """Credentials found, with the source in words safe to print."""

    source: str
    provider: CredentialsProvider
    kind: str                          # "environment" | "cli" | "saved" | "session"
    profile: str | None = None
    region_id: str | None = None
    warnings: tuple[str, ...] = ()

    def current(self) -> Credentials:
        return self.provider.current()

    @property
    def credentials(self) -> Credentials:
        return self.provider.current()

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True)
class NoCredentials:
    """Nothing found: the UI shows its sign-in screen. Falsy."""

    checked: tuple[str, ...] = ()
    saved_profiles: tuple[str, ...] = ()   # several saved, none current: let the user pick
    source: str = "none"

    def __bool__(self) -> bool:
        return False


# --------------------------------------------------------------------------- environment

# (id, secret, token, region names) per family, first complete family wins.
ENV_FAMILIES: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
     ("ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_REGION")),
    ("ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_SECURITY_TOKEN",
     ("ALIBABACLOUD_REGION_ID", "ALIBABACLOUD_REGION")),
    ("ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN",
     ("ALICLOUD_REGION_ID", "ALICLOUD_REGION")),
    ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", None, ()),
    # Terraform's provider names.
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", ("ALICLOUD_REGION",)),
)
_ANY_REGION = tuple(r for fam in ENV_FAMILIES for r in fam[3])


def _from_env(env: Mapping[str, str]) -> ResolvedCredentials | None:
    for id_var, secret_var, token_var, region_vars in ENV_FAMILIES:
        has_id, has_secret = bool(env.get(id_var)), bool(env.get(secret_var))
        if not (has_id or has_secret):
            continue
        if not (has_id and has_secret):
            missing = secret_var if has_id else id_var
            present = id_var if has_id else secret_var
            raise IncompleteCredentials(f"{present} is set but {missing} is not", variable=missing)
        region = next((env[r] for r in region_vars + _ANY_REGION if env.get(r)), None)
        creds = Credentials(env[id_var], env[secret_var],
                            (env.get(token_var) or None) if token_var else None, region)
        return ResolvedCredentials(f"environment ({id_var})", StaticProvider(creds), "environment",
                                   region_id=region)
    return None


# --------------------------------------------------------------------------- aliyun CLI

SUPPORTED_CLI_MODES = ("AK", "StsToken", "RamRoleArn", "EcsRamRole")
_PROFILE_ENV = ("ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE")


def default_cli_config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    home = env.get("HOME") or env.get("USERPROFILE")
    return (Path(home) if home else Path.home()) / ".aliyun" / "config.json"


def _load_cli_config(path: Path, env: Mapping[str, str]) -> dict | None:
    """Checked whole (types, modes): a damaged file is one CliConfigError naming the field."""
    from tui_export.cloud.cli_config import read_cli_config

    return read_cli_config(path, CliConfigError, env=env)


def _cli_profiles(data: dict) -> dict[str, dict]:
    out = {}
    for p in data.get("profiles") or []:
        if isinstance(p, dict) and p.get("name"):
            out[str(p["name"])] = p
    return out


@dataclass
class _Options:
    env: Mapping[str, str]
    sts_endpoint: str | None
    metadata_url: str | None
    metadata_timeout_s: float
    clock: Callable[[], float]
    extra_checked: list[str] = field(default_factory=list)


def _cli_profile_resolved(name: str, p: dict, where: str, opts: _Options) -> ResolvedCredentials | None:
    """A CLI profile -> provider. None when an AK profile is simply empty (fresh `default`)."""
    mode_raw = str(p.get("mode") or "")
    mode = {m.lower(): m for m in SUPPORTED_CLI_MODES}.get(mode_raw.lower())
    if mode_raw == "":
        mode = "AK"   # very old configs have no mode
    if mode is None:
        raise UnsupportedProfileMode(
            f"aliyun CLI profile '{name}' uses mode {mode_raw}, which tui-export does not support "
            f"(supported: {', '.join(SUPPORTED_CLI_MODES)}). Set ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, "
            f"pick another profile, or sign in with an AccessKey.",
            mode=mode_raw, profile=name)
    region = str(p.get("region_id") or "") or None
    source = f"aliyun CLI profile '{name}' ({where})"
    ak, sk = str(p.get("access_key_id") or ""), str(p.get("access_key_secret") or "")

    def need(*fields: str) -> None:
        missing = [f for f in fields if not p.get(f)]
        if missing:
            raise IncompleteCredentials(
                f"aliyun CLI profile '{name}' (mode {mode}) has no {', '.join(missing)}",
                profile=name, mode=mode, fields=missing)

    if mode == "AK":
        if not ak and not sk:
            return None
        need("access_key_id", "access_key_secret")
        provider: CredentialsProvider = StaticProvider(Credentials(ak, sk, None, region))
    elif mode == "StsToken":
        need("access_key_id", "access_key_secret", "sts_token")
        provider = StaticProvider(Credentials(ak, sk, str(p["sts_token"]), region))
    elif mode == "RamRoleArn":
        need("access_key_id", "access_key_secret", "ram_role_arn")
        sts_region = str(p.get("sts_region") or "")
        endpoint = (opts.sts_endpoint or _env_or_config_endpoint("sts", opts.env)
                    or (f"sts.{sts_region}.aliyuncs.com" if sts_region else DEFAULT_STS_DOMAIN))
        try:
            duration = int(p.get("expired_seconds") or 0)
        except (TypeError, ValueError):
            duration = 0
        provider = RamRoleArnProvider(
            Credentials(ak, sk, str(p.get("sts_token") or "") or None, region), str(p["ram_role_arn"]),
            session_name=str(p.get("ram_session_name") or ""), duration_s=duration,
            sts_endpoint=endpoint, region_id=region, clock=opts.clock)
        source = f"aliyun CLI profile '{name}' ({where}, RamRoleArn via STS AssumeRole)"
    else:  # EcsRamRole
        provider = EcsRamRoleProvider(
            str(p.get("ram_role_name") or ""), metadata_url=_metadata_url(opts),
            timeout_s=opts.metadata_timeout_s, region_id=region, clock=opts.clock)
        source = f"aliyun CLI profile '{name}' ({where}, EcsRamRole via the ECS metadata service)"
    return ResolvedCredentials(source, provider, "cli", profile=name, region_id=region)


def _metadata_url(opts: _Options) -> str:
    return (opts.metadata_url or opts.env.get("TUI_EXPORT_ECS_METADATA_URL")
            or _env_or_config_endpoint("metadata", opts.env) or DEFAULT_METADATA_URL)


def _env_or_config_endpoint(key: str, env: Mapping[str, str]) -> str | None:
    from tui_export.cloud.config import endpoint_override
    return endpoint_override(key, env=env)


def _from_cli(path: Path, opts: _Options, *, named: str | None) -> ResolvedCredentials | None:
    env = opts.env
    where = paths.display_path(path, env=env)
    data = _load_cli_config(path, env)
    if data is None:
        opts.extra_checked.append(f"aliyun CLI config {where} (not found)")
        return None
    profiles = _cli_profiles(data)
    if named is not None:
        p = profiles.get(named)
        if p is None:
            return None
        found = _cli_profile_resolved(named, p, where, opts)
        if found is None:
            raise IncompleteCredentials(f"aliyun CLI profile '{named}' has no AccessKey", profile=named)
        return found
    name = str(data.get("current") or "") or "default"
    env_name = next((env[v] for v in _PROFILE_ENV if env.get(v)), None)
    if env_name and name == "default":
        name = env_name
        if name not in profiles:
            raise ProfileNotFound(f"aliyun CLI profile '{name}' (from ALIBABA_CLOUD_PROFILE) is not in {where}",
                                  profile=name)
    p = profiles.get(name)
    if p is None:
        opts.extra_checked.append(f"aliyun CLI config {where} (no profile '{name}')")
        return None
    found = _cli_profile_resolved(name, p, where, opts)
    if found is None:
        opts.extra_checked.append(f"aliyun CLI profile '{name}' ({where}, empty)")
    return found


# --------------------------------------------------------------------------- saved by this app


def _from_saved(named: str | None, passphrase_provider, opts: _Options) -> ResolvedCredentials | NoCredentials | None:
    from tui_export.cloud import secret_store
    from tui_export.cloud.config import ConfigError, load_config

    try:
        cfg = load_config(env=opts.env)
    except ConfigError as e:
        from tui_export.cloud.bad_input import problem_of, with_problem

        problem = problem_of(e)
        raise (with_problem(CredentialError, problem) if problem else CredentialError(str(e))) from None
    available = sorted(set(cfg.profiles) | set(secret_store.session_profile_names()))
    if named is None:
        if cfg.current_profile in available:
            named = cfg.current_profile
        elif len(available) == 1:
            named = available[0]
        elif available:
            return NoCredentials(saved_profiles=tuple(available))
        else:
            opts.extra_checked.append("profiles saved by tui-export (none)")
            return None
    if named not in available:
        return None
    creds, source = secret_store.load_profile_with_source(named, passphrase_provider, env=opts.env, cfg=cfg)
    kind = "session" if source.startswith("profile") else "saved"
    return ResolvedCredentials(source, StaticProvider(creds), kind, profile=named, region_id=creds.region_id)


# --------------------------------------------------------------------------- resolve


def resolve(
    profile: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cli_config_path: str | Path | None = None,
    passphrase_provider: Callable[[bool], str | None] | None = None,
    sts_endpoint: str | None = None,
    metadata_url: str | None = None,
    metadata_timeout_s: float = METADATA_TIMEOUT_S,
    clock: Callable[[], float] = time.time,
) -> ResolvedCredentials | NoCredentials:
    """Find the credentials to use. No network I/O: role providers fetch on first `current()`.

    Raises a CredentialError subclass when something is there but unusable
    (unsupported CLI mode, half-set environment, unreadable file, wrong
    passphrase); returns NoCredentials when there is simply nothing.
    """
    env = os.environ if env is None else env
    opts = _Options(env, sts_endpoint, metadata_url, metadata_timeout_s, clock)
    cli_path = Path(cli_config_path) if cli_config_path else default_cli_config_path(env)

    if profile:
        scope, _, name = profile.partition(":")
        if not name or scope not in ("cli", "saved"):
            scope, name = "", profile
        found = None
        if scope in ("", "cli"):
            found = _from_cli(cli_path, opts, named=name)
        if found is None and scope in ("", "saved"):
            found = _from_saved(name, passphrase_provider, opts)
        if not found:
            raise ProfileNotFound(
                f"no profile named '{name}' in {paths.display_path(cli_path, env=env)} or in tui-export's saved profiles",
                profile=name)
        return _with_env_warnings(found, env)

    checked = ["environment"]
    found = _from_env(env)
    if found is None:
        if str(env.get("ALIBABA_CLOUD_IGNORE_PROFILE", "")).upper() == "TRUE":
            checked.append("aliyun CLI config (skipped: ALIBABA_CLOUD_IGNORE_PROFILE=TRUE)")
        else:
            found = _from_cli(cli_path, opts, named=None)
    if found is None:
        found = _from_saved(None, passphrase_provider, opts)
    if isinstance(found, NoCredentials):
        return NoCredentials(tuple(checked + opts.extra_checked), found.saved_profiles)
    if found is None:
        return NoCredentials(tuple(checked + opts.extra_checked))
    return _with_env_warnings(found, env)


def _with_env_warnings(found: ResolvedCredentials, env: Mapping[str, str]) -> ResolvedCredentials:
    # Tell the user the SDK's own env keys are present but not what we use.
    if found.kind != "environment" and env.get("ALIYUN_ACCESS_KEY_ID"):
        w = ("ALIYUN_ACCESS_KEY_ID is set in the environment; tui-export ignores it and uses "
             f"{found.source}")
        return ResolvedCredentials(found.source, found.provider, found.kind, found.profile,
                                   found.region_id, found.warnings + (w,))
    return found


# --------------------------------------------------------------------------- SDK environment

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
