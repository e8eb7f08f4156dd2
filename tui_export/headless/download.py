"""`tui-export download --region R TASK_ID [TASK_ID ...] --to DIR [--json]`: download and verify
finished exports (waiting for unfinished ones), resuming from checkpoints after an interruption."""

from __future__ import annotations

from tui_export.headless.common import add_convert_options, convert_plan, open_context, parse, parser
from tui_export.headless.follow import finish, follow


def run(argv: list[str]) -> int:
    p = parser("download", "Download and verify the objects of export tasks into a folder.")
    p.add_argument("--region", required=True)
    p.add_argument("task_ids", nargs="+", metavar="TASK_ID")
    p.add_argument("--to", required=True, metavar="DIR")
    p.add_argument("--timeout", type=float, metavar="S", help="give up waiting after S seconds (exit 6)")
    add_convert_options(p)
    args = parse(p, argv)
    ctx = open_context(args)
    try:
        return _download(ctx, args)
    finally:
        ctx.close()


def _download(ctx, args) -> int:
    engine = ctx.engine_for()
    jobs = engine.attach(args.region, list(dict.fromkeys(args.task_ids)), download_dir=args.to)
    for job in jobs:
        engine.download(job.job_id, args.to, convert=convert_plan(args))
    ids = [j.job_id for j in jobs]
    until = lambda j: False  # noqa: E731 - to the end
    outcome = follow(ctx, ids, until=until, timeout=args.timeout)
    return finish(ctx, ids, outcome, until, timeout=args.timeout)
