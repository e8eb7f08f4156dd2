"""Memory stays bounded by a few chunks per thread, whatever the object's size."""

from __future__ import annotations

import tracemalloc

from download_fixtures import MiB, oss_sim, sim  # noqa: F401  (fixtures)
from tui_export.cloud.download import DownloadJob


def test_peak_memory_of_a_128_mib_download(sim, tmp_path):
    sim.put("mem/obj", 128 * MiB)
    job = DownloadJob(sim.bucket(), "mem/obj", tmp_path / "obj", state_dir=tmp_path / "state",
                      threads=4, part_size=8 * MiB)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        result = job.run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.verified and result.size == 128 * MiB
    grown = peak - base
    print(f"peak Python allocations during a 128 MiB download: {grown / MiB:.1f} MiB")
    # 4 threads x (256 KiB chunk + socket buffers) plus bookkeeping; a part (8 MiB) held in
    # memory by any thread would already break this
    assert grown < 8 * MiB, grown
