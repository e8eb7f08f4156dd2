"""Batches under a quota, and jobs that survive a kill: the journal carries them over to the
next run of the same command (attach, never a second export; a download resumed, not restarted)."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from tests.headless.conftest import BUCKET, REGION, command, image_id, run, scenario, validate


def test_batch_of_three_under_a_concurrent_quota_of_one(start_sim, tmp_path):
    sim = start_sim(scenario(images=3, concurrent_quota=1), export_seconds=1)
    args = ["export", "--region", REGION, "--bucket", BUCKET, "--prefix", "batch", "--wait",
            "--download", str(tmp_path / "dl"), "--json"]
    for i in range(3):
        args += ["--image", image_id(i)]
    started = time.monotonic()
    result = run(sim, *args)
    elapsed = time.monotonic() - started
    assert result.code == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith(("m-", "t-")) and ": " in line
                and "error" not in line]
    assert 0 < len(progress) <= elapsed + 1                   # a progress line at most every second
    tasks = result.doc["tasks"]
    assert len(tasks) == 3 and len({t["task_id"] for t in tasks}) == 3
    for t in tasks:
        assert t["status"] == "Finished" and t["error"] is None
        (obj,) = t["objects"]
        assert obj["verified"] and Path(obj["path"]).stat().st_size == obj["size"]
        assert Path(obj["path"]).parent == tmp_path / "dl" and Path(obj["path"]).name == obj["key"]


def _stderr_until(proc, predicate, lines: list[str]) -> threading.Event:
    """Read stderr in a thread; the event is set when a line matches."""
    hit = threading.Event()

    def pump():
        for line in proc.stderr:
            lines.append(line)
            if predicate(line):
                hit.set()
        hit.set()   # ended without a match: let the test see why
    threading.Thread(target=pump, daemon=True).start()
    return hit


def _journal_details(state_dir: Path) -> list[str]:
    with sqlite3.connect(state_dir / "tasks.sqlite3") as db:
        return [r[0] for r in db.execute("SELECT detail FROM job_journal ORDER BY id")]


def test_kill_9_mid_download_then_the_same_command_resumes_byte_identical(start_sim, tmp_path):
    # 32 MiB at 1 MB/s per connection (at most 8): several seconds of download, a progress
    # line each second, to kill into.
    sim = start_sim(scenario(images=1, gib=32), export_seconds=1, bytes_per_gib=1 << 20,
                    faults="bandwidth=1.0,only=GetObject")
    args = ["export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait",
            "--download", str(tmp_path / "dl"), "--json"]
    proc = subprocess.Popen(command(sim, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=sim.env())
    lines: list[str] = []
    started = _stderr_until(proc, lambda line: "downloading" in line and any(
        f" {p}%" in line for p in range(20, 90)), lines)
    try:
        assert started.wait(60), "".join(lines)
        assert proc.poll() is None, "".join(lines)
        proc.kill()                                   # SIGKILL: no cleanup of any kind
    finally:
        proc.wait(10)
    part = list((tmp_path / "dl").glob("*.tui-export-part"))
    assert part, "the partial file stays for the resume"

    again = run(sim, *args)
    assert again.code == 0, again.stderr
    (task,) = again.doc["tasks"]
    (obj,) = task["objects"]
    assert obj["verified"]
    (stored,) = [p for p in sim.object_files() if p.stat().st_size == obj["size"]]
    assert hashlib.sha256(Path(obj["path"]).read_bytes()).digest() == hashlib.sha256(stored.read_bytes()).digest()
    details = _journal_details(Path(os.environ["TUI_EXPORT_STATE_DIR"]))
    assert sum(d.startswith("task t-") for d in details) == 1          # one export, attached to again
    (verified,) = [d for d in details if d.startswith("verified ")]
    fetched = int(verified.split(", ")[1].split()[0])
    assert fetched < obj["size"] * 0.85, verified                          # resumed, not restarted


def test_sigint_exits_130_and_the_same_command_attaches(start_sim, tmp_path):
    sim = start_sim(scenario(images=1), export_seconds=60)
    args = ["export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait", "--json"]
    # SIGINT's default action restored in the child: a shell running pytest in the background hands
    # its children SIGINT ignored, and Python then installs no KeyboardInterrupt handler at all.
    proc = subprocess.Popen(command(sim, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=sim.env(), preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    exporting = _stderr_until(proc, lambda line: line.startswith("t-") and "exporting" in line, lines)
    assert exporting.wait(60), "".join(lines)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130, "".join(lines)
    import json
    doc = json.loads(out)
    validate(doc, "export")
    first_task = doc["tasks"][0]["task_id"]
    assert first_task and doc["tasks"][0]["status"] in ("Waiting", "Processing")

    again = run(sim, *args, "--timeout", "2")
    assert again.code == 6, again.stderr
    assert again.doc["tasks"][0]["task_id"] == first_task            # attached, not a second export
    listed = run(sim, "status", "--region", REGION, "--json")
    assert [t["task_id"] for t in listed.doc["tasks"]] == [first_task]


def test_kill_9_before_the_export_answer_then_the_same_command_takes_that_finished_task(start_sim, tmp_path):
    # The cloud carries ExportImage out at once and holds its answer; the command is killed while
    # it waits, and the export finishes before the command is run again. The next run must find
    # that task (new since the first send, our bucket and prefix) instead of sending a second
    # ExportImage, which the cloud would accept now that the image is no longer exporting.
    sim = start_sim(scenario(images=1), export_seconds=0.5,
                    faults="answer_delay_ms=60000,only=ExportImage")
    args = ["export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--prefix", "killed",
            "--wait", "--json"]
    state = Path(os.environ["TUI_EXPORT_STATE_DIR"])
    proc = subprocess.Popen(command(sim, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=sim.env())
    try:
        from tests.waiting import wait_until
        wait_until(lambda: (state / "tasks.sqlite3").exists() and "ExportImage sent" in _journal_details(state),
                   timeout=60, what="the ExportImage request sent")
        # the task the unanswered request started, finished before the next run
        listed = wait_until(lambda: [t for t in run(sim, "status", "--region", REGION, "--json").doc["tasks"]
                                     if t["status"] == "Finished"], timeout=60, what="the export finished")
        assert proc.poll() is None, "the first run was to be waiting for the held answer"
        proc.kill()                                   # SIGKILL: no cleanup of any kind
    finally:
        proc.wait(10)
    (first,) = listed

    again = run(sim, *args, "--timeout", "60")
    assert again.code == 0, again.stderr
    validate(again.doc, "export")
    (task,) = again.doc["tasks"]
    assert (task["task_id"], task["status"], task["error"]) == (first["task_id"], "Finished", None)
    every = run(sim, "status", "--region", REGION, "--json").doc["tasks"]
    assert [t["task_id"] for t in every] == [first["task_id"]]          # one export, never a second
