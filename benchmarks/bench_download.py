"""Download engine against its baselines, in one run (a script, not a test).

    .venv/bin/python benchmarks/bench_download.py [--size 1024] [--cap 50] [--rounds 3]

The embedded OSS server runs in a child process (its own GIL) with a generated object of
--size MiB and counts the body bytes it hands to the kernel. Each round runs, interleaved:
  - curl:    `curl -o` on a presigned URL (one connection), no cap;
  - engine:  `DownloadJob` (adaptive ranged connections, CRC-64 per part, checkpoints), no cap;
  - oss2:    `oss2.resumable_download` with its defaults, no cap;
  - single / engine again with a per-connection cap of --cap MB/s (`bandwidth` fault): curl is
    the single stream;
  - kill:    the engine in a child process, `kill -9` when its checkpoint says 50 %, then a resume;
             re-sent = bytes the server sent for both runs minus the object's size.
CPU per GiB: user+system time of this process around the engine run (the server is elsewhere)
and of the curl child (its rusage from wait4). Prints medians over the rounds, and each goal.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MiB = 1 << 20
BUCKET, KEY = "bench", "bench/object.raw"
CURL = shutil.which("curl") or "/usr/bin/curl"


def _serve(conn, size: int, data_dir: str) -> None:
    """Child: OSS server + one generated object; answers {"faults": {...}}, "sent" and "stop"."""
    from tui_export.sim.faults import Faults
    from tui_export.sim.keys import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, demo_keys
    from tui_export.sim.oss.server import OssServer
    from tui_export.sim.oss.store import ObjectStore

    store = ObjectStore(Path(data_dir))
    faults = Faults()
    server = OssServer(store, demo_keys(), faults).start()
    store.create_bucket(BUCKET, "cn-hangzhou")
    rec = store.put_generated_raw(BUCKET, KEY, size=size, seed="bench")
    conn.send({"endpoint": server.endpoint, "ak": DEMO_ACCESS_KEY_ID, "sk": DEMO_ACCESS_KEY_SECRET,
               "crc": rec.crc64})
    while True:
        msg = conn.recv()
        if msg == "stop":
            break
        if msg == "sent":
            conn.send(server.body_bytes_sent)
            continue
        faults.clear()
        faults.update(**msg["faults"])
        conn.send("ok")
    server.stop()


_KILLED_CHILD = textwrap.dedent("""
    import sys, oss2
    from tui_export.cloud.download import DownloadJob
    endpoint, ak, sk, bucket, key, dest, state = sys.argv[1:]
    b = oss2.Bucket(oss2.Auth(ak, sk), endpoint, bucket, connect_timeout=60)
    DownloadJob(b, key, dest, state_dir=state).run()
""")


def _cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Bench:
    def __init__(self, args, work: Path, sim, info: dict) -> None:
        import oss2

        self.args, self.work, self.sim, self.info = args, work, sim, info
        self.size = args.size * MiB
        self.bucket = oss2.Bucket(oss2.Auth(info["ak"], info["sk"]), info["endpoint"], BUCKET, connect_timeout=60)

    def faults(self, **faults) -> None:
        self.sim.send({"faults": faults})
        self.sim.recv()

    def sent(self) -> int:
        self.sim.send("sent")
        return self.sim.recv()

    def curl(self) -> tuple[float, float]:
        """(MB/s, CPU seconds) of `curl -o` on a presigned URL."""
        url = self.bucket.sign_url("GET", KEY, 3600)
        out = self.work / "curl.raw"
        t = time.monotonic()
        proc = subprocess.Popen([CURL, "-s", "-f", "-o", str(out), url])
        _, status, ru = os.wait4(proc.pid, 0)
        elapsed = time.monotonic() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        assert proc.returncode == 0 and out.stat().st_size == self.size, proc.returncode
        out.unlink()
        return self.size / elapsed / 1e6, ru.ru_utime + ru.ru_stime

    def engine(self) -> tuple[float, float, int]:
        """(MB/s, CPU seconds, most connections) of one DownloadJob."""
        from tui_export.cloud.download import DownloadJob

        dest = self.work / "engine.raw"
        job = DownloadJob(self.bucket, KEY, dest, state_dir=self.work / "state")
        cpu, t = _cpu_self(), time.monotonic()
        result = job.run()
        elapsed, cpu = time.monotonic() - t, _cpu_self() - cpu
        assert result.verified and result.crc64 == self.info["crc"]
        dest.unlink()
        return self.size / elapsed / 1e6, cpu, result.max_connections

    def oss2_resumable(self) -> float:
        import oss2

        dest = self.work / "oss2.raw"
        store = oss2.ResumableDownloadStore(root=str(self.work / "oss2-store"))
        t = time.monotonic()
        oss2.resumable_download(self.bucket, KEY, str(dest), store=store)
        elapsed = time.monotonic() - t
        assert dest.stat().st_size == self.size
        dest.unlink()
        return self.size / elapsed / 1e6

    def killed_and_resumed(self) -> tuple[float, float]:
        """(share of the object re-sent, share done when killed)."""
        from tui_export.cloud import download_checkpoint as ckpt
        from tui_export.cloud.download import DownloadJob

        dest, state = self.work / "killed.raw", self.work / "kill-state"
        path = ckpt.checkpoint_path(state, BUCKET, KEY, dest)
        before = self.sent()
        env = dict(os.environ, PYTHONPATH=str(REPO))
        child = subprocess.Popen([sys.executable, "-c", _KILLED_CHILD, self.info["endpoint"], self.info["ak"],
                                  self.info["sk"], BUCKET, KEY, str(dest), str(state)], env=env, cwd=REPO)
        try:
            while True:
                cp = ckpt.load(path)
                if cp is not None and cp.done_bytes >= self.size // 2:
                    break
                if child.poll() is not None:
                    raise SystemExit(f"the engine child ended ({child.returncode}) before 50 %")
                time.sleep(0.005)
            child.send_signal(signal.SIGKILL)
            child.wait()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        at = ckpt.load(path).done_bytes / self.size
        result = DownloadJob(self.bucket, KEY, dest, state_dir=state).run()
        assert result.verified and result.crc64 == self.info["crc"]
        dest.unlink()
        return (self.sent() - before - self.size) / self.size, at


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1024, help="object size in MiB (default 1024)")
    ap.add_argument("--cap", type=float, default=50.0, help="per-connection bandwidth cap, MB/s (default 50)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)

    from tui_export.cloud.crc_check import crc_backend

    work = Path(tempfile.mkdtemp(prefix="bench-dl-"))
    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=_serve, args=(child, args.size * MiB, str(work / "sim")),
                                           daemon=True)
    t0 = time.monotonic()
    proc.start()
    info = parent.recv()
    print(f"object: {args.size} MiB generated in {time.monotonic() - t0:.1f} s; CRC-64: {crc_backend()}; "
          f"{os.cpu_count()} CPUs; {args.rounds} interleaved rounds; curl: {CURL}", flush=True)
    b = Bench(args, work, parent, info)
    m: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        m.setdefault(name, []).append(value)

    try:
        for r in range(args.rounds):
            b.faults()
            rate, cpu = b.curl()
            note("curl", rate), note("curl_cpu", cpu)
            rate, cpu, conns = b.engine()
            note("engine", rate), note("engine_cpu", cpu), note("engine_conns", conns)
            note("oss2", b.oss2_resumable())
            b.faults(bandwidth=args.cap)
            rate, _ = b.curl()
            note("single_cap", rate)
            rate, _, conns = b.engine()
            note("engine_cap", rate), note("engine_cap_conns", conns)
            b.faults()
            resent, at = b.killed_and_resumed()
            note("resent", resent), note("killed_at", at)
            print(f"round {r + 1}: " + ", ".join(f"{k}={v[-1]:.3g}" for k, v in m.items()), flush=True)
    finally:
        parent.send("stop")
        proc.join(10)
        shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in m.items()}

    def ratio(a: str, b: str) -> float:
        # each round's two runs were back to back: the median of the per-round ratios is steadier
        # than a ratio of medians when the machine's load drifts between rounds
        return statistics.median(x / y for x, y in zip(m[a], m[b]))

    gib = args.size / 1024
    r_curl, r_oss2, r_cap, r_cpu = (ratio("engine", "curl"), ratio("engine", "oss2"),
                                    ratio("engine_cap", "single_cap"), ratio("engine_cpu", "curl_cpu"))
    rows = [
        ("download, no cap: engine / curl -o", f"{med['engine']:.0f} vs {med['curl']:.0f} MB/s",
         r_curl, ">= 0.8", r_curl >= 0.8),
        ("engine / oss2.resumable_download", f"{med['engine']:.0f} vs {med['oss2']:.0f} MB/s",
         r_oss2, "(baseline)", True),
        (f"cap {args.cap:g} MB/s per connection: engine / single", f"{med['engine_cap']:.0f} vs "
         f"{med['single_cap']:.0f} MB/s, {med['engine_cap_conns']:.0f} connections", r_cap, ">= 6", r_cap >= 6),
        ("CPU per GiB: engine / curl", f"{med['engine_cpu'] / gib:.2f} vs {med['curl_cpu'] / gib:.2f} s",
         r_cpu, "<= 2", r_cpu <= 2),
        ("re-sent after kill -9 at 50 % (% of the object)", f"killed at {med['killed_at'] * 100:.0f} %",
         med["resent"] * 100, "<= 3", med["resent"] <= 0.03),
    ]
    print(f"\nmedians of {args.rounds} rounds (ratios: median of the per-round ratios), {args.size} MiB object")
    print(f"{'what':52} {'measured':38} {'ratio':>7} {'goal':>10}  met")
    for what, detail, ratio, goal, ok in rows:
        print(f"{what:52} {detail:38} {ratio:7.2f} {goal:>10}  {'yes' if ok else 'NO'}")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (loopback, CPU-bound: noisy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
