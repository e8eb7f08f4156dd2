"""`tui-export doctor [--region R] [--bucket B] [--json]`: the pre-flight check on the command line.

Same credential chain and options as the app. Prints the checklist and, when a permission is
missing, the smallest RAM policy granting it (en/zh by --lang). Exit 0 when nothing is missing,
3 when something is, 2 for unusable input (a damaged file, a bad endpoint flag).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

EXIT_OK, EXIT_USAGE, EXIT_MISSING = 0, 2, 3
# options that take a value: the word after one of them is that value, not the command
_VALUE_OPTIONS = frozenset({"--profile", "--lang", "--region", "--bucket", "--download-dir", "--demo-user",
                            "--ecs-endpoint", "--ram-endpoint", "--oss-endpoint", "--oss-cname"})


def doctor_index(argv: list[str]) -> int | None:
    """Where `doctor` is in argv when it is the command (the first word that is no option's value)."""
    from tui_export.command_word import command_at

    return command_at(argv, _VALUE_OPTIONS, ("doctor",))


def _parser() -> argparse.ArgumentParser:
    from tui_export.endpoint_flags import ENDPOINT_FLAGS

    p = argparse.ArgumentParser(
        prog="tui-export doctor",
        description="Check credentials, clock, every permission the export needs (read-only calls and a "
                    "DryRun: nothing is changed), the export role, OSS endpoints and this computer.")
    p.add_argument("--region", help="the region to check (default: the credentials' region or cn-hangzhou)")
    p.add_argument("--bucket", help="the bucket to check (default: the region's first bucket)")
    p.add_argument("--json", action="store_true", help='one JSON document: {"checks", "missing_actions", "policy"}')
    p.add_argument("--download-dir", metavar="DIR", help="where downloads go (default: the current directory)")
    p.add_argument("--profile", help="credential profile (aliyun CLI or saved by this app)")
    p.add_argument("--lang", choices=("en", "zh"), help="language of the report (default: from the locale)")
    p.add_argument("--demo", action="store_true", help="check the embedded demo cloud")
    p.add_argument("--demo-user", metavar="NAME", help="with --demo: sign as this RAM user of the demo (e.g. demo-limited)")
    p.add_argument("--read-only", action="store_true", help="accepted for symmetry: the doctor never changes anything")
    for flag, env, what in ENDPOINT_FLAGS:
        p.add_argument(flag, metavar="URL", help=f"{what} (env {env})")
    p.add_argument("--oss-internal", action="store_true", help="check the OSS internal endpoint too")
    p.add_argument("--oss-cname", metavar="DOMAIN", help="custom domain for object reads")
    return p


def main(argv: list[str]) -> int:
    from tui_export.endpoint_flags import check_endpoint_flags, export_endpoint_flags
    from tui_export.core.i18n import default_lang

    parser = _parser()
    args = parser.parse_args(argv)
    lang = args.lang or default_lang()
    check_endpoint_flags(parser, args, lang)
    export_endpoint_flags(args)
    try:
        report = _report(args, lang)
    except _Refused as refused:
        print(f"tui-export doctor: {refused}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return report.exit_code


class _Refused(Exception):
    pass


def _report(args: argparse.Namespace, lang: str):
    from tui_export.cloud.doctor import DoctorOptions, run_doctor
    from tui_export.cloud.doctor.run import no_credentials_report
    from tui_export.cloud.session import CloudSession
    from tui_export.core.i18n import t_item

    options = dict(region=args.region or "", bucket=args.bucket or "", lang=lang,
                   download_dir=args.download_dir or "")
    if args.demo:
        return _demo_report(args, options)
    from tui_export.cloud.credentials import CredentialError, mask_key_id, resolve

    try:
        found = resolve(args.profile)   # never prompts: a passphrase-protected profile says so
    except CredentialError as exc:
        from tui_export.cloud.bad_input import localized
        raise _Refused(localized(exc, lang) or str(exc)) from None
    if not found:
        return no_credentials_report(tuple(getattr(found, "checked", ())), DoctorOptions(**options))
    try:
        key_hint = mask_key_id(found.current().access_key_id)
    except Exception as exc:   # noqa: BLE001 - a role provider that can't fetch: the account check says why
        logging.getLogger(__name__).info("no key hint: %s", getattr(exc, "code", "") or type(exc).__name__)
        key_hint = ""
    session = CloudSession(found, default_region=args.region or getattr(found, "region_id", None))
    return run_doctor(session, DoctorOptions(**options, source=t_item(found.source, lang), key_hint=key_hint))


def _demo_report(args: argparse.Namespace, options: dict):
    from tui_export.cloud.credentials import mask_key_id
    from tui_export.cloud.doctor import DoctorOptions, run_doctor
    from tui_export.cloud.session import CloudSession, StaticCredentials
    from tui_export.core.i18n import t
    from tui_export.sim import EmbeddedCloud

    with EmbeddedCloud(scenario="demo") as sim:
        creds = None
        key_id = sim.access_key_id
        if args.demo_user:
            user = sim.users.named(args.demo_user)
            if user is None:
                names = ", ".join(u.name for u in sim.users) or "-"
                raise _Refused(t("doctor.demo_user_unknown", options["lang"], name=args.demo_user, names=names))
            creds = StaticCredentials(user.access_key_id, user.access_key_secret)
            key_id = user.access_key_id
        session = CloudSession.for_sim(sim, credentials=creds)
        source = t("source.demo_user", options["lang"], name=args.demo_user) if args.demo_user else \
            t("source.demo", options["lang"])
        return run_doctor(session, DoctorOptions(**options, source=source, key_hint=mask_key_id(key_id)))
