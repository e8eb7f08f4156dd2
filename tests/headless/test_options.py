"""The app's options work before or after the command name; --read-only and cleanup's
confirmation; --demo runs the whole way in one process; --create-role is the only RAM change."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.headless.conftest import BUCKET, REGION, image_id, run, scenario, validate


def test_app_options_before_or_after_the_command(start_sim):
    sim = start_sim(scenario(images=2))
    after = run(sim, "images", "--region", REGION, "--json", "--lang", "zh")
    proc = subprocess.run([sys.executable, "-m", "tui_export", "--lang", "zh", *sim.flags(), "images",
                           "--region", REGION, "--json"], capture_output=True, text=True, env=sim.env(), timeout=60)
    assert after.code == 0 and proc.returncode == 0, proc.stderr
    before = json.loads(proc.stdout)
    validate(before, "images")
    assert before == after.doc
    assert {i["image_id"] for i in before["images"]} == {image_id(0), image_id(1)}


def test_regions_counts(start_sim):
    sim = start_sim(scenario(images=2))
    result = run(sim, "regions", "--json")
    assert result.code == 0, result.stderr
    by_id = {r["region_id"]: r for r in result.doc["regions"]}
    assert set(by_id) == {REGION, "cn-shanghai"}
    assert (by_id[REGION]["image_count"], by_id[REGION]["bucket_count"]) == (2, 1)
    assert by_id["cn-shanghai"]["image_count"] == 0


def test_read_only_refuses_export_and_cleanup(start_sim):
    sim = start_sim(scenario(images=1))
    export = run(sim, "export", "--read-only", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET,
                 "--json")
    assert export.code == 2 and export.doc["error"]["code"] == "ReadOnly"
    assert "--read-only" in export.stderr
    cleanup = run(sim, "--read-only", "cleanup", "--region", REGION, "t-whatever", "--yes", "--json")
    assert cleanup.code == 2 and cleanup.doc["error"]["code"] == "ReadOnly"
    assert run(sim, "status", "--region", REGION, "--json").doc["tasks"] == []


def test_create_role_creates_the_role_and_the_export_runs(start_sim, tmp_path):
    sim = start_sim(scenario(images=1, role=False))
    result = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--create-role",
                 "--wait", "--json")
    assert result.code == 0, result.stderr
    assert result.doc["tasks"][0]["status"] == "Finished"


def test_cleanup_asks_refuses_without_a_terminal_and_deletes_with_yes(start_sim, tmp_path):
    sim = start_sim(scenario(images=1))
    done = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait",
               "--download", str(tmp_path / "dl"), "--json")
    assert done.code == 0, done.stderr
    task_id = done.doc["tasks"][0]["task_id"]
    before = len(sim.object_files())

    refused = run(sim, "cleanup", "--region", REGION, task_id)            # stdin is not a terminal
    assert refused.code == 2 and "--yes" in refused.stderr
    assert len(sim.object_files()) == before

    cleaned = run(sim, "cleanup", "--region", REGION, task_id, "--yes", "--json")
    assert cleaned.code == 0, cleaned.stderr
    assert cleaned.doc["tasks"][0]["stage"] == "done"
    assert len(sim.object_files()) == before - 1
    assert (tmp_path / "dl" / done.doc["tasks"][0]["objects"][0]["key"]).exists()   # the local copy stays


def test_cleanup_refuses_a_task_not_downloaded_here(start_sim):
    sim = start_sim(scenario(images=1))
    done = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait", "--json")
    before = len(sim.object_files())
    result = run(sim, "cleanup", "--region", REGION, done.doc["tasks"][0]["task_id"], "--yes", "--json")
    assert result.code == 2
    assert len(sim.object_files()) == before


def test_demo_export_wait_download_in_one_process(tmp_path):
    env = dict(os.environ, TUI_EXPORT_DEMO_EXPORT_SECONDS="1", TUI_EXPORT_POLL_SECONDS="0.2")
    proc = subprocess.run([sys.executable, "-m", "tui_export", "export", "--demo", "--region", REGION,
                           "--image", "m-bp1demoweb0000000001", "--bucket", "demo-export-hangzhou", "--create-role",
                           "--wait", "--download", str(tmp_path / "dl"), "--json"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    validate(doc, "export")
    (obj,) = doc["tasks"][0]["objects"]
    assert obj["verified"] and os.path.getsize(obj["path"]) == obj["size"]


def test_cleanup_asks_on_a_terminal(start_sim, tmp_path):
    import pty
    sim = start_sim(scenario(images=1))
    done = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait",
               "--download", str(tmp_path / "dl"), "--json")
    task_id = done.doc["tasks"][0]["task_id"]
    before = len(sim.object_files())
    from tests.headless.conftest import command
    main, child = pty.openpty()
    proc = subprocess.Popen(command(sim, "cleanup", "--region", REGION, task_id), stdin=child, stdout=child,
                            stderr=child, env=sim.env())
    os.close(child)
    seen = b""
    while b"[y/N]" not in seen:
        chunk = os.read(main, 1024)
        assert chunk, seen
        seen += chunk
    assert b"Delete 1 exported objects" in seen
    os.write(main, b"y\n")
    assert proc.wait(60) == 0
    os.close(main)
    assert len(sim.object_files()) == before - 1


def test_script_flow_export_then_status_wait_then_download(start_sim, tmp_path):
    sim = start_sim(scenario(images=2), export_seconds=2)
    started = run(sim, "export", "--region", REGION, "--image", image_id(0), "--image", image_id(1),
                  "--bucket", BUCKET, "--prefix", "cron", "--json")
    assert started.code == 0, started.stderr
    ids = [t["task_id"] for t in started.doc["tasks"]]
    assert all(ids) and all(t["status"] in ("Waiting", "Processing") for t in started.doc["tasks"])

    waited = run(sim, "status", "--region", REGION, *ids, "--wait", "--json")
    assert waited.code == 0, waited.stderr
    assert [t["status"] for t in waited.doc["tasks"]] == ["Finished", "Finished"]
    assert all(t["objects"] and t["objects"][0]["path"] is None for t in waited.doc["tasks"])

    got = run(sim, "download", "--region", REGION, *ids, "--to", str(tmp_path / "dl"), "--json")
    assert got.code == 0, got.stderr
    for t in got.doc["tasks"]:
        (obj,) = t["objects"]
        assert obj["verified"] and obj["path"] == str(tmp_path / "dl" / obj["key"])
