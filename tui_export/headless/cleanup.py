"""`tui-export cleanup --region R TASK_ID [TASK_ID ...] [--yes]`: delete the exported objects of
downloads verified here (a cancelled export: abort its unfinished multipart uploads).
Without --yes it asks on a terminal, and refuses without one. Refused with --read-only."""

from __future__ import annotations

import sys

from tui_export.headless import exit_codes
from tui_export.headless.common import CommandFailed, emit_json, fail_from, open_context, parse, parser
from tui_export.headless.follow import task_json
from tui_export.jobs import JobStage


def run(argv: list[str]) -> int:
    p = parser("cleanup", "Delete exported objects from OSS after a verified download.")
    p.add_argument("--region", required=True)
    p.add_argument("task_ids", nargs="+", metavar="TASK_ID")
    p.add_argument("--yes", action="store_true", help="don't ask")
    args = parse(p, argv)
    from tui_export.core.i18n import t
    if args.read_only:
        raise CommandFailed(exit_codes.USAGE, t("headless.read_only", args.lang, action=t("action.cleanup", args.lang)),
                            {"code": "ReadOnly", "message": "cleanup refused: --read-only", "request_id": None})
    if not args.yes and not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise CommandFailed(exit_codes.USAGE, t("headless.cleanup_needs_yes", args.lang),
                            {"code": "ConfirmationNeeded", "message": "pass --yes", "request_id": None})
    ctx = open_context(args)
    try:
        return _cleanup(ctx, args)
    finally:
        ctx.close()


def _cleanup(ctx, args) -> int:
    from tui_export.core.i18n import t
    from tui_export.core.units import human_bytes

    engine = ctx.engine_for()
    jobs = engine.attach(args.region, list(dict.fromkeys(args.task_ids)))
    ready, codes = [], []
    for job in jobs:
        if job.stage == JobStage.CANCELLED or job.verified:
            ready.append(job)
        else:
            print(t("headless.cleanup_not_verified", ctx.lang, task=job.task_id), file=sys.stderr)
            codes.append(exit_codes.USAGE)
    if ready and not args.yes:
        count = sum(len(j.objects) for j in ready)
        size = human_bytes(sum(o.size for j in ready for o in j.objects))
        buckets = ",".join(sorted({j.bucket for j in ready}))
        sys.stderr.write(t("headless.cleanup_confirm", ctx.lang, count=count, size=size, bucket=buckets))
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            print(t("headless.cleanup_declined", ctx.lang), file=sys.stderr)
            ready = []
            codes.append(exit_codes.USAGE)
    for job in ready:
        try:
            engine.cleanup(job.job_id)
        except Exception as exc:   # noqa: BLE001
            failed = fail_from(exc, ctx.lang)
            print(f"{job.task_id}: {failed.text}", file=sys.stderr)
            codes.append(failed.exit_code)
    rows = [task_json(ctx, engine.job(j.job_id)) for j in jobs]
    if ctx.args.json:
        emit_json({"tasks": rows})
    return exit_codes.worst(codes)
