"""GET throughput of the sim's OSS server: 1 connection vs 8 concurrent range slices, one run.

    .venv/bin/python benchmarks/bench_sim_oss.py [--size 512] [--connections 8]

Creates a generated export object (--size MiB), fetches it whole over one
connection, then as N concurrent ranged GETs (one slice each), through presigned
URLs and http.client reading into a reused buffer (so the client adds little).
Prints MB/s (1 MB = 10^6 bytes) and the ratio N/1.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import oss2  # noqa: E402

from tui_export.sim.faults import Faults  # noqa: E402
from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, demo_keys  # noqa: E402
from tui_export.sim.oss.server import OssServer  # noqa: E402
from tui_export.sim.oss.store import ObjectStore  # noqa: E402

def fetch(url: str, first: int | None = None, last: int | None = None) -> int:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Range": f"bytes={first}-{last}"} if first is not None else {}
    conn.request("GET", parts.path + "?" + parts.query, headers=headers)
    resp = conn.getresponse()
    if resp.status not in (200, 206):
        raise SystemExit(f"GET failed: {resp.status} {resp.read()[:300]!r}")
    buf = memoryview(bytearray(1 << 20))
    got = 0
    while n := resp.readinto(buf):
        got += n
    conn.close()
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=512, help="object size in MiB (default 512)")
    ap.add_argument("--connections", type=int, default=8)
    args = ap.parse_args()
    size = args.size << 20

    with tempfile.TemporaryDirectory(prefix="bench-sim-oss-") as tmp:
        keys = demo_keys()
        store = ObjectStore(Path(tmp))
        store.create_bucket("bench", "cn-hangzhou")
        t = time.perf_counter()
        store.put_generated_export("bench", "bench.raw.tar.gz", size=size, seed="bench", member_name="system.raw")
        gen_s = time.perf_counter() - t
        with OssServer(store, keys, Faults()) as srv:
            bucket = oss2.Bucket(oss2.Auth(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET), srv.endpoint, "bench")
            url = bucket.sign_url("GET", "bench.raw.tar.gz", 3600)
            fetch(url, 0, (8 << 20) - 1)   # warm the page cache path and the server

            t = time.perf_counter()
            assert fetch(url) == size
            one_s = time.perf_counter() - t

            n = args.connections
            slice_ = -(-size // n)
            got = [0] * n

            def worker(i: int) -> None:
                first = i * slice_
                got[i] = fetch(url, first, min(size, first + slice_) - 1)

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
            t = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            many_s = time.perf_counter() - t
            assert sum(got) == size

    one = size / one_s / 1e6
    many = size / many_s / 1e6
    print(f"object: {args.size} MiB generated .tar.gz in {gen_s:.2f} s ({size / gen_s / 1e6:.0f} MB/s)")
    print(f"GET 1 connection:            {one:8.1f} MB/s")
    print(f"GET {n} connections (ranges): {many:8.1f} MB/s")
    print(f"ratio {n}/1: {many / one:.2f}")


if __name__ == "__main__":
    main()
