"""A finished task started elsewhere, whose files the cloud can't place (DescribeTaskAttribute
names neither bucket nor objects), downloaded where the user said they are: the engine
journals that bucket and prefix as the job's own, so a new engine (a relaunch) resumes the
download, with its conversion, from the same place. The task is known finished: no poll."""

from __future__ import annotations

import json
import threading

from tests.headless.conftest import BUCKET, REGION, image_id, scenario
from tests.jobs.test_engine import FAST, Actions
from tui_export.cloud.session import CloudSession
from tui_export.cloud.task_store import TaskStore
from tui_export.core.models import ExportRequest
from tui_export.jobs import JobEngine, JobStage
from tui_export.jobs.convert_step import ConvertPlan
from tui_export.sim import EmbeddedCloud


def _console_task(prefix: str) -> dict:
    world = scenario(images=1, gib=16)
    world["tasks"] = [{"image": image_id(0), "bucket": BUCKET, "prefix": prefix, "status": "Finished",
                       "started_seconds_ago": 86400, "duration_seconds": 600, "related_items": ["ImageFormat"]}]
    return world


def test_a_located_task_is_journaled_with_its_place_and_resumes_there(tmp_path):
    with EmbeddedCloud(_console_task("console"), export_seconds=0.5, bytes_per_gib=1 << 20,
                       faults="bandwidth=2.0,only=GetObject") as sim:
        with sim.world.lock:
            (task,) = sim.world.tasks.values()
        task_id = task.task_id
        session = CloudSession.for_sim(sim)
        actions = Actions(session)
        store = TaskStore(tmp_path / "state")
        first = JobEngine(session, store, account="t", options=FAST)
        half = threading.Event()
        first.subscribe(lambda ev: ev.job.bytes_done > (4 << 20) and half.set())
        where = ExportRequest(REGION, image_id(0), BUCKET, prefix="console")
        job = first.download(task_id, tmp_path / "dl", convert=ConvertPlan("qcow2"), located=where)
        assert (job.bucket, job.prefix, job.image_id, job.task_id) == (BUCKET, "console", image_id(0), task_id)
        assert half.wait(60)
        first.shutdown()                                     # the app quits mid-download
        row = store.job_row(job.job_id)
        assert (row["stage"], row["bucket"], row["prefix"], row["convert_format"]) == (
            "downloading", BUCKET, "console", "qcow2")
        assert any(d.startswith("located by the user") for _, _, d in store.job_journal(job.job_id))
        sim.faults.update(bandwidth=0)

        second = JobEngine(session, TaskStore(tmp_path / "state"), account="t", options=FAST)
        (resumed,) = second.resume_unfinished()
        assert (resumed.job_id, resumed.bucket, resumed.prefix) == (job.job_id, BUCKET, "console")
        assert second.wait([job.job_id], timeout=60)
        done = second.job(job.job_id)
        assert done.stage == JobStage.DONE and done.verified, done.error
        (obj,) = done.objects
        assert obj.key.startswith(f"console_{image_id(0)}_") and obj.converted["format"] == "qcow2"
        disk = tmp_path / "dl" / obj.converted["path"].rsplit("/", 1)[-1]
        assert disk.read_bytes()[:4] == b"QFI\xfb"
        manifest = json.loads(next((tmp_path / "dl").glob("*.manifest.json")).read_text())
        assert (manifest["task_id"], manifest["bucket"], manifest["prefix"]) == (task_id, BUCKET, "console")
        second.shutdown()
        assert actions.count("DescribeTasks") == 0           # a finished task: nothing to poll


def test_a_new_place_replaces_the_old_one_of_a_finished_job(tmp_path):
    """A wrong guess first (nothing there: the job fails), then the right place: the same job,
    now listing and downloading from there."""
    with EmbeddedCloud(_console_task("right"), export_seconds=0.5, bytes_per_gib=64 << 10) as sim:
        with sim.world.lock:
            (task,) = sim.world.tasks.values()
        engine = JobEngine(CloudSession.for_sim(sim), TaskStore(tmp_path / "state"), account="t", options=FAST)
        wrong = engine.download(task.task_id, tmp_path / "dl", located=ExportRequest(REGION, image_id(0), BUCKET,
                                                                                     prefix="wrong"))
        assert engine.wait([wrong.job_id], timeout=30)
        assert engine.job(wrong.job_id).stage == JobStage.FAILED
        again = engine.download(task.task_id, tmp_path / "dl", located=ExportRequest(REGION, image_id(0), BUCKET,
                                                                                     prefix="right"))
        assert again.job_id == wrong.job_id and again.prefix == "right"
        assert engine.wait([again.job_id], timeout=30)
        done = engine.job(again.job_id)
        assert done.stage == JobStage.DONE and done.verified, done.error
        assert all(o.key.startswith(f"right_{image_id(0)}_") for o in done.objects)
        engine.shutdown()
