"""Which Alibaba Cloud credentials the app uses, and where they came from.

    from tui_export.cloud.credentials import resolve
    found = resolve()                 # or resolve("prod")
    if not found:                     # NoCredentials: show the sign-in screen
        ...
    found.source                      # ("source.env", {"variable": "ALIBABA_CLOUD_ACCESS_KEY_ID"}):
                                      # a catalogue key and values, worded by core.i18n.t_item
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

The pieces, each in its own file: credential_values.py (Credentials, the
providers' protocol, ResolvedCredentials / NoCredentials), credential_errors.py,
role_providers.py (RamRoleArn, EcsRamRole), credentials_env.py, cli_profiles.py,
the app's saved profiles in secret_store.py, and sdk_env.py (how SDK clients are
built without the environment replacing the chosen key). Their names are
re-exported here: `from tui_export.cloud.credentials import ...` keeps working.

No Textual here, ever.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from tui_export.cloud import paths
from tui_export.cloud.cli_profiles import (  # noqa: F401  (re-exported)
    SUPPORTED_CLI_MODES, ResolveOptions, default_cli_config_path, from_cli,
)
from tui_export.cloud.credential_errors import (  # noqa: F401  (re-exported)
    CliConfigError, CredentialError, CredentialFetchError, IncompleteCredentials, ProfileNotFound,
    UnsupportedProfileMode,
)
from tui_export.cloud.credential_values import (  # noqa: F401  (re-exported)
    Credentials, CredentialsProvider, NoCredentials, ResolvedCredentials, StaticProvider, mask_key_id,
)
from tui_export.cloud.credentials_env import ENV_FAMILIES, from_env  # noqa: F401  (re-exported)
from tui_export.cloud.role_providers import (  # noqa: F401  (re-exported)
    DEFAULT_METADATA_URL, DEFAULT_ROLE_SECONDS, DEFAULT_STS_DOMAIN, METADATA_TIMEOUT_S, REFRESH_FRACTION,
    STS_TIMEOUT_S, EcsRamRoleProvider, RamRoleArnProvider,
)
from tui_export.cloud.sdk_env import sdk_credential, sdk_env_guard  # noqa: F401  (re-exported)


# --------------------------------------------------------------------------- saved by this app


def _from_saved(named: str | None, passphrase_provider,
                opts: ResolveOptions) -> ResolvedCredentials | NoCredentials | None:
    from tui_export.cloud import secret_store   # lazily: keyring loads only when a saved profile is looked at
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
            opts.extra_checked.append(("looked.saved_none", {}))
            return None
    if named not in available:
        return None
    creds, source = secret_store.load_profile_with_source(named, passphrase_provider, env=opts.env, cfg=cfg)
    kind = "session" if source[0] == "source.session" else "saved"
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
    opts = ResolveOptions(env, sts_endpoint, metadata_url, metadata_timeout_s, clock)
    cli_path = Path(cli_config_path) if cli_config_path else default_cli_config_path(env)

    if profile:
        scope, _, name = profile.partition(":")
        if not name or scope not in ("cli", "saved"):
            scope, name = "", profile
        found = None
        if scope in ("", "cli"):
            found = from_cli(cli_path, opts, named=name)
        if found is None and scope in ("", "saved"):
            found = _from_saved(name, passphrase_provider, opts)
        if not found:
            raise ProfileNotFound(
                f"no profile named '{name}' in {paths.display_path(cli_path, env=env)} or in tui-export's saved profiles",
                profile=name)
        return _with_env_warnings(found, env)

    checked = [("looked.environment", {})]   # where we looked, as catalogue keys (the UI words them)
    found = from_env(env)
    if found is None:
        if str(env.get("ALIBABA_CLOUD_IGNORE_PROFILE", "")).upper() == "TRUE":
            checked.append(("looked.cli_skipped", {}))
        else:
            found = from_cli(cli_path, opts, named=None)
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
        w = ("source.warn_aliyun_env", {"source": found.source})   # worded, source and all, by the caller
        return ResolvedCredentials(found.source, found.provider, found.kind, found.profile,
                                   found.region_id, found.warnings + (w,))
    return found
