"""Fault drills for ExportImage retries against the embedded cloud, one run.

    .venv/bin/python benchmarks/drill_export_retry.py [--exports 40] [--seed 1] [--drill 5xx ...]

Per drill: one image is exported again and again with the same request (each export
finished before the next, so the image collects finished tasks that look exactly
like the next one), through CloudSession and the real SDK, with the product's
default retry policy. Faults hit ExportImage only, except in "latency", where every
call is slow and some exceed the read timeout (reads too). After each call the
sim's own task list is the ground truth. "lost, no names" runs with the sim naming
a running export's objects only once written (docs/api.md, "Reconciling an
ExportImage retry"). Printed per drill:

  exports     calls made
  ok          calls that returned a task id
  errors      calls that raised (codes in brackets); "ambiguous" ones said the export may exist
  wrong ids   a returned id that is not the one task the call created (e.g. an older task)
  duplicates  calls after which the image had more than one new task
  unreported  calls that raised although a task was created (and didn't say it may exist)
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_export.cloud.errors import CloudError  # noqa: E402
from tui_export.cloud.session import CloudSession  # noqa: E402
from tui_export.core.models import DiskMapping, ExportRequest, Image  # noqa: E402
from tui_export.sim import EmbeddedCloud  # noqa: E402

REGION = "cn-hangzhou"
BUCKET = "demo-export-hangzhou"
EXPORT_ONLY = {"only": {"ExportImage"}}

# name -> (faults, session options, seconds to let the server finish late requests,
#          does DescribeTaskAttribute name a running export's objects)
DRILLS = {
    "throttle": (dict(throttle=0.3, **EXPORT_ONLY), {}, 0.0, True),
    "5xx": (dict(server_error=0.3, **EXPORT_ONLY), {}, 0.0, True),
    "lost response": (dict(lost_response=0.3, **EXPORT_ONLY), {}, 0.0, True),
    "5xx + lost": (dict(server_error=0.3, lost_response=0.2, **EXPORT_ONLY), {}, 0.0, True),
    "latency": (dict(latency_ms=250, jitter_ms=150), dict(read_timeout=0.3), 0.6, True),
    # the real cloud may not name a running export's objects: then a lost answer can't be
    # proven ours and the call ends ImageIsExporting (never a wrong id, never a second task)
    "lost, no names": (dict(lost_response=0.3, **EXPORT_ONLY), {}, 0.0, False),
}


def drill(sim, name: str, n: int, seed: int) -> dict:
    faults, options, settle_s, names_while_running = DRILLS[name]
    image = Image(image_id=f"m-drill{zlib.crc32(name.encode()):013d}", name=f"drill-{zlib.crc32(name.encode())}", region_id=REGION,
                  os_type="linux", os_name="CentOS 7.9", platform="CentOS", architecture="x86_64", size_gib=20,
                  status="Available", owner_alias="self", product_code="", creation_time="2026-01-01T00:00:00Z",
                  disks=(DiskMapping("/dev/xvda", "system", 20, "s-drill", False),))
    sim.world.add_image(image)
    req = ExportRequest(REGION, image.image_id, BUCKET, prefix="Nightly")
    session = CloudSession.for_sim(sim, **options)
    counts = collections.Counter()
    codes = collections.Counter()
    seen: set[str] = set()
    sim.faults.update(seed=seed, **faults)
    sim.world.list_planned_objects = names_while_running
    started = time.monotonic()
    try:
        for _ in range(n):
            counts["exports"] += 1
            try:
                outcome: str | CloudError = session.export(req)
            except CloudError as err:
                outcome = err
            if settle_s:
                time.sleep(settle_s)          # a timed-out request may still be carried out
            with sim.world.lock:
                new = [t.task_id for t in sim.world.tasks.values()
                       if t.image_id == image.image_id and t.task_id not in seen]
            if isinstance(outcome, str):
                counts["ok"] += 1
                counts["wrong ids"] += new != [outcome]
            else:
                counts["errors"] += 1
                codes[outcome.code + (" ambiguous" if outcome.ambiguous else "")] += 1
                counts["unreported"] += bool(new) and not outcome.ambiguous
            counts["duplicates"] += len(new) > 1
            for task_id in new:
                seen.add(task_id)
                sim.world.finish_task(task_id)
    finally:
        sim.faults.clear()
        sim.world.list_planned_objects = True
    counts["seconds"] = round(time.monotonic() - started, 1)
    return {"counts": counts, "codes": codes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drill", action="append", choices=sorted(DRILLS), help="default: all")
    args = parser.parse_args()
    names = args.drill or list(DRILLS)
    with EmbeddedCloud(export_seconds=2, bytes_per_gib=16 << 10) as sim:
        CloudSession.for_sim(sim).ensure_role()
        print(f"{'drill':<14} {'exports':>7} {'ok':>4} {'errors':>6} {'wrong ids':>9} {'duplicates':>10} "
              f"{'unreported':>10} {'s':>6}  error codes")
        for name in names:
            result = drill(sim, name, args.exports, args.seed)
            c = result["counts"]
            codes = ", ".join(f"{k} x{v}" for k, v in sorted(result["codes"].items())) or "-"
            print(f"{name:<14} {c['exports']:>7} {c['ok']:>4} {c['errors']:>6} {c['wrong ids']:>9} "
                  f"{c['duplicates']:>10} {c['unreported']:>10} {c['seconds']:>6}  {codes}", flush=True)


if __name__ == "__main__":
    main()
