"""The endpoint flags every command shares (the app, the headless commands, the doctor):
declared once, checked whole before use, handed to the cloud layer through its environment."""

from __future__ import annotations

import argparse
import os

# Endpoint flags hand their value to the cloud layer through its environment
# variables, so flags, environment and config share one resolution (cloud/endpoints.py).
ENDPOINT_FLAGS = (
    ("--ecs-endpoint", "TUI_EXPORT_ECS_ENDPOINT", "ECS endpoint override"),
    ("--ram-endpoint", "TUI_EXPORT_RAM_ENDPOINT", "RAM endpoint override"),
    ("--oss-endpoint", "TUI_EXPORT_OSS_ENDPOINT", "OSS endpoint override"),
)


def export_endpoint_flags(args: argparse.Namespace) -> None:
    for flag, env, _ in ENDPOINT_FLAGS:
        value = getattr(args, flag[2:].replace("-", "_"))
        if value:
            os.environ[env] = value
    if args.oss_internal:
        os.environ["TUI_EXPORT_OSS_INTERNAL"] = "1"
    if args.oss_cname:
        os.environ["TUI_EXPORT_OSS_CNAME"] = args.oss_cname


def check_endpoint_flags(parser: argparse.ArgumentParser, args: argparse.Namespace, lang: str) -> None:
    from tui_export.cloud.bad_input import localized
    from tui_export.cloud.endpoints import EndpointError, check_endpoint_settings

    flags = {flag: getattr(args, flag[2:].replace("-", "_")) for flag, _, _ in ENDPOINT_FLAGS}
    flags["--oss-cname"] = args.oss_cname
    try:
        check_endpoint_settings(os.environ, flags)
    except EndpointError as exc:
        parser.exit(2, f"tui-export: {localized(exc, lang)}\n")
