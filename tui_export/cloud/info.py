"""`tui-export info`: where the app keeps things and which credentials it would use.

Never prints a secret: the credential source is described in words and the key id
is masked (credentials.mask_key_id).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

from tui_export import __version__
from tui_export.cloud import paths
from tui_export.cloud.task_store import DB_NAME


def info_lines(profile: str | None = None, env: Mapping[str, str] | None = None, *, lang: str = "en",
               refusals: list[str] | None = None) -> Iterator[str]:
    """The report's lines. A damaged file or a wrong endpoint setting is said in `lang` and
    also appended to `refusals` (the command line exits 2 on it)."""
    env = os.environ if env is None else env
    refusals = [] if refusals is None else refusals
    state = paths.state_dir(env=env)
    yield f"tui-export {__version__}"
    yield f"config:      {paths.display_path(paths.config_dir(env=env), env=env)}"
    yield f"state:       {paths.display_path(state, env=env)}"
    yield f"log file:    {paths.display_path(state / 'logs' / 'tui-export.log', env=env)}"
    yield f"task store:  {paths.display_path(state / DB_NAME, env=env)}"
    yield from _endpoint_lines(env, lang, refusals)
    yield from _credential_lines(profile, env, lang, refusals)
    yield from _store_lines(lang)
    yield from _crc_lines()


def _endpoint_lines(env: Mapping[str, str], lang: str, refusals: list[str]) -> Iterator[str]:
    from tui_export.cloud.bad_input import localized
    from tui_export.cloud.endpoints import EndpointError, check_endpoint_settings

    try:
        check_endpoint_settings(env)
    except EndpointError as exc:
        refusals.append(localized(exc, lang))
        yield f"endpoints:   unusable — {refusals[-1]}"


def _credential_lines(profile: str | None, env: Mapping[str, str], lang: str,
                      refusals: list[str]) -> Iterator[str]:
    from tui_export.cloud.bad_input import localized, problem_of
    from tui_export.cloud.credentials import CredentialError, resolve
    from tui_export.cloud.encrypted_file import SECRETS_FILE_NAME
    from tui_export.cloud.secret_store_errors import PassphraseRequired

    try:
        # No passphrase provider: `info` never asks for one, and never prompts.
        found = resolve(profile, env=env)
    except PassphraseRequired:
        # Nothing wrong: the saved keys are in the encrypted file, which only the app unlocks.
        where = paths.display_path(paths.config_dir(env=env) / SECRETS_FILE_NAME, env=env)
        yield f"credentials: saved in the encrypted file {where}, locked (the app asks for its passphrase)"
        return
    except CredentialError as exc:
        text = localized(exc, lang)
        if problem_of(exc):   # a damaged file, not a missing passphrase
            refusals.append(text)
        yield f"credentials: unusable — {text}"
        return
    if not found:
        yield "credentials: none found (the app will show its sign-in screen)"
        return
    from tui_export.core.i18n import t_item

    yield f"credentials: {t_item(found.source, lang)}"
    for warning in found.warnings:
        yield f"  warning:   {t_item(warning, lang)}"


def _store_lines(lang: str) -> Iterator[str]:
    from tui_export.cloud.keyring_status import store_sentence, store_status

    status = store_status()
    state = "usable" if status.usable else "not usable"
    yield f"keyring:     {status.name} ({state})"
    if not status.usable:
        yield f"             {store_sentence(status, lang)}"


def _crc_lines() -> Iterator[str]:
    from tui_export.cloud.crc_check import crc_accelerated

    yield "crc-64:      " + ("C extension (fast)" if crc_accelerated() else
                             "pure Python (about 30x slower; reinstall crcmod with a C compiler)")
