"""oss2.resumable_download against the sim: 256 MiB in ranged parts with CRC on, cut mid-body, resumed.

One server and one generated 256 MiB export serve the whole module (generating it is the slow part).
"""

from __future__ import annotations

import os
import time
import tracemalloc

import oss2
import pytest
from oss_fixtures import start_oss_sim

from tui_export.sim.oss.crc64 import crc64, using_c_extension
from tui_export.sim.oss.store import ObjectStore

SIZE = 256 << 20
PART = 8 << 20
KEY = "EcsExport_m-bp1test_system.raw.tar.gz"


def _file_crc(path) -> int:
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(4 << 20):
            crc = crc64(chunk, crc)
    return crc


@pytest.fixture(scope="module")
def module_sim(tmp_path_factory):
    store = ObjectStore(tmp_path_factory.mktemp("oss-data"))
    store.create_bucket("demo-bucket", "cn-hangzhou")
    t = time.monotonic()
    tracemalloc.start()
    try:
        record = store.put_generated_export("demo-bucket", KEY, size=SIZE, seed="m-bp1test", member_name="system.raw")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    generation_s = time.monotonic() - t
    sim = start_oss_sim(store)
    try:
        yield sim, record, generation_s, peak
    finally:
        sim.server.stop()


@pytest.fixture
def oss_sim(module_sim):
    module_sim[0].faults.clear()
    return module_sim[0]


@pytest.fixture
def demo_bucket(oss_sim):
    return oss_sim.bucket("demo-bucket")


@pytest.fixture
def big_export(module_sim):
    return module_sim[1]


def test_generating_256_mib_takes_seconds(module_sim, big_export):
    assert big_export.size == SIZE
    assert module_sim[2] < (12 if using_c_extension() else 90), module_sim[2]


def test_generating_never_holds_the_object_in_memory(module_sim):
    peak = module_sim[3]
    assert peak < SIZE // 8, f"peak {peak / 2**20:.1f} MiB while writing a {SIZE >> 20} MiB object"


def _download(bucket, path, store, progress=None):
    oss2.resumable_download(bucket, KEY, str(path), multiget_threshold=PART, part_size=PART, num_threads=4,
                            progress_callback=progress, store=store)


@pytest.mark.slow
def test_resumable_download_256_mib(oss_sim, demo_bucket, big_export, tmp_path):
    assert demo_bucket.enable_crc
    target = tmp_path / "out.tar.gz"
    before = oss_sim.server.requests["GetObject"]
    _download(demo_bucket, target, oss2.ResumableDownloadStore(root=str(tmp_path / "ckpt")))
    assert oss_sim.server.requests["GetObject"] - before == SIZE // PART
    assert target.stat().st_size == SIZE
    assert _file_crc(target) == big_export.crc64


@pytest.mark.slow
def test_download_cut_by_drop_after_then_resumed(oss_sim, demo_bucket, big_export, tmp_path):
    target = tmp_path / "out.tar.gz"
    ckpt = oss2.ResumableDownloadStore(root=str(tmp_path / "ckpt"))
    assert target.parent.is_dir()

    def cut_midway(consumed, total):   # after 64 MiB arrived, every body is cut at 1 MiB
        if consumed >= 64 << 20:
            oss_sim.faults.update(drop_after=1 << 20)

    with pytest.raises(Exception) as e:
        _download(demo_bucket, target, ckpt, cut_midway)
    assert not isinstance(e.value, oss2.exceptions.InconsistentError)
    assert not target.exists()
    records = list((tmp_path / "ckpt").rglob("*"))
    assert any(p.is_file() for p in records), "a checkpoint remains to resume from"
    first_run = oss_sim.server.requests["GetObject"]   # counts every test's GETs: compare deltas

    oss_sim.faults.clear()
    _download(demo_bucket, target, ckpt)
    second_run = oss_sim.server.requests["GetObject"] - first_run
    assert second_run < SIZE // PART, "resumed, not restarted"
    assert target.stat().st_size == SIZE
    assert _file_crc(target) == big_export.crc64
    assert not any(p.is_file() for p in (tmp_path / "ckpt").rglob("*"))
    assert not [p for p in os.listdir(tmp_path) if ".tmp-" in p]
