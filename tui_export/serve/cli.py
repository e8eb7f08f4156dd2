"""`tui-export serve`: the app in browser tabs, for onboarding rooms.

The first stdout line is the link to open (with its token); nothing else goes to stdout
before it, so a script can read it with one readline.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import os
import sys

from tui_export.core.i18n import default_lang, t


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tui-export serve",
        description="Serve the app to browser tabs (each tab its own app process), behind a random token.",
    )
    parser.add_argument("--demo", action="store_true",
                        help="serve the demo: each tab gets its own embedded cloud (no account, no network)")
    parser.add_argument("--real-account", action="store_true",
                        help="serve your own account (credentials as for `tui-export`), read-only")
    parser.add_argument("--allow-changes", action="store_true",
                        help="with --real-account: let the tabs export, cancel and create roles or buckets")
    parser.add_argument("--profile", help="with --real-account: the credential profile to use")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000; 0 = any free port)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a --host other than loopback (the page travels over plain HTTP)")
    parser.add_argument("--lang", choices=("en", "zh"), help="language of the apps and messages (default: from the locale)")
    return parser


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:       # a host name: it may resolve anywhere
        return False


def app_argv(args: argparse.Namespace, lang: str) -> list[str]:
    """The command each tab runs: this same Python and package, so the venv is the server's."""
    argv = [sys.executable, "-m", "tui_export", "--lang", lang]
    if args.demo:
        return argv + ["--demo"]
    if args.profile:
        argv += ["--profile", args.profile]
    return argv if args.allow_changes else argv + ["--read-only"]


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    lang = args.lang or default_lang()
    refusal = _refusal(args, lang)
    if refusal:
        parser.exit(2, f"tui-export serve: {refusal}\n")

    from tui_export.serve.server import TuiExportServer
    from tui_export.serve.token_gate import new_token

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="tui-export serve: %(message)s")
    server = TuiExportServer(app_argv(args, lang), host=args.host, port=args.port, token=new_token())

    def ready(url: str) -> None:
        print(url, flush=True)
        notes = [t("serve.ready", lang)]
        if not is_loopback(args.host):
            notes.append(t("serve.remote_warning", lang, host=args.host))
        if args.real_account and not args.allow_changes:
            notes.append(t("serve.read_only", lang))
        print("\n".join(notes), file=sys.stderr, flush=True)

    try:
        asyncio.run(server.run(ready))
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)   # asyncio's own text repeats the address
        print(f"tui-export serve: {t('serve.cannot_listen', lang, host=args.host, port=args.port, reason=reason)}",
              file=sys.stderr)
        return 1
    return 0


def _refusal(args: argparse.Namespace, lang: str) -> str | None:
    if args.demo and args.real_account:
        return t("serve.demo_or_real", lang)
    if not (args.demo or args.real_account):
        return t("serve.account_needed", lang)
    if args.allow_changes and not args.real_account:
        return t("serve.changes_need_real", lang)
    if not is_loopback(args.host) and not args.allow_remote:
        return t("serve.remote_refused", lang, host=args.host)
    return None
