"""A download stopped with cancel() resumes on the next download() of its Finished task (the
result screen's `x`, then `d`), and an engine whose task store is in memory (the app's fallback
when the store's folder is refused) exports and downloads like any other."""

from __future__ import annotations

import threading

import pytest

from tests.headless.conftest import BUCKET, REGION, image_id, scenario
from tui_export.cloud.session import CloudSession
from tui_export.cloud.task_store import TaskStore
from tui_export.core.models import ExportRequest
from tui_export.jobs import JobEngine, JobStage
from tui_export.sim import EmbeddedCloud

from tests.jobs.test_engine import FAST
from tests.journal_lines import verified_fetched
from tests.waiting import wait_until


def test_a_cancelled_download_resumes_on_the_next_download(tmp_path):
    with EmbeddedCloud(scenario(images=1, gib=16), export_seconds=0.5, bytes_per_gib=1 << 20,
                       faults="bandwidth=2.0,only=GetObject") as sim:
        session = CloudSession.for_sim(sim)
        engine = JobEngine(session, TaskStore(tmp_path / "state"), account="t", options=FAST)
        half = threading.Event()
        engine.subscribe(lambda ev: ev.job.bytes_done > (4 << 20) and half.set())
        (job,) = engine.start_export([ExportRequest(REGION, image_id(0), BUCKET, "s")], download_dir=tmp_path / "dl")
        assert half.wait(60)
        engine.cancel(job.job_id)
        assert engine.job(job.job_id).stage == JobStage.CANCELLED
        sim.faults.update(bandwidth=0)

        engine.download(engine.job(job.job_id).task_id, tmp_path / "dl")   # `d` on the same task
        assert engine.wait([job.job_id], timeout=60)
        done = engine.job(job.job_id)
        assert done.stage == JobStage.DONE and done.verified, done.error
        fetched = verified_fetched(engine.store, job.job_id)
        assert fetched[-1][1] < done.bytes_total, fetched    # the bytes before the stop weren't fetched again
        engine.shutdown()


def test_an_engine_on_a_store_in_memory_exports_and_downloads(tmp_path):
    with EmbeddedCloud(scenario(images=1, gib=4), export_seconds=0.5, bytes_per_gib=64 << 10) as sim:
        store = TaskStore(memory=True)
        with pytest.raises(ValueError):                        # no folder of its own for the checkpoints
            JobEngine(CloudSession.for_sim(sim), store, account="t", options=FAST)
        engine = JobEngine(CloudSession.for_sim(sim), store, account="t", state_dir=tmp_path / "ckpt", options=FAST)
        (job,) = engine.start_export([ExportRequest(REGION, image_id(0), BUCKET, "m")], download_dir=tmp_path / "dl")
        assert engine.wait([job.job_id], timeout=60)
        done = engine.job(job.job_id)
        assert done.stage == JobStage.DONE and done.verified, done.error
        wait_until(lambda: store.job_row(job.job_id)["stage"] == "done", timeout=10, what="journaled")
        assert [d.state for d in store.downloads(done.task_id)] == ["done"]
        engine.shutdown()
