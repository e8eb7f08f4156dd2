"""Where each service lives: the real endpoints over HTTPS, or overrides.

Real: `https://ecs.<region>.aliyuncs.com`, `https://ram.aliyuncs.com`,
`https://oss-<region>.aliyuncs.com` (`-internal` on request). Overrides come from
arguments or the environment (`TUI_EXPORT_ECS_ENDPOINT`, `TUI_EXPORT_RAM_ENDPOINT`,
`TUI_EXPORT_OSS_ENDPOINT`, `TUI_EXPORT_OSS_INTERNAL=1`, `TUI_EXPORT_OSS_CNAME`) —
the embedded cloud is just a set of overrides. Every URL returned carries its
scheme: aliyunsdkcore then uses it as is and never falls back to its default plain HTTP
(docs/sdk.md, "Endpoints as URLs").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Mapping
from urllib.parse import urlsplit

# EndpointError and check_endpoint are imported from here too (info, endpoint_flags)
from tui_export.cloud.endpoint_urls import EndpointError, check_endpoint, with_scheme  # noqa: F401

ENV_ECS = "TUI_EXPORT_ECS_ENDPOINT"
ENV_RAM = "TUI_EXPORT_RAM_ENDPOINT"
ENV_STS = "TUI_EXPORT_STS_ENDPOINT"
ENV_OSS = "TUI_EXPORT_OSS_ENDPOINT"
ENV_OSS_INTERNAL = "TUI_EXPORT_OSS_INTERNAL"
ENV_OSS_CNAME = "TUI_EXPORT_OSS_CNAME"

ENV_METADATA_URL = "TUI_EXPORT_ECS_METADATA_URL"

# Every endpoint setting: (environment variable, command-line flag or None).
ENDPOINT_SETTINGS = (
    (ENV_ECS, "--ecs-endpoint"),
    (ENV_RAM, "--ram-endpoint"),
    (ENV_STS, None),
    (ENV_OSS, "--oss-endpoint"),
    (ENV_METADATA_URL, None),
)


def check_endpoint_settings(env: Mapping[str, str], flags: Mapping[str, str | None] | None = None) -> None:
    """Every endpoint setting, from flags (named as typed) and the environment (named by
    variable): EndpointError for the first that is wrong."""
    flags = flags or {}
    for var, flag in ENDPOINT_SETTINGS:
        if flag and flags.get(flag):
            check_endpoint(flags[flag], flag)   # type: ignore[arg-type]
        elif env.get(var):
            check_endpoint(env[var], var)
    for flag, value in (("--oss-cname", flags.get("--oss-cname")), (ENV_OSS_CNAME, env.get(ENV_OSS_CNAME))):
        if value:
            check_cnames(value, flag)
            break


def check_cnames(spec: str, flag: str) -> None:
    for part in spec.replace(";", ",").split(","):
        name, eq, domain = part.strip().partition("=")
        if part.strip():
            check_endpoint(domain if eq and "://" not in name and "/" not in name else part, flag)


def scheme_of(url: str) -> str:
    return urlsplit(url).scheme or "https"


def _config_endpoints(env: Mapping[str, str]) -> Mapping[str, str]:
    """The endpoints of the app's config file (cloud/config.py, checked when read); a damaged
    file is said where it is read for the profiles (sign-in, `info`), not here."""
    from tui_export.cloud.config import ConfigError, load_config

    try:
        return load_config(env=env).endpoints
    except ConfigError:
        return {}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def parse_cnames(spec: str | None) -> tuple[str | None, dict[str, str]]:
    """`"files.example.com"` -> (domain for every bucket, {});
    `"b1=d1.example.com,b2=d2.example.com"` -> (None, {"b1": "https://d1...", ...})."""
    if not spec or not spec.strip():
        return None, {}
    default: str | None = None
    per_bucket: dict[str, str] = {}
    for part in spec.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        name, eq, domain = part.partition("=")
        if eq and "://" not in name and "/" not in name:
            per_bucket[name.strip()] = with_scheme(domain)
        else:
            default = with_scheme(part)
    return default, per_bucket


def _is_loopback(url: str) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def _with_host(url: str, host: str) -> str:
    parts = urlsplit(url)
    netloc = host + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


@dataclass(frozen=True)
class Endpoints:
    ecs: str | None = None            # override for every region, e.g. "http://127.0.0.1:18080"
    ram: str | None = None
    sts: str | None = None
    oss: str | None = None            # override for every region (bucket ops and objects)
    oss_internal: bool = False        # use oss-<region>-internal (from an ECS instance)
    oss_cname: str | None = None      # custom domain for object reads (PublicEndpointForbidden)
    oss_cnames: Mapping[str, str] = field(default_factory=dict)   # per bucket
    sim: bool = False                 # the embedded cloud (create_bucket sends its region header)
    default_region: str = "cn-hangzhou"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "Endpoints":
        """Arguments win over the environment; None arguments are ignored.
        A setting that can't be an endpoint raises EndpointError."""
        env = os.environ if env is None else env
        check_endpoint_settings(env)
        cname_default, cname_map = parse_cnames(env.get(ENV_OSS_CNAME))
        saved = _config_endpoints(env)   # the config file's, under the environment's
        values = dict(
            ecs=env.get(ENV_ECS) or saved.get("ecs"),
            ram=env.get(ENV_RAM) or saved.get("ram"),
            sts=env.get(ENV_STS) or saved.get("sts"),
            oss=env.get(ENV_OSS) or saved.get("oss"),
            oss_internal=_truthy(env.get(ENV_OSS_INTERNAL)),
            oss_cname=cname_default,
            oss_cnames=cname_map,
        )
        if overrides.get("oss_cname"):
            d, m = parse_cnames(overrides.pop("oss_cname"))
            values["oss_cname"], values["oss_cnames"] = d, {**cname_map, **m}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).normalized()

    def normalized(self) -> "Endpoints":
        fix = lambda u: with_scheme(u) if u else None  # noqa: E731
        return replace(self, ecs=fix(self.ecs), ram=fix(self.ram), sts=fix(self.sts), oss=fix(self.oss),
                       oss_cname=fix(self.oss_cname))

    # --- RPC -------------------------------------------------------------------------
    def ecs_url(self, region_id: str) -> str:
        return self.ecs or f"https://ecs.{region_id}.aliyuncs.com"

    def ram_url(self) -> str:
        return self.ram or "https://ram.aliyuncs.com"

    def sts_url(self) -> str:
        return self.sts or "https://sts.aliyuncs.com"

    # --- OSS -------------------------------------------------------------------------
    def oss_region_url(self, region_id: str, *, internal: bool | None = None) -> str:
        """The endpoint for bucket operations and (without a CNAME) object operations."""
        if self.oss:
            return self.oss
        internal = self.oss_internal if internal is None else internal
        return f"https://oss-{region_id}{'-internal' if internal else ''}.aliyuncs.com"

    def oss_service_url(self) -> str:
        """ListBuckets answers on any endpoint (docs/api.md, "OSS endpoints")."""
        return self.oss_region_url(self.default_region)

    def cname_for(self, bucket: str) -> str | None:
        return self.oss_cnames.get(bucket) or self.oss_cname

    def oss_object_url(self, bucket: str, region_id: str) -> tuple[str, bool]:
        """(endpoint, is_cname) for object operations on `bucket`.

        A loopback "custom domain" can only be a local stand-in (the embedded cloud, a
        proxy): those serve path-style `/bucket/key`, so it is used as a plain endpoint.
        The embedded cloud also takes `localhost:PORT` as its internal endpoint.
        """
        cname = self.cname_for(bucket)
        if cname:
            return cname, not _is_loopback(cname)
        if self.oss:
            if self.sim and self.oss_internal:
                return _with_host(self.oss, "localhost"), False
            return self.oss, False
        return self.oss_region_url(region_id), False
