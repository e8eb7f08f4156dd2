"""Download engine vs a single-stream GET of the same object, in one run (a script, not a test).

    .venv/bin/python benchmarks/bench_download.py [--size 512] [--cap 20] [--threads 4] [--part-mib 8]

The embedded OSS server runs in a child process (so it doesn't share our GIL) with a generated
object of --size MiB. For each setting (no cap; per-connection `bandwidth` cap of --cap MB/s)
it times:
  - single: `bucket.get_object_to_file` (one GET, oss2's own CRC check), the usual baseline;
  - engine: `DownloadJob` (parallel ranges, CRC-64 combine, checkpoint, progress);
and prints engine/single throughput ratios, the process's peak resident set above its level before
(VmRSS sampled every 20 ms) during each engine run, and the engine's peak Python allocations
(tracemalloc, in one more untimed run).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MiB = 1 << 20
BUCKET, KEY = "bench", "bench/object.raw"


def _serve(conn, size: int, data_dir: str) -> None:
    """Child: OSS server + one generated object; obeys {"faults": {...}} and "stop" messages."""
    from tui_export.sim.faults import Faults
    from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, demo_keys
    from tui_export.sim.oss.server import OssServer
    from tui_export.sim.oss.store import ObjectStore

    store = ObjectStore(Path(data_dir))
    keys = demo_keys()
    faults = Faults()
    server = OssServer(store, keys, faults).start()
    store.create_bucket(BUCKET, "cn-hangzhou")
    rec = store.put_generated_raw(BUCKET, KEY, size=size, seed="bench")
    conn.send({"endpoint": server.endpoint, "ak": DEMO_ACCESS_KEY_ID, "sk": DEMO_ACCESS_KEY_SECRET,
               "crc": rec.crc64})
    while True:
        msg = conn.recv()
        if msg == "stop":
            break
        faults.clear()
        faults.update(**msg["faults"])
        conn.send("ok")
    server.stop()


class RssSampler:
    """Peak VmRSS (Linux) while running, sampled every 10 ms."""

    def __init__(self) -> None:
        self.peak = self.base = self._rss()
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def _rss() -> int:
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _loop(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> "RssSampler":
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=512, help="object size in MiB (default 512)")
    ap.add_argument("--cap", type=float, default=20.0, help="per-connection bandwidth cap, MB/s (default 20)")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--part-mib", type=int, default=8)
    args = ap.parse_args(argv)

    import oss2

    from tui_export.cloud.crc_check import crc_accelerated
    from tui_export.cloud.download import DownloadJob

    size = args.size * MiB
    work = Path(tempfile.mkdtemp(prefix="bench-dl-"))
    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=_serve, args=(child, size, str(work / "sim")), daemon=True)
    t0 = time.monotonic()
    proc.start()
    info = parent.recv()
    print(f"object: {args.size} MiB generated in {time.monotonic() - t0:.1f} s; crcmod C extension: "
          f"{crc_accelerated()}; {os.cpu_count()} CPUs; threads={args.threads}, part={args.part_mib} MiB")
    bucket = oss2.Bucket(oss2.Auth(info["ak"], info["sk"]), info["endpoint"], BUCKET, connect_timeout=60)
    rows = []
    try:
        for label, faults in (("no cap", {}), (f"cap {args.cap:g} MB/s per connection", {"bandwidth": args.cap})):
            parent.send({"faults": faults})
            parent.recv()
            out = work / "single.raw"
            t = time.monotonic()
            bucket.get_object_to_file(KEY, str(out))
            single = size / (time.monotonic() - t)
            out.unlink()

            dest = work / "engine.raw"
            job = DownloadJob(bucket, KEY, dest, state_dir=work / "state", threads=args.threads,
                              part_size=args.part_mib * MiB)
            with RssSampler() as rss:
                t = time.monotonic()
                result = job.run()
                elapsed = time.monotonic() - t
            assert result.verified and result.crc64 == info["crc"]
            engine = size / elapsed
            dest.unlink()
            rows.append((label, single, engine, rss.peak - rss.base))

        # Python allocations in a separate, untimed run: tracemalloc slows every allocation
        parent.send({"faults": {}})
        parent.recv()
        job = DownloadJob(bucket, KEY, work / "engine.raw", state_dir=work / "state", threads=args.threads,
                          part_size=args.part_mib * MiB)
        tracemalloc.start()
        job.run()
        _, py_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        parent.send("stop")
        proc.join(10)
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'setting':34} {'single MB/s':>12} {'engine MB/s':>12} {'ratio':>6} {'peak RSS +':>11}")
    for label, single, engine, rss in rows:
        print(f"{label:34} {single / 1e6:12.1f} {engine / 1e6:12.1f} {engine / single:6.2f} {rss / MiB:9.1f}Mi")
    print(f"engine peak Python allocations (tracemalloc, uncapped {args.size} MiB): {py_peak / MiB:.1f} MiB")
    try:
        load = os.getloadavg()[0]
        print(f"load average during the run: {load:.1f} on {os.cpu_count()} CPUs (loopback, CPU-bound: noisy)")
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
