"""Following jobs to their end from a command: progress on stderr (at most a line a second),
--timeout (exit 6), Ctrl-C (exit 130; the jobs stay journaled), the `tasks` JSON shape and
the exit code (the highest of the tasks' wins)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from tui_export.core.disk_text import disk_line
from tui_export.headless import exit_codes
from tui_export.headless.common import emit_json, explain_text
from tui_export.jobs import Job, JobError, JobStage

# A task cancelled (in the console, the app, another script) ends the job without an error of its
# own; the contract still wants every non-zero task's reason in the JSON and on stderr.
CANCELLED = JobError("TaskCancelled", "The export task was cancelled.", operation="ExportImage")


def follow(ctx, job_ids: list[str], *, until, timeout: float | None) -> str:
    """Wait until `until(job)` holds for every job: "done", "timeout" or "interrupted"."""
    engine = ctx.engine
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            jobs = [engine.job(i) for i in job_ids]
            if all(j is not None and (j.finished or until(j)) for j in jobs):
                return "done"
            ctx.progress(progress_line(jobs))
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return "timeout"
            engine.wait(job_ids, timeout=0.5 if left is None else min(0.5, left))
    except KeyboardInterrupt:
        return "interrupted"


def progress_line(jobs: list[Job | None]) -> str:
    parts = []
    for j in jobs:
        if j is None:
            continue
        what = j.stage.value
        if j.stage == JobStage.EXPORTING and j.progress is not None:
            what += f" {j.progress}%"
        elif j.stage == JobStage.DOWNLOADING and j.bytes_total:
            what += f" {100 * j.bytes_done // j.bytes_total}%"
        parts.append(f"{j.task_id or j.image_id}: {what}")
    return "  ".join(parts)


def objects_of(ctx, job: Job) -> list[dict]:
    """The job's objects; for a finished export not downloaded here, as OSS lists them."""
    objs = list(job.objects)
    if not objs and job.status == "Finished" and job.bucket:
        try:
            infos = ctx.session.exported_objects(ctx.engine.task_of(job), ctx.engine.request_of(job))
            from tui_export.jobs import JobObject
            objs = [JobObject(key=o.key, size=o.size, crc64=o.crc64) for o in infos]
        except Exception as exc:   # noqa: BLE001 - the listing is a nicety here; the status stands
            logging.getLogger(__name__).info("listing %s's objects failed: %s", job.task_id,
                                             getattr(exc, "code", "") or type(exc).__name__)
            objs = []
    crc = {o.key: o.crc64 for o in objs}
    rows = [{"key": o.key, "size": o.size, "crc64": o.crc64 or crc.get(o.key), "path": _kept(o),
             "verified": bool(o.verified)} for o in objs]
    for row, o in zip(rows, objs):
        if getattr(o, "converted", None):
            row["converted"] = o.converted   # {"format", "path", "sha256" of the raw disk} (issue #11)
            if getattr(o, "disk", None) is not None:
                row["disk"] = o.disk         # what the disk is: {"table", "partitions"} as read while converting
    return rows


def _kept(o) -> str | None:
    """The archive's path, or null once a conversion removed it (`converted` names the disk)."""
    if o.path and getattr(o, "converted", None) and not Path(o.path).exists():
        return None
    return o.path


def job_error(job: Job) -> JobError | None:
    """Why a job ended without its result (None while it runs or when it is done)."""
    if job.stage == JobStage.FAILED:
        return job.error
    if job.stage == JobStage.CANCELLED:
        return job.error or CANCELLED
    return None


def task_json(ctx, job: Job) -> dict:
    err = None
    error = job_error(job)
    if error is not None:
        err = {"code": error.code, "message": error.message, "request_id": error.request_id or None}
    return {"task_id": job.task_id or None, "image_id": job.image_id, "region_id": job.region_id,
            "bucket": job.bucket, "prefix": job.prefix, "format": job.image_format, "status": job.status or None,
            "progress": job.progress, "stage": job.stage.value, "objects": objects_of(ctx, job), "error": err}


def exit_code_of(job: Job, outcome: str, until) -> int:
    if job.stage == JobStage.FAILED and job.error is not None:
        return exit_codes.for_error(job.error.code, job.error.operation) or exit_codes.FAILED
    if job.stage == JobStage.CANCELLED:
        return exit_codes.NOT_EXPORTABLE
    if not job.finished and not until(job):
        return exit_codes.INTERRUPTED if outcome == "interrupted" else exit_codes.TIMEOUT
    return exit_codes.OK


def finish(ctx, job_ids: list[str], outcome: str, until, *, timeout: float | None = None,
           extra: list[dict] | None = None, extra_codes: list[int] | None = None) -> int:
    """Print the result (JSON or lines), say why on stderr, and return the exit code."""
    from tui_export.core.i18n import t

    jobs = [ctx.engine.job(i) for i in job_ids]
    jobs = [j for j in jobs if j is not None]
    if outcome == "interrupted":
        ctx.engine.shutdown()   # downloads stop at their checkpoint; everything stays journaled
    codes = [exit_code_of(j, outcome, until) for j in jobs] + list(extra_codes or [])
    rows = [task_json(ctx, j) for j in jobs] + list(extra or [])
    for j in jobs:
        error = job_error(j)
        if error is not None:
            print(f"{j.task_id or j.image_id}: " + explain_text(error.code, error.message, error.request_id,
                                                                ctx.lang, error.operation, error.local),
                  file=sys.stderr)
    if outcome == "timeout":
        print(t("headless.timeout", ctx.lang, seconds=f"{timeout:g}" if timeout else "?"), file=sys.stderr)
    elif outcome == "interrupted":
        print(t("headless.interrupted", ctx.lang), file=sys.stderr)
    if ctx.args.json:
        emit_json({"tasks": rows})
    else:
        for row in rows:
            paths = ", ".join((o.get("converted") or {}).get("path") or o["path"] or o["key"] for o in row["objects"])
            print(f"{row['task_id'] or '-':<24} {row['image_id']:<24} {row['stage']:<12} {row['status'] or '':<10} "
                  f"{'' if row['progress'] is None else str(row['progress']) + '%':<5} {paths}")
            for o in row["objects"]:     # a converted disk: what it is, as the result screen says it
                if o.get("disk") is not None:
                    print(f"  {Path(o['converted']['path']).name}: {disk_line(o['disk'], ctx.lang)}")
    return exit_codes.worst(codes)
