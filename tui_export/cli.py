"""The `tui-export` command: the app (default), `--demo`, `sim` and `info`.

Imports stay lazy so the first screen is drawn before the cloud SDKs load.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass

# shared with the headless commands, which must not import this module (no import cycle)
from tui_export.endpoint_flags import ENDPOINT_FLAGS as _ENDPOINT_FLAGS
from tui_export.endpoint_flags import check_endpoint_flags as _check_endpoint_flags
from tui_export.endpoint_flags import export_endpoint_flags as _export_endpoint_flags


@dataclass(frozen=True)
class LaunchOptions:
    demo: bool = False
    profile: str | None = None
    region: str | None = None
    lang: str = "en"
    read_only: bool = False


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tui-export",
        description="Export Alibaba Cloud ECS custom images to OSS and download them.",
        epilog="Subcommands: `tui-export sim --help` (the embedded cloud), `tui-export info` (paths and credential source), `tui-export serve --help` (the app in a browser), `tui-export doctor` (what would stop an export, and the policy to grant).",
    )
    parser.add_argument("--demo", action="store_true", help="run against the embedded demo cloud (no account, no network)")
    parser.add_argument("--profile", help="credential profile to use (aliyun CLI or saved by this app)")
    parser.add_argument("--region", help="open this region's images, e.g. cn-hangzhou")
    parser.add_argument("--lang", choices=("en", "zh"), help="UI language (default: from the locale)")
    parser.add_argument("--read-only", action="store_true", help="change nothing in the cloud (no export, cancel, role or bucket creation)")
    net = parser.add_argument_group("endpoints (also from TUI_EXPORT_* environment variables)")
    for flag, env, what in _ENDPOINT_FLAGS:
        net.add_argument(flag, metavar="URL", help=f"{what} (env {env})")
    net.add_argument("--oss-internal", action="store_true",
                     help="read objects through the OSS internal endpoint (from an ECS instance in the region)")
    net.add_argument("--oss-cname", metavar="DOMAIN",
                     help="custom domain for object reads where the public endpoint is forbidden; "
                          "DOMAIN or bucket=domain,... (env TUI_EXPORT_OSS_CNAME)")
    return parser


def parse_app_args(argv: list[str]) -> LaunchOptions:
    """The launch options; a wrong endpoint flag (or TUI_EXPORT_*_ENDPOINT) ends here with
    one line on stderr and exit 2, like any other bad argument, before the UI starts."""
    from tui_export.core.i18n import default_lang

    parser = _app_parser()
    args = parser.parse_args(argv)
    lang = args.lang or default_lang()
    _check_endpoint_flags(parser, args, lang)
    _export_endpoint_flags(args)
    return LaunchOptions(
        demo=args.demo,
        profile=args.profile,
        region=args.region,
        lang=lang,
        read_only=args.read_only,
    )


# the app's options that take a value: a word right after one of them is that value, not a command
_APP_VALUE_OPTIONS = frozenset({"--profile", "--region", "--lang", "--oss-cname", *(f[0] for f in _ENDPOINT_FLAGS)})


def _sim_index(argv: list[str]) -> int | None:
    """Where `sim` is when it is the command, so `tui-export --lang zh sim ...` is
    `sim --lang zh ...`, as the headless commands take the app's options before their name."""
    from tui_export.command_word import command_at

    return command_at(argv, _APP_VALUE_OPTIONS, ("sim",))


def _info(argv: list[str]) -> int:
    from tui_export.cloud.info import info_lines

    from tui_export.core.i18n import default_lang

    parser = argparse.ArgumentParser(prog="tui-export info", description="Show config, state and log paths and the credential source in use (never the secret).")
    parser.add_argument("--profile")
    parser.add_argument("--lang", choices=("en", "zh"), help="language of the credential source and of a refusal (default: from the locale)")
    args = parser.parse_args(argv)
    refusals: list[str] = []
    for line in info_lines(profile=args.profile, lang=args.lang or default_lang(), refusals=refusals):
        print(line)
    if refusals:   # a damaged file or a wrong setting: the one line a script reads, exit 2
        sys.stdout.flush()
        print(f"tui-export info: {refusals[0]}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # aliyunsdkcore prints every request, SecurityToken included, when DEBUG=sdk
    # (docs/sdk.md, "Logging: DEBUG=sdk and the oss2 logger").
    if "sdk" in os.environ.get("DEBUG", "").lower():
        os.environ.pop("DEBUG", None)
    at = _sim_index(argv)
    if at is not None:   # options before it go to sim's parser: --lang is one; the app's others are refused there
        from tui_export.sim.cli import main as sim_main

        return sim_main(argv[:at] + argv[at + 1:])
    if argv[:1] == ["serve"]:
        from tui_export.serve.cli import main as serve_main

        return serve_main(argv[1:])
    if argv[:1] == ["info"]:
        return _info(argv[1:])
    from tui_export.headless.doctor import doctor_index
    at = doctor_index(argv)   # the pre-flight check (issue #12), app options before or after it
    if at is not None:
        from tui_export.headless.doctor import main as doctor_main

        return doctor_main(argv[:at] + argv[at + 1:])
    from tui_export.headless import command_index
    index = command_index(argv)   # regions|images|export|status|download|cleanup|verify, app options around it
    if index is not None:
        from tui_export.headless import main as headless_main

        return headless_main(argv, index)
    options = parse_app_args(argv)
    from tui_export.ui.app import run_app

    return run_app(options) or 0


if __name__ == "__main__":
    raise SystemExit(main())
