"""Regions with image and bucket counts, in round trips (a script, not a test).

    .venv/bin/python benchmarks/bench_region_fanout.py [--latency-ms 100] [--runs 3] [--warm 3]

The embedded demo cloud (31 regions) runs here with a `latency_ms` fault on every
request; each run is a new child process that loads the region list with every
region's image count and the bucket counts exactly as the Regions screen does
(tui_export/cloud/region_counts.py, through CloudSession and the real SDKs):
  - cold: timed from the session's construction with no SDK imported yet (the
    app's background import, cloud/warm_up.py, starts at the same moment), so the
    imports (a few tenths of a second of CPU) are on the clock;
  - first load: the SDK imports done (as in the app once its background import has
    finished), but no SDK client built and no connection open;
  - warm: --warm more loads in the same session (clients built, connections open).
Cold and first-load children alternate; prints medians over --runs of each, in RTT
units (RTT = --latency-ms), when the cold children's SDK imports were done, and the most
ECS requests the server had in flight at once. The children run with their bytecode
compiled once beforehand (PYTHONPYCACHEPREFIX, an untimed run first), as an installed
app has it: where PYTHONDONTWRITEBYTECODE is set, each child would otherwise compile
tui_export's modules on the clock.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class _Endpoints:
    """What CloudSession.for_sim reads of an EmbeddedCloud (the cloud runs in the parent)."""

    def __init__(self, spec: dict) -> None:
        self.__dict__.update(spec)


def _one_load(session) -> dict:
    from tui_export.cloud.region_counts import CountSink, count_regions

    t0 = time.perf_counter()
    marks: dict[str, float] = {}
    got = {"images": 0, "failed": 0}

    def images(region_id, found):
        got["images"] += 1

    def images_failed(region_id, exc):
        got["failed"] += 1

    sink = CountSink(regions=lambda regions: marks.setdefault("regions", time.perf_counter() - t0),
                     images=images, images_failed=images_failed,
                     buckets=lambda counts: marks.setdefault("buckets", time.perf_counter() - t0),
                     buckets_failed=lambda exc: marks.setdefault("buckets_failed", time.perf_counter() - t0))
    count_regions(session, "en", sink)
    marks["all"] = time.perf_counter() - t0
    if got["failed"] or "buckets_failed" in marks:
        raise SystemExit(f"a count failed: {got}, {marks}")
    return {**marks, "regions_counted": got["images"]}


_imports_done = 0.0


def _note_imports_done() -> None:
    """Stamp when the background import (cloud/warm_up.py) has finished."""
    from tui_export.cloud import warm_up

    done = warm_up._import_sdks

    def timed() -> None:
        global _imports_done
        done()
        _imports_done = time.perf_counter()

    warm_up._import_sdks = timed


def child(spec: dict, warm: int, imports_first: bool) -> None:
    _note_imports_done()
    if imports_first:
        from tui_export.cloud.warm_up import warm_sdks

        warm_sdks().join()
    t0 = time.perf_counter()
    from tui_export.cloud.session import CloudSession   # what the app's connect worker does
    from tui_export.cloud.warm_up import warm_sdks      # the app starts it after its first frame

    importing = warm_sdks()
    session = CloudSession.for_sim(_Endpoints(spec))
    fresh = _one_load(session)
    fresh["all"] = time.perf_counter() - t0     # imports (if any left) included
    importing.join()
    fresh["imported"] = _imports_done - t0 if _imports_done else 0.0
    warm_runs = [_one_load(session) for _ in range(warm)]
    print(json.dumps({"fresh": fresh, "warm": warm_runs}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency-ms", type=float, default=100.0)
    ap.add_argument("--runs", type=int, default=3, help="fresh child processes (default 3)")
    ap.add_argument("--warm", type=int, default=3, help="warm loads per child (default 3)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--imports-first", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(json.loads(args.child), args.warm, args.imports_first)
        return

    from tui_export.sim import EmbeddedCloud

    rtt = args.latency_ms / 1000.0
    pycache = tempfile.TemporaryDirectory(prefix="bench-fanout-pyc-")
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "PYTHONPYCACHEPREFIX": pycache.name}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with pycache, EmbeddedCloud("demo", faults=f"latency_ms={args.latency_ms}") as sim:
        spec = {"ecs_endpoint": sim.ecs_endpoint, "ram_endpoint": sim.ram_endpoint,
                "sts_endpoint": sim.sts_endpoint, "oss_endpoint": sim.oss_endpoint,
                "access_key_id": sim.access_key_id, "access_key_secret": sim.access_key_secret}
        cold, first, warm, peaks, imported = [], [], [], [], []
        for run in range(-1, args.runs):       # run -1 compiles the bytecode, untimed
            for imports_first, into in ((False, cold), (True, first)):
                sim.ecs.reset_stats()
                cmd = [sys.executable, __file__, "--warm", str(args.warm), "--child", json.dumps(spec)]
                out = subprocess.run(cmd + (["--imports-first"] if imports_first else []), capture_output=True,
                                     text=True, cwd=ROOT, env=env)
                if out.returncode:
                    raise SystemExit(out.stderr)
                if run < 0:
                    continue
                result = json.loads(out.stdout.strip().splitlines()[-1])
                if not imports_first:
                    imported.append(result["fresh"]["imported"])
                into.append(result["fresh"]["all"])
                warm.extend(r["all"] for r in result["warm"])
                peaks.append(sim.ecs.stats()["max_in_flight"])
                regions = result["fresh"]["regions_counted"]

    def rtts(values):
        return statistics.median(values) / rtt

    print(f"regions counted: {regions}; RTT = {args.latency_ms:.0f} ms (sim latency fault)")
    def line(label, values):
        print(f"{label:<46}{rtts(values):4.1f} RTT  (median of {len(values)}: "
              f"{', '.join(f'{v * 1000:.0f}' for v in values)} ms)")

    line("new process, cold (SDK imports on the clock):", cold)
    line("  of which: SDK imports done at", imported)
    line("new process, first load (SDKs imported):", first)
    line("warm (same session):", warm)
    print(f"ECS requests in flight at once (max): {max(peaks)}")
    print("goal: <= 3 RTT")


if __name__ == "__main__":
    main()
