"""The engine's one budget of connections (issue #9 §1: "a few downloads at once, one bandwidth
budget"): a download alone may use all of it, not just its share of `downloads_at_once`.

Counted on the embedded OSS (ops_max_in_flight: GetObject requests answered at once); each
connection is capped, so the download's adaptive count goes up and its GETs overlap.
"""

from __future__ import annotations

from tests.headless.conftest import BUCKET, REGION, image_id, scenario
from tui_export.cloud.session import CloudSession
from tui_export.cloud.task_store import TaskStore
from tui_export.core.models import ExportRequest
from tui_export.jobs import EngineOptions, JobEngine, JobStage
from tui_export.sim import EmbeddedCloud

from tests.waiting import wait_until


def test_a_lone_download_uses_more_than_its_share_of_the_budget_never_more_than_all(tmp_path):
    # budget 4 over 2 downloads at once: a fixed share was 2 connections
    options = EngineOptions(poll_seconds=0.2, quota_retry_seconds=0.5, downloads_at_once=2, connections=4)
    with EmbeddedCloud(scenario(images=1, gib=64), export_seconds=0.5, bytes_per_gib=1 << 20,
                       faults="bandwidth=4.0,only=GetObject") as sim:   # 64 MiB, 8 MiB parts, 4 MB/s each
        engine = JobEngine(CloudSession.for_sim(sim), TaskStore(tmp_path / "state"), account="t", options=options)
        sim.oss.reset_ops_in_flight()
        (job,) = engine.start_export([ExportRequest(REGION, image_id(0), BUCKET, "budget")],
                                     download_dir=tmp_path / "dl")
        wait_until(lambda: sim.oss.ops_max_in_flight["GetObject"] > 2
                   or engine.job(job.job_id).stage in (JobStage.DONE, JobStage.FAILED),
                   timeout=90, what="more than 2 GetObject in flight")
        assert engine.job(job.job_id).stage == JobStage.DOWNLOADING, engine.job(job.job_id)
        engine.shutdown()                 # mid-download (every slot given back: tests/cloud/test_download_gate.py)
        assert 2 < sim.oss.ops_max_in_flight["GetObject"] <= 4, sim.oss.ops_max_in_flight
