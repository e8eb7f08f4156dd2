"""Batch exports through the job engine, and what a kill costs (issue #9 "Closing note").

1. Ten images under a concurrent export quota of 2: the headless `export --wait --download`
   with all ten at once (the engine sends the next ExportImage as soon as a slot frees and
   downloads while other exports run) against the same command run once per image, one after
   another (what a script did before: export, wait, download, next).
2. `kill -9` in the middle of a download, then the same command again: bytes fetched by the
   resumed run, against the object's size (a restart would fetch all of it).

Both run the real commands as subprocesses against `tui-export sim` (real SDKs over HTTP).

    .venv/bin/python benchmarks/bench_batch.py                       # defaults below
    .venv/bin/python benchmarks/bench_batch.py --images 10 --quota 2 --export-seconds 4
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.headless.conftest import BUCKET, REGION, image_id, scenario  # noqa: E402


def start_sim(doc: dict, where: Path, *, export_seconds: float, bytes_per_gib: int, faults: str | None = None):
    where.mkdir(parents=True, exist_ok=True)
    path = where / "scenario.json"
    path.write_text(json.dumps(doc))
    args = [sys.executable, "-m", "tui_export", "sim", "--scenario", str(path), "--export-seconds", str(export_seconds),
            "--bytes-per-gib", str(bytes_per_gib), "--log-level", "WARNING"]
    if faults:
        args += ["--faults", faults]
    log = open(where / "sim.log", "w")   # the sim's warnings, to read when a run fails
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True, env=dict(os.environ, TMPDIR=str(where)))
    return proc, json.loads(proc.stdout.readline())


def command(info: dict, *args: str) -> list[str]:
    return [sys.executable, "-m", "tui_export", *args, "--ecs-endpoint", info["ecs_endpoint"],
            "--ram-endpoint", info["ram_endpoint"], "--oss-endpoint", info["oss_endpoint"]]


def env_for(info: dict, state: Path) -> dict:
    return dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=info["access_key_id"],
                ALIBABA_CLOUD_ACCESS_KEY_SECRET=info["access_key_secret"], TUI_EXPORT_STATE_DIR=str(state),
                TUI_EXPORT_CONFIG_DIR=str(state / "config"), TUI_EXPORT_POLL_SECONDS="0.5", PYTHONUNBUFFERED="1")


def run(info, state, *args) -> tuple[float, int]:
    t0 = time.monotonic()
    proc = subprocess.run(command(info, *args), capture_output=True, text=True, env=env_for(info, state))
    if proc.returncode != 0:
        sim_log = (state.parent / "sim" / "sim.log")
        raise SystemExit(f"command failed ({proc.returncode}): {proc.stderr[-1500:]}\nsim: "
                         f"{sim_log.read_text()[-1500:] if sim_log.exists() else ''}")
    return time.monotonic() - t0, proc.returncode


def bench_batch(tmp: Path, n: int, quota: int, export_seconds: float, gib: int) -> None:
    bytes_per_gib = 1 << 20
    results = {}
    for mode in ("batch", "one after another"):
        where = tmp / mode.replace(" ", "_")
        proc, info = start_sim(scenario(images=n, gib=gib, concurrent_quota=quota), where / "sim",
                               export_seconds=export_seconds, bytes_per_gib=bytes_per_gib)
        try:
            base = ["export", "--region", REGION, "--bucket", BUCKET, "--wait", "--download", str(where / "dl"), "--json"]
            if mode == "batch":
                args = list(base)
                for i in range(n):
                    args += ["--image", image_id(i)]
                wall, _ = run(info, where / "state", *args)
            else:
                wall = sum(run(info, where / "state", *base, "--image", image_id(i))[0] for i in range(n))
            files = list((where / "dl").glob("*.tar.gz"))   # the downloads (other files may sit beside them)
            assert len(files) == n, files
            results[mode] = wall
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(20)
    print(f"{n} images, concurrent quota {quota}, export {export_seconds:g} s each, {gib} MiB objects:")
    for mode, wall in results.items():
        print(f"  {mode:<18} {wall:6.1f} s")
    print(f"  batch / one after another = {results['batch'] / results['one after another']:.2f}")


def bench_kill(tmp: Path, size_mib: int, bandwidth: float) -> None:
    where = tmp / "kill"
    proc, info = start_sim(scenario(images=1, gib=size_mib), where / "sim", export_seconds=1, bytes_per_gib=1 << 20,
                           faults=f"bandwidth={bandwidth},only=GetObject")
    state = where / "state"
    args = ["export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait", "--download",
            str(where / "dl"), "--json"]
    try:
        cmd = subprocess.Popen(command(info, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env_for(info, state))
        half = threading.Event()
        at: list[int] = []   # the percent of the progress line the kill followed

        def pump():
            # a progress line comes at most once a second and a fast second moves ~25 %: a window
            # of 45 % is not stepped over
            for line in cmd.stderr:
                hit = [p for p in range(35, 80) if "downloading" in line and f" {p}%" in line]
                if hit and not half.is_set():
                    at.append(hit[0])
                    half.set()
            half.set()
        threading.Thread(target=pump, daemon=True).start()
        half.wait(300)
        cmd.kill()
        cmd.wait()
        if cmd.returncode != -signal.SIGKILL or not at:
            # the command ended before the kill (or never got there): a resumed run would measure nothing
            raise SystemExit(f"the kill missed the download (exit {cmd.returncode}, killed at {at or 'no'} %); "
                             "nothing measured: run again, or lower --bandwidth")
        from tui_export.cloud import download_checkpoint as ckpt
        with sqlite3.connect(state / "tasks.sqlite3") as db:
            (checkpoint, size), = db.execute("SELECT checkpoint, size FROM downloads").fetchall()
        cp = ckpt.load(Path(checkpoint))
        kept = cp.done_bytes if cp else 0
        run(info, state, *args)
        with sqlite3.connect(state / "tasks.sqlite3") as db:
            details = [r[0] for r in db.execute("SELECT detail FROM job_journal WHERE detail LIKE 'verified %'")]
        fetched = int(details[-1].split(", ")[1].split()[0])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
    resent = fetched - (size - kept)
    print(f"kill -9 at {at[0]} % of a {size_mib} MiB download ({bandwidth:g} MB/s per connection):")
    print(f"  kept on disk by the checkpoint {kept / 2**20:6.1f} MiB")
    print(f"  fetched by the resumed run     {fetched / 2**20:6.1f} MiB of {size / 2**20:.1f} MiB")
    print(f"  bytes sent again               {resent / 2**20:6.2f} MiB ({resent} bytes)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--images", type=int, default=10)
    p.add_argument("--quota", type=int, default=2)
    p.add_argument("--export-seconds", type=float, default=4.0)
    p.add_argument("--object-mib", type=int, default=8, help="size of each exported object (batch)")
    p.add_argument("--kill-mib", type=int, default=64, help="size of the object killed mid-download")
    p.add_argument("--bandwidth", type=float, default=2.0, help="MB/s per connection during the kill test")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-", ignore_cleanup_errors=True) as tmp:
        bench_batch(Path(tmp), args.images, args.quota, args.export_seconds, args.object_mib)
        bench_kill(Path(tmp), args.kill_mib, args.bandwidth)


if __name__ == "__main__":
    main()
