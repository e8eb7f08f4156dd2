"""More connections when each one is capped, and a killed download that re-sends only a few MiB.

Behaviour only (no timing asserts): how many connections the engine opened, that every byte
verified, and how many body bytes the embedded OSS sent in all (its own count).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from download_fixtures import BUCKET, MiB, oss_sim, same_bytes, sim  # noqa: F401  (fixtures)
from tui_export.cloud import download_checkpoint as ckpt
from tui_export.cloud.download import INITIAL_THREADS, DownloadJob
from tui_export.cloud.download_concurrency import HOLD_WINDOWS, WINDOW_S, Concurrency

from tests.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]


def test_capped_connections_make_the_engine_open_more(sim, tmp_path):
    sim.put("cap/obj", 64 * MiB)
    sim.faults.update(bandwidth=3.0)          # MB/s per connection: one stream can't fill the link
    seen = []
    job = DownloadJob(sim.bucket(), "cap/obj", tmp_path / "obj", state_dir=tmp_path / "state",
                      part_size=1 * MiB, on_progress=lambda ev: seen.append(ev.connections))
    result = job.run()
    assert result.verified and result.crc64 == sim.crc("cap/obj")
    assert same_bytes(tmp_path / "obj", sim.body_path("cap/obj"))
    assert result.max_connections > INITIAL_THREADS, result.max_connections
    # kept, not just tried: a probe that is undone lasts one window (two progress events)
    assert sum(c >= 2 * INITIAL_THREADS for c in seen) >= 3, seen


def _feed(c: Concurrency, rates, errors: list[int] | None = None, left: int = 1000, windows: int = 0):
    """Drive the controller one window at a time; `rates` is a list of bytes/s or a function of the
    current target. Returns the target after each window."""
    n = windows or len(rates)
    now, total, out = 0.0, 0, []
    c.sample(now, total, 0, left)
    for i in range(n):
        rate = rates(c.target) if callable(rates) else rates[i]
        now += WINDOW_S
        total += int(rate * WINDOW_S)
        out.append(c.sample(now, total, (errors or [0] * n)[i], left))
    return out


def test_concurrency_doubles_while_each_connection_keeps_its_rate_and_stays_bounded():
    c = Concurrency.start(16, 2)
    targets = _feed(c, lambda n: 50e6 * n, windows=8)     # a 50 MB/s cap per connection
    assert targets == [4, 8, 16, 16, 16, 16, 16, 16]


def test_concurrency_undoes_a_step_without_gain_then_probes_again_later():
    c = Concurrency.start(16, 4)
    targets = _feed(c, [400e6] * (HOLD_WINDOWS + 4))   # the link is full at 4 connections
    assert targets[0] == 8 and targets[1] == 4           # probe (doubling at first), no gain, back
    assert targets[2:2 + HOLD_WINDOWS] == [4] * HOLD_WINDOWS
    assert targets[2 + HOLD_WINDOWS] == 5                 # a smaller probe after the pause


def test_concurrency_halves_on_errors_and_never_exceeds_the_work_left():
    c = Concurrency.start(16, 8)
    assert _feed(c, [100e6, 100e6], errors=[1, 2]) == [4, 2]
    c = Concurrency.start(16, 2)
    assert _feed(c, lambda n: 50e6 * n, left=3, windows=3) == [3, 3, 3]   # 3 parts left: 3 at most


_CHILD = textwrap.dedent("""
    import sys, oss2
    from tui_export.cloud.download import DownloadJob
    endpoint, ak, sk, bucket, key, dest, state = sys.argv[1:]
    b = oss2.Bucket(oss2.Auth(ak, sk), endpoint, bucket)
    DownloadJob(b, key, dest, state_dir=state, threads=4, part_size=4 << 20).run()
""")


def test_killed_in_the_middle_re_sends_at_most_a_few_mib(sim, tmp_path):
    size = 48 * MiB
    sim.put("resend/obj", size)
    sim.faults.update(bandwidth=4.0)          # 4 connections: ~16 MB/s, 3 s in all
    dest, state = tmp_path / "obj", tmp_path / "state"
    before = sim.server.body_bytes_sent
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, sim.endpoint, sim.access_key_id, sim.access_key_secret, BUCKET,
         "resend/obj", str(dest), str(state)], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # killed when the server has sent half: a moment unrelated to the child's checkpoint writes
        def half_sent() -> bool:
            assert child.poll() is None, child.communicate()
            return sim.server.body_bytes_sent - before >= size // 2
        wait_until(half_sent, timeout=60, step=0.01, what="the child to get half of the object")
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    killed_at = ckpt.load(ckpt.checkpoint_path(state, BUCKET, "resend/obj", dest)).done_bytes
    assert killed_at < size

    sim.faults.clear()
    result = DownloadJob(sim.bucket(), "resend/obj", dest, state_dir=state).run()
    assert result.verified and result.resumed_bytes == killed_at
    assert same_bytes(dest, sim.body_path("resend/obj"))
    re_sent = sim.server.body_bytes_sent - before - size
    print(f"killed at {killed_at / MiB:.1f} MiB checkpointed; re-sent {re_sent / MiB:.2f} MiB")
    assert re_sent <= 4 * MiB, re_sent / MiB
