"""The job engine: batch exports, one poller, a download queue, resumable after a relaunch.

    engine = JobEngine(session, store, account="demo", read_only=False)
    engine.subscribe(on_event)                  # called from engine threads
    jobs = engine.start_export([ExportRequest(...), ...], download_dir="/data", cleanup=False)
    engine.wait([j.job_id for j in jobs], timeout=3600)
    engine.shutdown()

Public API: `JobEngine`, `Job`, `JobStage`, `JobEvent`, `JobObject`, `JobError`,
`EngineOptions`, `ReadOnlyRefused`. Never imports Textual (tests/test_layers.py).
"""

from tui_export.jobs.api import EngineOptions, Job, JobError, JobEvent, JobObject, JobStage
from tui_export.jobs.engine import JobEngine, ReadOnlyRefused

__all__ = ["JobEngine", "Job", "JobStage", "JobEvent", "JobObject", "JobError", "EngineOptions",
           "ReadOnlyRefused"]
