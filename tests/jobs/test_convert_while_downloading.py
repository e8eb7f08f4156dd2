"""Conversion runs while the download does (issue #11): the disk grows from the verified start of
the archive before the archive is complete, and the result is the same disk qemu-img would see."""

from __future__ import annotations

import hashlib
import os
import tarfile
import threading

from tests.headless.conftest import BUCKET, REGION, image_id, scenario
from tui_export.cloud.session import CloudSession
from tui_export.cloud.task_store import TaskStore
from tui_export.core.models import ExportRequest
from tui_export.jobs import EngineOptions, JobEngine, JobStage
from tui_export.jobs.convert_step import ConvertPlan
from tui_export.sim import EmbeddedCloud

FAST = EngineOptions(poll_seconds=0.2, quota_retry_seconds=0.5)


def test_the_disk_grows_while_the_archive_downloads(tmp_path):
    folder = tmp_path / "dl"
    seen: list[tuple[int, int, int]] = []     # (bytes downloaded, total, bytes of disk written so far)

    def watch(ev):
        job = ev.job
        if job.stage == JobStage.DOWNLOADING and job.bytes_total:
            parts = list(folder.glob("*.vmdk.part"))
            written = sum(os.stat(p).st_blocks * 512 for p in parts if p.exists())
            seen.append((job.bytes_done, job.bytes_total, written))

    with EmbeddedCloud(scenario(images=1, gib=12), export_seconds=0.5, bytes_per_gib=1 << 20,
                       faults="bandwidth=2.0,only=GetObject") as sim:
        engine = JobEngine(CloudSession.for_sim(sim), TaskStore(tmp_path / "state"), account="t", options=FAST)
        engine.subscribe(watch)
        (job,) = engine.start_export([ExportRequest(REGION, image_id(0), BUCKET, "c")], download_dir=folder)
        engine.set_convert(job.job_id, ConvertPlan("vmdk", keep_archive=True))
        assert engine.wait([job.job_id], timeout=120)
        done = engine.job(job.job_id)
        journal = [detail for _, _, detail in engine.store.job_journal(job.job_id)]
        engine.shutdown()
        [record] = sim.store.list_objects(BUCKET)
        sha = hashlib.sha256()
        with tarfile.open(record.path, "r|gz") as tar:
            member = tar.extractfile(next(iter(tar)))
            while data := member.read(1 << 20):
                sha.update(data)
    assert done.stage == JobStage.DONE, done.error
    # mid-download (at most 3/4 of the archive there), the disk already held data
    assert any(got <= total * 3 // 4 and written > (1 << 20) for got, total, written in seen), seen
    # and that disk was the one kept: not thrown away and made again from the finished archive
    [converted] = [line for line in journal if line.startswith("converted ")]
    assert " to vmdk while downloading; MBR: 1 Linux (ext4, " in converted, journal
    [obj] = done.objects
    assert obj.converted["format"] == "vmdk" and obj.converted["path"].endswith("c_" + image_id(0) + "_system.vmdk")
    assert obj.converted["sha256"] == sha.hexdigest()
    assert not list(folder.glob("*.part"))


def test_a_new_engine_resumes_a_download_with_its_conversion(tmp_path):
    """The target format is journaled with the job: after a relaunch the download still ends in a disk."""
    folder = tmp_path / "dl"
    with EmbeddedCloud(scenario(images=1, gib=12), export_seconds=0.5, bytes_per_gib=1 << 20,
                       faults="bandwidth=2.0,only=GetObject") as sim:
        session = CloudSession.for_sim(sim)
        store = TaskStore(tmp_path / "state")
        first = JobEngine(session, store, account="t", options=FAST)
        started = threading.Event()
        first.subscribe(lambda ev: ev.job.bytes_done > (2 << 20) and started.set())
        (job,) = first.start_export([ExportRequest(REGION, image_id(0), BUCKET, "r")], download_dir=folder)
        first.set_convert(job.job_id, ConvertPlan("qcow2", keep_archive=True))
        assert started.wait(60)
        first.shutdown()                                     # the app quits mid-download

        second = JobEngine(session, TaskStore(tmp_path / "state"), account="t", options=FAST)
        (resumed,) = second.resume_unfinished()
        assert resumed.job_id == job.job_id
        assert second.wait([job.job_id], timeout=120)
        done = second.job(job.job_id)
        second.shutdown()
    assert done.stage == JobStage.DONE, done.error
    [obj] = done.objects
    assert obj.converted and obj.converted["format"] == "qcow2"
    disk = folder / ("r_" + image_id(0) + "_system.qcow2")
    assert disk.read_bytes()[:4] == b"QFI\xfb"
    assert os.path.exists(obj.path)                          # keep-archive was remembered too
