"""Downloads side by side sharing one budget of ranged GETs (cloud/download_gate.py, issue #9 §1).

The embedded OSS counts the GetObject requests it answers at once (ops_max_in_flight): a GET is
counted from its head to its last body byte handed to the kernel, which lies inside the client's
hold on its slot, so the server's count can't exceed what the gate let through. A per-connection
bandwidth cap keeps every GET running long enough for them to overlap.
"""

from __future__ import annotations

import threading
import time

from download_fixtures import MiB, oss_sim, same_bytes, sim  # noqa: F401  (fixtures)
from tui_export.cloud.download import DownloadError, DownloadJob
from tui_export.cloud.download_gate import ConnectionGate

from tests.waiting import wait_until


def _start(job: DownloadJob) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = job.run()
        except BaseException as e:   # noqa: BLE001 - the test looks at it
            outcome["error"] = e
    t = threading.Thread(target=run, name="test-download", daemon=True)
    t.start()
    return t, outcome


def test_two_downloads_sharing_a_gate_never_have_more_gets_in_flight_than_its_slots(sim, tmp_path):
    keys = ["gate/a", "gate/b"]
    for key in keys:
        sim.put(key, 12 * MiB)
    sim.faults.update(bandwidth=4.0, only=["GetObject"])   # 1 MiB parts at 4 MB/s: ~0.25 s each
    sim.server.reset_ops_in_flight()
    gate = ConnectionGate(3)
    # each may open 8 connections: 16 wanted together, 3 allowed
    jobs = [DownloadJob(sim.bucket(), key, tmp_path / key.replace("/", "_"), state_dir=tmp_path / "state",
                        threads=8, part_size=1 * MiB, gate=gate) for key in keys]
    started = [_start(job) for job in jobs]
    for t, _ in started:
        t.join(timeout=120)
        assert not t.is_alive(), "download still running after 120 s"
    for (_, outcome), job, key in zip(started, jobs, keys):
        assert "error" not in outcome, outcome
        result = outcome["result"]
        assert result.verified and result.crc64 == sim.crc(key)
        assert same_bytes(job.dest, sim.body_path(key))
        assert result.max_connections <= 3, result.max_connections
    most = sim.server.ops_max_in_flight["GetObject"]
    assert 2 <= most <= 3, most          # they overlapped, and never past the budget
    assert gate.in_use() == 0 and gate.waiting() == 0   # every slot given back


def test_a_lone_download_may_use_the_whole_gate(sim, tmp_path):
    # the point of sharing: nobody else downloads, so one download gets more than a fixed share
    sim.put("gate/lone", 48 * MiB)
    sim.faults.update(bandwidth=4.0, only=["GetObject"])   # capped connections: the count goes up
    sim.server.reset_ops_in_flight()
    gate = ConnectionGate(4)
    job = DownloadJob(sim.bucket(), "gate/lone", tmp_path / "lone", state_dir=tmp_path / "state",
                      threads=4, part_size=1 * MiB, gate=gate)
    t, outcome = _start(job)
    wait_until(lambda: sim.server.ops_max_in_flight["GetObject"] > 2 or not t.is_alive(), timeout=60,
               what="more than 2 GetObject in flight")
    job.cancel()
    t.join(timeout=30)
    assert not t.is_alive()
    assert 2 < sim.server.ops_max_in_flight["GetObject"] <= 4, sim.server.ops_max_in_flight
    assert gate.in_use() == 0 and gate.waiting() == 0


def test_cancel_while_the_workers_wait_for_a_slot_ends_promptly(sim, tmp_path):
    sim.put("gate/wait", 4 * MiB)
    gate = ConnectionGate(1)
    other = threading.Event()
    assert gate.acquire(other)            # another download holds the only slot, and keeps it
    gets_before = sim.server.requests["GetObject"]
    job = DownloadJob(sim.bucket(), "gate/wait", tmp_path / "wait", state_dir=tmp_path / "state",
                      threads=4, part_size=1 * MiB, gate=gate)
    t, outcome = _start(job)
    wait_until(lambda: gate.waiting() >= 2, timeout=30, what="the download's workers waiting for a slot")
    job.cancel()
    t.join(timeout=10)
    assert not t.is_alive(), "cancel left the download waiting for a slot"
    err = outcome.get("error")
    assert isinstance(err, DownloadError) and err.code == "Cancelled", outcome
    assert gate.waiting() == 0 and gate.in_use() == 1    # only the other download's slot is taken
    assert sim.server.requests["GetObject"] == gets_before   # no GET went out without a slot
    gate.release()
    # the same object resumes later with a free gate
    result = DownloadJob(sim.bucket(), "gate/wait", tmp_path / "wait", state_dir=tmp_path / "state",
                         threads=4, part_size=1 * MiB, gate=gate).run()
    assert result.verified and result.crc64 == sim.crc("gate/wait")
    assert gate.in_use() == 0


def test_one_download_cancelled_mid_transfer_gives_its_slots_to_the_other(sim, tmp_path):
    for key in ("gate/keep", "gate/drop"):
        sim.put(key, 8 * MiB)
    sim.faults.update(bandwidth=4.0, only=["GetObject"])
    gate = ConnectionGate(2)
    keep = DownloadJob(sim.bucket(), "gate/keep", tmp_path / "keep", state_dir=tmp_path / "state",
                       threads=4, part_size=1 * MiB, gate=gate)
    moving = threading.Event()
    drop = DownloadJob(sim.bucket(), "gate/drop", tmp_path / "drop", state_dir=tmp_path / "state",
                       threads=4, part_size=1 * MiB, gate=gate,
                       on_progress=lambda p: p.bytes_done > 0 and moving.set())
    (tk, kept), (td, dropped) = _start(keep), _start(drop)
    wait_until(moving.is_set, timeout=60, what="the second download fetching")
    drop.cancel()
    td.join(timeout=10)
    assert not td.is_alive()
    assert dropped["error"].code == "Cancelled"
    tk.join(timeout=120)
    assert not tk.is_alive() and "error" not in kept, kept
    assert kept["result"].verified
    assert gate.in_use() == 0 and gate.waiting() == 0


def test_slots_go_to_the_longest_waiter_first():
    # a worker giving a slot back and asking again at once queues behind the ones already
    # waiting: one download can't keep the budget while another starves
    gate = ConnectionGate(1)
    stop = threading.Event()
    assert gate.acquire(stop)
    order: list[str] = []

    def wait_then_note(name: str) -> None:
        if gate.acquire(stop):
            order.append(name)
            gate.release()
    waiter = threading.Thread(target=wait_then_note, args=("waiter",), daemon=True)
    waiter.start()
    wait_until(lambda: gate.waiting() == 1, what="a waiter")
    gate.release()
    wait_then_note("releaser")     # asks again at once: served after the waiter
    waiter.join(timeout=10)
    assert order == ["waiter", "releaser"]
    assert gate.in_use() == 0


def test_a_waiter_leaves_when_its_stop_is_set():
    gate = ConnectionGate(1)
    assert gate.acquire(threading.Event())
    stop = threading.Event()
    got: list[bool] = []
    t = threading.Thread(target=lambda: got.append(gate.acquire(stop)), daemon=True)
    t.start()
    wait_until(lambda: gate.waiting() == 1, what="a waiter")
    started = time.monotonic()
    stop.set()
    gate.wake()
    t.join(timeout=10)
    assert got == [False] and gate.waiting() == 0 and gate.in_use() == 1
    assert time.monotonic() - started < 5    # woken, not left to a timeout
