"""Removing an export's leftovers in OSS, as a job step (issue #9 §1, §2 "Clean up").

A verified download: its objects are deleted (never before every object is verified).
A cancelled export: the unfinished multipart uploads under its name prefix are aborted.
"""

from __future__ import annotations

from tui_export.jobs.api import Job, JobError, JobStage, error_of


class NotVerified(Exception):
    code = "NotVerified"


def clean(engine, job: Job) -> Job:
    from tui_export.cloud.oss_cleanup import abort_uploads, delete_objects

    session = engine.session
    if job.stage == JobStage.CANCELLED or job.status == "Deleted":
        n = abort_uploads(session, job.bucket, job.region_id, job.image_id, job.prefix)
        return engine._update(job.job_id, journal=f"aborted {n} unfinished uploads")
    if not job.verified:
        err = JobError("NotVerified", "The exported objects are deleted only after a verified download.",
                       local=True)
        return engine._update(job.job_id, stage=job.stage if not job.finished else job.stage, error=err,
                              journal="cleanup refused: not verified")
    before = job.stage if job.stage != JobStage.CLEANING else JobStage.DONE
    if job.stage != JobStage.CLEANING:
        job = engine._update(job.job_id, stage=JobStage.CLEANING, journal="cleaning up")
    try:
        n = delete_objects(session, job.bucket, job.region_id, [o.key for o in job.objects])
    except Exception as exc:
        # Refused (a RAM denial) or failed: the job is back where it was, not "cleaning" for ever;
        # the caller still shows the error (the app: its one error path, with the doctor).

        engine._update(job.job_id, stage=before, error=error_of(exc), journal=f"cleanup failed: {error_of(exc).code}")
        raise
    return engine._update(job.job_id, stage=JobStage.DONE, journal=f"deleted {n} objects")
