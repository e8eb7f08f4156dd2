"""`tui-export export --region R --image ID [--image ID ...] --bucket B [--prefix P] [--format F]
[--create-role] [--wait] [--timeout S] [--download DIR] [--cleanup] [--json]`

Running the same command again while its jobs are unfinished (after Ctrl-C, a --timeout,
a kill) attaches to them instead of starting a second export (jobs/engine.py start_export).
The export role is checked first: missing without --create-role -> exit 3, nothing started.
"""

from __future__ import annotations

import sys

from tui_export.headless import exit_codes
from tui_export.headless.common import (CommandFailed, add_convert_options, convert_plan, fail_from, open_context, parse,
                                        parser)
from tui_export.headless.follow import finish, follow
from tui_export.jobs import JobStage


def run(argv: list[str]) -> int:
    p = parser("export", "Export images to OSS; optionally wait, download, verify and clean up.")
    p.add_argument("--region", required=True)
    p.add_argument("--image", action="append", required=True, metavar="ID", help="repeat for several images")
    p.add_argument("--bucket", required=True)
    p.add_argument("--prefix", default="")
    p.add_argument("--format", default="raw", type=str.lower)
    p.add_argument("--create-role", action="store_true", help="create the export role if it is missing")
    p.add_argument("--wait", action="store_true", help="wait until the tasks end")
    p.add_argument("--timeout", type=float, metavar="S", help="give up waiting after S seconds (exit 6)")
    p.add_argument("--download", metavar="DIR", help="download and verify into DIR (implies --wait)")
    p.add_argument("--cleanup", action="store_true", help="delete the exported objects after a verified download")
    add_convert_options(p)
    args = parse(p, argv)
    _check_input(p, args)
    if args.read_only:
        from tui_export.core.i18n import t
        raise CommandFailed(exit_codes.USAGE, t("headless.read_only", args.lang, action=t("action.export", args.lang)),
                            {"code": "ReadOnly", "message": "export refused: --read-only", "request_id": None})
    ctx = open_context(args)
    try:
        return _export(ctx, args)
    finally:
        ctx.close()


def _check_input(p, args) -> None:
    from tui_export.core import rules
    from tui_export.core.i18n import t

    for problem in (rules.validate_prefix(args.prefix) if args.prefix else None,
                    rules.validate_bucket_name(args.bucket), rules.validate_format(args.format)):
        if problem is not None:
            p.error(t(problem.key, args.lang, **problem.detail))
    if (args.convert != "archive" or args.keep_archive) and not args.download:
        p.error("--convert and --keep-archive need --download DIR")
    if args.cleanup and not args.download:
        p.error("--cleanup needs --download DIR (objects are deleted only after a verified download)")
    if args.timeout is not None and args.timeout <= 0:
        p.error("--timeout must be > 0")


def _export(ctx, args) -> int:
    from tui_export.core.models import ExportRequest

    images = list(dict.fromkeys(args.image))
    requests = [ExportRequest(region_id=args.region, image_id=i, bucket=args.bucket, prefix=args.prefix,
                              image_format=args.format) for i in images]
    engine = ctx.engine_for()
    if not all(engine._unfinished_for(r) is not None for r in requests):
        _ensure_role(ctx, args)
    jobs = engine.start_export(requests, download_dir=args.download, cleanup=args.cleanup)
    ids = [j.job_id for j in jobs]
    if args.download and args.convert != "archive":
        for j in jobs:
            engine.set_convert(j.job_id, convert_plan(args))
    if args.download:
        until = lambda j: False                                   # noqa: E731 - to the end
    elif args.wait:
        until = lambda j: j.stage == JobStage.EXPORTED            # noqa: E731
    else:
        until = lambda j: bool(j.task_id)                         # noqa: E731 - sent; the cloud carries on
    outcome = follow(ctx, ids, until=until, timeout=args.timeout)
    return finish(ctx, ids, outcome, until, timeout=args.timeout)


def _ensure_role(ctx, args) -> None:
    from tui_export.core.i18n import t
    from tui_export.core.models import RoleState
    from tui_export.core.rules import EXPORT_ROLE_NAME

    try:
        state = ctx.session.role_state()
        if state != RoleState.PRESENT:
            if not args.create_role:
                raise CommandFailed(exit_codes.CREDENTIALS, t("headless.role_missing", ctx.lang, role=EXPORT_ROLE_NAME),
                                    {"code": "NoSetRoletoECSServiceAcount",
                                     "message": f"The RAM role {EXPORT_ROLE_NAME} is missing or incomplete.",
                                     "request_id": None})
            print(f"creating the RAM role {EXPORT_ROLE_NAME}", file=sys.stderr)
            ctx.session.ensure_role()
    except CommandFailed:
        raise
    except Exception as exc:   # noqa: BLE001 - RAM refused (no permission) or the network failed
        raise fail_from(exc, ctx.lang) from None
