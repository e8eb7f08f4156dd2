"""CRC-64/XZ (what OSS sends as x-oss-hash-crc64ecma) backends, side by side (a script, not a test).

    .venv/bin/python benchmarks/bench_crc.py [--mib 64]

For crcmod (oss2's), fastcrc and anycrc (if installed): the check value for "123456789"
(must be 0x995DC9BBDF1939FA) and GB/s on 1 and 2 threads hashing the same buffer. A backend
that holds the GIL doesn't gain from the second thread; the download engine's connections
each hash their own reads, so that's the number that matters.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHECK = 0x995DC9BBDF1939FA


def backends() -> dict:
    from tui_export.cloud.crc_check import _crc64_crcmod

    out = {"crcmod": _crc64_crcmod}
    try:
        import fastcrc.crc64
        out["fastcrc"] = lambda data, crc=0: fastcrc.crc64.xz(data, crc)
    except ImportError:
        pass
    try:
        import anycrc
        model = anycrc.Model("CRC64-XZ")
        out["anycrc"] = lambda data, crc=0: model.calc(data, crc) if crc else model.calc(data)
    except ImportError:
        pass
    return out


def rate(fn, data, threads: int, seconds: float = 1.0) -> float:
    done = [0] * threads
    stop = time.perf_counter() + seconds

    def work(i: int) -> None:
        while time.perf_counter() < stop:
            fn(data)
            done[i] += len(data)

    ts = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    t = time.perf_counter()
    for x in ts:
        x.start()
    for x in ts:
        x.join()
    return sum(done) / (time.perf_counter() - t)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mib", type=int, default=64, help="buffer size in MiB (default 64)")
    args = ap.parse_args(argv)
    data = memoryview(bytearray(os.urandom(args.mib << 20)))
    print(f"{'backend':10} {'check ok':>8} {'1 thread GB/s':>14} {'2 threads GB/s':>15}")
    base = None
    for name, fn in backends().items():
        ok = fn(b"123456789") == CHECK and fn(data[100:], fn(data[:100])) == fn(data)
        one, two = rate(fn, data, 1), rate(fn, data, 2)
        base = base or one
        print(f"{name:10} {str(ok):>8} {one / 1e9:14.2f} {two / 1e9:15.2f}   ({one / base:.0f}x crcmod)")
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
