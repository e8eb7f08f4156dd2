"""The job engine against the embedded cloud (real SDKs over HTTP): one batched poller, the
journal carrying a download over to a new engine, quotas, cleanup."""

from __future__ import annotations

import threading
import time

import pytest

from tests.headless.conftest import BUCKET, REGION, image_id, scenario
from tui_export.cloud.session import CloudSession
from tui_export.cloud.task_store import TaskStore
from tui_export.core.models import ExportRequest
from tui_export.jobs import EngineOptions, JobEngine, JobStage
from tui_export.sim import EmbeddedCloud

from tests.waiting import wait_until

FAST = EngineOptions(poll_seconds=0.2, quota_retry_seconds=0.5)


class Actions:
    """Counts the ECS requests the session sends, by action (a wrapper around its one RPC path)."""

    def __init__(self, session) -> None:
        self.seen: list[str] = []
        self.lock = threading.Lock()
        send = session.ecs._call

        def counted(region_id, make_request, operation, **kw):
            with self.lock:
                self.seen.append(operation)
            return send(region_id, make_request, operation, **kw)
        session.ecs._call = counted

    def count(self, action: str) -> int:
        with self.lock:
            return self.seen.count(action)


def requests(n: int, prefix: str = "j") -> list[ExportRequest]:
    return [ExportRequest(REGION, image_id(i), BUCKET, prefix) for i in range(n)]


def test_one_describe_tasks_per_round_for_all_tasks_and_none_once_finished(tmp_path):
    with EmbeddedCloud(scenario(images=3), export_seconds=2, bytes_per_gib=64 << 10) as sim:
        session = CloudSession.for_sim(sim)
        actions = Actions(session)
        engine = JobEngine(session, TaskStore(tmp_path), account="t", options=FAST)
        progress: list[int] = []
        engine.subscribe(lambda ev: ev.job.progress is not None and progress.append(ev.job.progress))
        jobs = engine.start_export(requests(3))
        assert engine.wait([j.job_id for j in jobs], timeout=60)
        assert [j.stage for j in engine.jobs()] == [JobStage.DONE] * 3
        rounds = engine._poller.rounds
        polls = actions.count("DescribeTasks") - 3          # less the one look before each ExportImage
        assert 0 < polls <= rounds + 1, (polls, rounds)      # one request per round, not one per task
        assert rounds >= 5                                    # the tasks ran several rounds together
        # the listing carries no progress: each running task's attribute every PROGRESS_ROUNDS rounds,
        # and once when it ended
        from tui_export.jobs.poller import PROGRESS_ROUNDS
        assert actions.count("DescribeTaskAttribute") <= 3 * (rounds // PROGRESS_ROUNDS + 2)
        assert any(0 < p < 100 for p in progress), progress   # ... so the jobs still show it
        settled = actions.count("DescribeTasks")
        deadline = time.monotonic() + 1.0                     # five poll gaps: nothing left to poll
        while time.monotonic() < deadline:
            time.sleep(0.1)
        assert actions.count("DescribeTasks") == settled
        engine.shutdown()


def test_concurrent_quota_waits_for_a_slot_and_weekly_quota_stops_the_job(tmp_path):
    with EmbeddedCloud(scenario(images=3, concurrent_quota=1, weekly_quota=2), export_seconds=1,
                       bytes_per_gib=64 << 10) as sim:
        engine = JobEngine(CloudSession.for_sim(sim), TaskStore(tmp_path), account="t", options=FAST)
        stages: dict[str, set] = {}
        engine.subscribe(lambda ev: stages.setdefault(ev.job.image_id, set()).add(ev.job.stage))
        jobs = engine.start_export(requests(3))
        assert engine.wait([j.job_id for j in jobs], timeout=60)
        by_image = {j.image_id: j for j in engine.jobs()}
        assert by_image[image_id(0)].stage == JobStage.DONE
        assert by_image[image_id(1)].stage == JobStage.DONE
        assert JobStage.WAITING_SLOT in stages[image_id(1)]
        third = by_image[image_id(2)]
        assert third.stage == JobStage.FAILED and third.error.code == "WeeklyQuotaExceed.ExportImage"
        engine.shutdown()


def test_a_new_engine_resumes_a_download_from_its_checkpoint(tmp_path):
    with EmbeddedCloud(scenario(images=1, gib=16), export_seconds=0.5, bytes_per_gib=1 << 20,
                       faults="bandwidth=2.0,only=GetObject") as sim:
        session = CloudSession.for_sim(sim)
        store = TaskStore(tmp_path / "state")
        first = JobEngine(session, store, account="t", options=FAST)
        half = threading.Event()
        first.subscribe(lambda ev: ev.job.bytes_done > (4 << 20) and half.set())
        (job,) = first.start_export(requests(1), download_dir=tmp_path / "dl")
        assert half.wait(60)
        first.shutdown()                                     # the app quits mid-download
        assert store.job_row(job.job_id)["stage"] == "downloading"

        second = JobEngine(session, TaskStore(tmp_path / "state"), account="t", options=FAST)
        (resumed,) = second.resume_unfinished()
        assert resumed.job_id == job.job_id
        assert second.wait([job.job_id], timeout=60)
        done = second.job(job.job_id)
        assert done.stage == JobStage.DONE and done.verified
        assert done.objects[0].path.startswith(str(tmp_path / "dl"))
        (verified,) = [d for _, _, d in store.job_journal(job.job_id) if d.startswith("verified ")]
        fetched = int(verified.split(", ")[1].split()[0])
        assert fetched <= done.bytes_total - (4 << 20) + (8 << 20), verified   # the kept bytes weren't fetched again
        second.shutdown()


def test_cancelled_export_aborts_its_unfinished_uploads_and_cleanup_deletes_verified_objects(tmp_path):
    with EmbeddedCloud(scenario(images=2), export_seconds=30, bytes_per_gib=64 << 10) as sim:
        session = CloudSession.for_sim(sim)
        engine = JobEngine(session, TaskStore(tmp_path), account="t", options=FAST)
        (job,) = engine.start_export(requests(1, prefix="cx"))
        wait_until(lambda: engine.job(job.job_id).task_id, timeout=30, what="the export's task id")
        bucket = session.oss_bucket(BUCKET, REGION)   # what a cut export leaves: an upload never completed
        leftover = bucket.init_multipart_upload(f"cx_{image_id(0)}_system.raw.tar.gz").upload_id
        other = bucket.init_multipart_upload("someone-elses-upload").upload_id
        engine.cancel(job.job_id)
        assert engine.job(job.job_id).stage == JobStage.CANCELLED
        engine.cleanup(job.job_id)
        import oss2
        left = {u.upload_id for u in oss2.MultipartUploadIterator(bucket)}
        assert leftover not in left and other in left

        sim.world.export_seconds = 0.5
        (kept,) = engine.start_export([ExportRequest(REGION, image_id(1), BUCKET, "ok")],
                                      download_dir=tmp_path / "dl", cleanup=True)
        assert engine.wait([kept.job_id], timeout=60)
        done = engine.job(kept.job_id)
        assert done.stage == JobStage.DONE and done.verified
        assert session.oss.list_prefix(BUCKET, f"ok_{image_id(1)}", REGION) == []
        engine.shutdown()


def test_read_only_engine_refuses_export_and_cleanup(tmp_path):
    from tui_export.jobs import ReadOnlyRefused
    with EmbeddedCloud(scenario(images=1)) as sim:
        engine = JobEngine(CloudSession.for_sim(sim), TaskStore(tmp_path), account="t", read_only=True)
        with pytest.raises(ReadOnlyRefused):
            engine.start_export(requests(1))
        assert engine.jobs() == []


def test_a_running_tasks_percent_arrives_on_the_engines_events_every_round(tmp_path):
    # The app has no watcher of its own: the task list, the ETA and the Jobs view take the
    # percent from the jobs, so it must be as fresh as one poll round.
    with EmbeddedCloud(scenario(images=1), export_seconds=4, bytes_per_gib=64 << 10) as sim:
        engine = JobEngine(CloudSession.for_sim(sim), TaskStore(tmp_path), account="t", options=FAST)
        seen: list[tuple[int, int, str]] = []   # (poller round, percent, status) of each running-task event
        engine.subscribe(lambda ev: ev.job.progress is not None and 0 < ev.job.progress < 100
                         and seen.append((engine._poller.rounds, ev.job.progress, ev.job.status)))
        jobs = engine.start_export(requests(1))
        assert engine.wait([j.job_id for j in jobs], timeout=60)
        assert engine.jobs()[0].stage == JobStage.DONE
        assert len(seen) >= 4, seen                                  # the percent moved while it ran
        assert all(status in ("Waiting", "Processing") for _, _, status in seen), seen
        percents = [p for _, p, _ in seen]
        assert percents == sorted(percents), percents
        gaps = [b[0] - a[0] for a, b in zip(seen, seen[1:])]
        assert max(gaps) <= 1, (gaps, seen)                          # a new percent every round, not every few
        engine.shutdown()


def test_a_download_of_one_object_fetches_only_it_and_a_new_engine_resumes_just_it(tmp_path):
    world = scenario(images=1, gib=8)
    world["images"][0]["disks"].append({"device": "/dev/xvdb", "type": "data", "size_gib": 16})
    with EmbeddedCloud(world, export_seconds=0.5, bytes_per_gib=1 << 20) as sim:
        session = CloudSession.for_sim(sim)
        store = TaskStore(tmp_path / "state")
        first = JobEngine(session, store, account="t", options=FAST)
        (job,) = first.start_export(requests(1))             # no download asked
        assert first.wait([job.job_id], timeout=60)
        task = first.job(job.job_id)
        keys = [o.key for o in session.exported_objects(first.task_of(task), first.request_of(task))]
        assert len(keys) == 2
        data = next(k for k in keys if "data" in k)
        sim.faults.update(bandwidth=1.0, only=["GetObject"])
        half = threading.Event()
        first.subscribe(lambda ev: ev.job.bytes_done > (4 << 20) and half.set())
        first.download(job.job_id, tmp_path / "dl", keys=[data])
        assert half.wait(60)
        first.shutdown()                                     # the app quits mid-download
        sim.faults.update(bandwidth=0)

        second = JobEngine(session, TaskStore(tmp_path / "state"), account="t", options=FAST)
        (resumed,) = second.resume_unfinished()
        assert resumed.job_id == job.job_id and resumed.download_keys == (data,)
        assert second.wait([job.job_id], timeout=60)
        done = second.job(job.job_id)
        assert done.stage == JobStage.DONE and done.verified
        assert [o.key for o in done.objects] == [data]
        assert (tmp_path / "dl" / data).stat().st_size == 16 << 20
        other = next(k for k in keys if k != data)
        assert not (tmp_path / "dl" / other).exists()          # the system disk was never fetched
        second.download(job.job_id, tmp_path / "dl")           # the default is still every object
        assert second.wait([job.job_id], timeout=60)
        assert sorted(o.key for o in second.job(job.job_id).objects) == sorted(keys)
        assert (tmp_path / "dl" / other).is_file()
        second.shutdown()


def test_a_cancelled_export_of_ours_leaves_no_unfinished_uploads_unasked(tmp_path):
    # Issue #9 §2: a cancelled export's unfinished multipart uploads are aborted. The app's tasks
    # screen cancels through CancelTask and the engine only sees the task end "Deleted"; a command
    # cancels through the engine. Nobody calls cleanup in either case, and the uploads must still go.
    import oss2
    with EmbeddedCloud(scenario(images=3), export_seconds=30, bytes_per_gib=64 << 10) as sim:
        session = CloudSession.for_sim(sim)
        engine = JobEngine(session, TaskStore(tmp_path), account="t", options=FAST)
        jobs = engine.start_export([ExportRequest(REGION, image_id(0), BUCKET, "cx"),
                                    ExportRequest(REGION, image_id(1), BUCKET, "cy")])
        wait_until(lambda: all(engine.job(j.job_id).task_id for j in jobs), timeout=30, what="the task ids")
        bucket = session.oss_bucket(BUCKET, REGION)   # what a cut export leaves: uploads never completed
        cut = {bucket.init_multipart_upload(f"{p}_{image_id(i)}_system.raw.tar.gz").upload_id
               for i, p in ((0, "cx"), (1, "cy"))}
        others = {bucket.init_multipart_upload("someone-elses-upload").upload_id,
                  bucket.init_multipart_upload(f"{image_id(2)}_system.raw.tar.gz").upload_id}

        def left() -> set[str]:
            return {u.upload_id for u in oss2.MultipartUploadIterator(bucket)}

        session.cancel(REGION, engine.job(jobs[0].job_id).task_id)   # as the tasks screen does
        engine.cancel(jobs[1].job_id)                                  # as a command does
        wait_until(lambda: not cut & left(), timeout=30, what="the cancelled exports' uploads aborted")
        assert others <= left()
        wait_until(lambda: all(engine.job(j.job_id).stage == JobStage.CANCELLED for j in jobs), timeout=30,
                   what="both jobs cancelled")
        engine.shutdown()


def test_a_read_only_engine_aborts_no_upload_of_a_cancelled_export(tmp_path):
    import oss2
    with EmbeddedCloud(scenario(images=1), export_seconds=30, bytes_per_gib=64 << 10) as sim:
        session = CloudSession.for_sim(sim)
        writer = JobEngine(session, TaskStore(tmp_path), account="t", options=FAST)
        (job,) = writer.start_export(requests(1, prefix="ro"))
        task_id = wait_until(lambda: writer.job(job.job_id).task_id, timeout=30, what="the task id")
        writer.shutdown()
        bucket = session.oss_bucket(BUCKET, REGION)
        upload = bucket.init_multipart_upload(f"ro_{image_id(0)}_system.raw.tar.gz").upload_id
        reader = JobEngine(session, TaskStore(tmp_path), account="t", read_only=True, options=FAST)
        reader.resume_unfinished()
        session.cancel(REGION, task_id)
        wait_until(lambda: reader.job(task_id).stage == JobStage.CANCELLED, timeout=30, what="seen cancelled")
        reader.shutdown()                            # the poller's round is over: nothing more will be sent
        assert upload in {u.upload_id for u in oss2.MultipartUploadIterator(bucket)}


def test_downloads_run_a_few_at_once_never_more(tmp_path):
    # Issue #9 §1: the engine owns the download queue, "a few downloads at once". Three exported
    # images asked for together: two download side by side, the third waits for a free place.
    options = EngineOptions(poll_seconds=0.2, quota_retry_seconds=0.5, downloads_at_once=2, connections=4)
    with EmbeddedCloud(scenario(images=3, gib=8), export_seconds=0.5, bytes_per_gib=1 << 20) as sim:
        engine = JobEngine(CloudSession.for_sim(sim), TaskStore(tmp_path), account="t", options=options)
        jobs = engine.start_export(requests(3))                  # no download asked yet
        assert engine.wait([j.job_id for j in jobs], timeout=60)
        lock = threading.Lock()
        most = [0]

        def count(_event) -> None:   # the engine's own snapshot of every job, at every change
            n = sum(j.stage == JobStage.DOWNLOADING for j in engine.jobs())
            with lock:
                most[0] = max(most[0], n)
        engine.subscribe(count)
        sim.faults.update(bandwidth=1.0, only=["GetObject"])   # 8 MiB at 1 MB/s a connection: seconds each
        for job in jobs:
            engine.download(job.job_id, tmp_path / "dl")
        assert engine.wait([j.job_id for j in jobs], timeout=120)
        assert all(engine.job(j.job_id).stage == JobStage.DONE and engine.job(j.job_id).verified for j in jobs)
        assert most[0] == 2, most[0]
        engine.shutdown()


def test_a_job_killed_between_export_image_and_its_answer_follows_that_task_next_time(tmp_path):
    # The first run journaled "ExportImage sent" and died before the answer came back: the cloud
    # runs that export, the job has no task id. The next run sends ExportImage again, meets
    # ImageIsExporting and follows the running task (exporter.py _adopt_running): one export,
    # not a failed job and not a second task. (A journal from before the tasks seen ahead of the
    # send were kept; tests/headless/test_resume.py kills a real command at that moment.)
    with EmbeddedCloud(scenario(images=1), export_seconds=5, bytes_per_gib=64 << 10) as sim:
        session = CloudSession.for_sim(sim)
        (req,) = requests(1)
        store = TaskStore(tmp_path / "state")   # what the killed run left, written as its journal does
        store.save_job("j-killed", journal="queued", account="t", region_id=REGION, image_id=req.image_id,
                       bucket=BUCKET, prefix=req.prefix, stage="queued")
        store.save_job("j-killed", journal="ExportImage sent")
        job = store.job_row("j-killed")
        task_id = session.export(req)                 # what that request started before the kill

        second = JobEngine(session, TaskStore(tmp_path / "state"), account="t", options=FAST)
        (resumed,) = second.resume_unfinished()
        assert resumed.job_id == job["job_id"] and not resumed.task_id
        assert second.wait([resumed.job_id], timeout=60)
        done = second.job(resumed.job_id)
        assert (done.stage, done.task_id, done.error) == (JobStage.DONE, task_id, None)
        with sim.world.lock:
            assert [t.task_id for t in sim.world.tasks.values() if t.image_id == req.image_id] == [task_id]
        second.shutdown()
