"""Disk conversion (issue #11): the pure-Python writers against `qemu-img convert`, one run.

    .venv/bin/python benchmarks/bench_convert.py [--size 256]

1. Generates an export as the embedded cloud writes it (--size MiB of .tar.gz; the disk inside
   is ~4x that, mostly zeros) and extracts its raw disk (not sparse, as `tar x` writes it).
2. Per format: our converter on the raw disk (zero detection + writer), our whole pipeline from
   the .tar.gz (gunzip + tar + the same), and `qemu-img convert -O FMT` of the same raw disk;
   prints seconds, MB/s of disk (1 MB = 10^6 bytes) and the ratio ours/qemu-img (time).
3. The converted files' allocated size (st_blocks * 512) against their virtual size.
4. A download with conversion from the embedded cloud (qcow2, archive not kept): the folder's
   allocated bytes sampled every 20 ms; peak extra = peak - final, against download-then-convert
   by hand (archive + extracted raw + converted, all at once).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_export.convert.engine import convert_file  # noqa: E402
from tui_export.convert.formats import BLOCK  # noqa: E402
from tui_export.convert.writers import open_writer  # noqa: E402
from tui_export.convert.zeros import is_zero  # noqa: E402
from tui_export.sim.oss import generated  # noqa: E402

QEMU = {"raw": "raw", "qcow2": "qcow2", "vmdk": "vmdk", "vhd": "vpc"}


def allocated(path: Path) -> int:
    return os.stat(path).st_blocks * 512


def from_raw(raw: Path, out: Path, fmt: str) -> None:
    """Our zero detection + writer on a raw disk (no gunzip): what qemu-img convert does."""
    size = raw.stat().st_size
    w = open_writer(fmt, out, size)
    with open(raw, "rb") as f:
        offset = 0
        while chunk := f.read(16 * BLOCK):
            view = memoryview(chunk)
            for at in range(0, len(view), BLOCK):
                if not is_zero(view[at:at + BLOCK]):
                    w.write_block(offset + at, view[at:at + BLOCK])
            offset += len(chunk)
    w.finish()


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def conversion_figures(work: Path, size_mib: int) -> None:
    archive = work / "bench_m-1_system.raw.tar.gz"
    with open(archive, "wb") as f:
        generated.write_export(f, size=size_mib << 20, seed="bench", member_name="system.raw")
    subprocess.run(["tar", "xzf", str(archive), "-C", str(work)], check=True)
    raw = work / "system.raw"
    disk = raw.stat().st_size
    print(f"archive {archive.stat().st_size / 2**20:.0f} MiB, disk {disk / 2**20:.0f} MiB "
          f"(raw extracted, allocated {allocated(raw) / 2**20:.0f} MiB)")
    qemu = shutil.which("qemu-img")
    print(f"{'format':<7}{'ours raw->':>12}{'ours tar.gz->':>15}{'qemu-img':>10}{'ours/qemu':>11}"
          f"{'allocated':>12}{'virtual':>10}")
    for fmt in ("raw", "qcow2", "vmdk", "vhd"):
        ours = work / f"ours.{fmt}"
        t_ours = timed(lambda: from_raw(raw, ours, fmt))
        out_dir = work / f"pipe-{fmt}"
        out_dir.mkdir()
        t_pipe = timed(lambda: convert_file(archive, out_dir, fmt))
        piped = next(out_dir.iterdir())
        t_qemu = None
        if qemu:
            args = [qemu, "convert", "-f", "raw", "-O", QEMU[fmt]]
            if fmt == "vhd":
                args += ["-o", "subformat=fixed,force_size=on"]
            t_qemu = timed(lambda: subprocess.run([*args, str(raw), str(work / f"qemu.{fmt}")], check=True))
        virtual = piped.stat().st_size if fmt in ("raw", "vhd") else disk
        q = f"{t_qemu:8.2f}s" if t_qemu else "   (none)"
        ratio = f"{t_ours / t_qemu:10.2f}x" if t_qemu else "          -"
        print(f"{fmt:<7}{t_ours:8.2f}s{disk / t_ours / 1e6:>4.0f}{t_pipe:10.2f}s{disk / t_pipe / 1e6:>5.0f}{q}{ratio}"
              f"{allocated(piped) / 2**20:>9.1f}MiB{virtual / 2**20:>7.0f}MiB")
    print("  (MB/s of disk after each time; ours/qemu = our time on the raw disk / qemu-img's)")


def download_figures(work: Path, size_mib: int) -> None:
    from tests.headless.conftest import BUCKET, REGION, image_id, scenario
    from tui_export.cloud.session import CloudSession
    from tui_export.cloud.task_store import TaskStore
    from tui_export.core.models import ExportRequest
    from tui_export.jobs import EngineOptions, JobEngine, JobStage
    from tui_export.jobs.convert_step import ConvertPlan
    from tui_export.sim import EmbeddedCloud

    out = work / "download"
    gib = 40
    with EmbeddedCloud(scenario(images=1, gib=gib), export_seconds=0.5, bytes_per_gib=(size_mib << 20) // gib,
                       data_dir=work / "cloud") as sim:
        engine = JobEngine(CloudSession.for_sim(sim), TaskStore(work / "state"), account="bench",
                           options=EngineOptions(poll_seconds=0.2, quota_retry_seconds=0.5))
        [job] = engine.start_export([ExportRequest(REGION, image_id(0), BUCKET, "b")], download_dir=out)
        engine.set_convert(job.job_id, ConvertPlan("qcow2", False))
        peak = [0]
        done = threading.Event()

        def sample():
            while not done.wait(0.02):
                if out.exists():
                    total = sum(allocated(p) for p in out.iterdir() if p.is_file())
                    peak[0] = max(peak[0], total)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        t = time.perf_counter()
        engine.wait([job.job_id], timeout=1800)
        elapsed = time.perf_counter() - t
        done.set()
        sampler.join()
        j = engine.job(job.job_id)
        engine.shutdown()
    [obj] = j.objects
    if j.stage != JobStage.DONE or not obj.converted:   # else the figures would be a plain download's
        sys.exit(f"download with conversion did not finish: {j.stage.value} {j.error}")
    final = sum(allocated(p) for p in out.iterdir() if p.is_file())
    archive_mib = obj.size / 2**20
    by_hand = obj.size + 4 * obj.size + final     # the archive + a non-sparse extracted disk (~4x) + the output
    print(f"download with conversion to qcow2: {elapsed:.1f}s end to end (export included); archive {archive_mib:.0f} MiB")
    print(f"  folder allocated: peak {peak[0] / 2**20:.0f} MiB, final {final / 2**20:.0f} MiB, "
          f"peak extra {(peak[0] - final) / 2**20:.0f} MiB (the archive while it downloads); "
          f"download-then-convert by hand: ~{by_hand / 2**20:.0f} MiB at its peak")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=256, help="archive size in MiB (default 256)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-convert-", dir=os.environ.get("TMPDIR", "/var/tmp")))
    try:
        conversion_figures(work, args.size)
        download_figures(work, args.size)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
