"""`tui-export status --region R [TASK_ID ...] [--wait] [--json]`: export tasks as the cloud says
(DescribeTasks), with what was downloaded here; no ids = the region's export tasks."""

from __future__ import annotations

from tui_export.headless.common import fail_from, open_context, parse, parser
from tui_export.headless.follow import finish, follow
from tui_export.jobs import JobStage


def run(argv: list[str]) -> int:
    p = parser("status", "Show export tasks; --wait follows them until they end.")
    p.add_argument("--region", required=True)
    p.add_argument("task_ids", nargs="*", metavar="TASK_ID")
    p.add_argument("--wait", action="store_true")
    p.add_argument("--timeout", type=float, metavar="S", help="give up waiting after S seconds (exit 6)")
    args = parse(p, argv)
    ctx = open_context(args)
    try:
        return _status(ctx, args)
    finally:
        ctx.close()


def _status(ctx, args) -> int:
    engine = ctx.engine_for()
    ids = list(dict.fromkeys(args.task_ids))
    try:
        if not ids:
            ids = [t.task_id for t in ctx.session.tasks(args.region) if not t.action or t.action == "ExportImage"]
    except Exception as exc:   # noqa: BLE001
        raise fail_from(exc, ctx.lang) from None
    jobs = engine.attach(args.region, ids)
    job_ids = [j.job_id for j in jobs]
    if args.wait:
        until = lambda j: j.stage in (JobStage.EXPORTED, JobStage.DOWNLOADING, JobStage.CLEANING)  # noqa: E731
    else:   # one look: the poller's first round answers every task
        until = lambda j: bool(j.status)  # noqa: E731
    outcome = follow(ctx, job_ids, until=until, timeout=args.timeout)
    return finish(ctx, job_ids, outcome, until, timeout=args.timeout)
