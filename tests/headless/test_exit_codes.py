"""Every exit code of the headless contract, provoked by its real cause against the sim."""

from __future__ import annotations

import pytest

from tests.headless.conftest import BUCKET, REGION, image_id, run, scenario


def _export(*extra: str, image: str | None = None) -> list[str]:
    return ["export", "--region", REGION, "--image", image or image_id(0), "--bucket", BUCKET, "--json", *extra]


CASES = [
    # (name, scenario kwargs, sim kwargs, args, expected code, expected error code of the first task or None)
    ("done", {}, {}, _export("--wait", "--download", "{dl}"), 0, None),
    ("bad prefix is usage", {}, {}, _export("--prefix", "no_underscores_allowed"), 2, "Usage"),
    ("bucket that doesn't exist is bad input", {}, {},
     ["export", "--region", REGION, "--image", image_id(0), "--bucket", "no-such-bucket-here", "--json"], 2,
     "InvalidOSSBucket.NotFound"),
    ("role missing without --create-role", {"role": False}, {}, _export("--wait"), 3, "NoSetRoletoECSServiceAcount"),
    ("image not exportable", {"windows": True}, {}, _export("--wait", image="m-bp1jobswindows00001"), 4,
     "InvalidImageLicense.NotSupported"),
    ("weekly quota", {"weekly_quota": 0}, {}, _export("--wait"), 5, "WeeklyQuotaExceed.ExportImage"),
    ("timeout", {}, {"export_seconds": 60}, _export("--wait", "--timeout", "2"), 6, None),
]


@pytest.mark.parametrize("name,scn,simkw,args,code,error", CASES, ids=[c[0] for c in CASES])
def test_exit_code(start_sim, tmp_path, name, scn, simkw, args, code, error):
    sim = start_sim(scenario(**scn), **simkw)
    args = [a.replace("{dl}", str(tmp_path / "dl")) for a in args]
    result = run(sim, *args)
    assert result.code == code, result.stderr
    doc = result.doc
    if error == "Usage":
        assert doc["error"]["code"] == "Usage"
        return
    if error is None:
        assert all(t["error"] is None for t in doc["tasks"])
    else:
        found = doc.get("error") or doc["tasks"][0]["error"]
        assert found["code"] == error
    if code == 3:   # nothing started: no task in the cloud
        listed = run(sim, "status", "--region", REGION, "--json")
        assert listed.code == 0 and listed.doc["tasks"] == []
    if code == 0:
        (task,) = doc["tasks"]
        assert task["status"] == "Finished" and task["objects"]
        assert all(o["verified"] and o["path"].startswith(str(tmp_path / "dl")) for o in task["objects"])
    if code == 6:
        assert doc["tasks"][0]["task_id"] and doc["tasks"][0]["status"] in ("Waiting", "Processing")


def test_highest_code_wins_and_each_task_has_its_error(start_sim, tmp_path):
    sim = start_sim(scenario(windows=True, weekly_quota=1))
    result = run(sim, "export", "--region", REGION, "--image", image_id(0), "--image", "m-bp1jobswindows00001",
                 "--image", image_id(1), "--bucket", BUCKET, "--wait", "--json")
    assert result.code == 5, result.stderr
    by_image = {t["image_id"]: t for t in result.doc["tasks"]}
    assert by_image[image_id(0)]["error"] is None and by_image[image_id(0)]["status"] == "Finished"
    assert by_image["m-bp1jobswindows00001"]["error"]["code"] == "InvalidImageLicense.NotSupported"
    assert by_image[image_id(1)]["error"]["code"] == "WeeklyQuotaExceed.ExportImage"


def test_corrupted_object_fails_verification(start_sim, tmp_path):
    sim = start_sim(scenario(images=1))
    exported = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait", "--json")
    assert exported.code == 0, exported.stderr
    task_id = exported.doc["tasks"][0]["task_id"]
    for body in sim.object_files():            # a byte flipped in OSS's stored copy; its CRC-64 header stays
        data = bytearray(body.read_bytes())
        data[len(data) // 2] ^= 0xFF
        body.write_bytes(bytes(data))
    result = run(sim, "download", "--region", REGION, task_id, "--to", str(tmp_path / "dl"), "--json")
    assert result.code == 7, result.stderr
    assert result.doc["tasks"][0]["error"]["code"] == "CrcMismatch"
    assert not any(o["verified"] for o in result.doc["tasks"][0]["objects"])
    assert "CrcMismatch" in result.stderr


def test_messages_in_the_users_language(start_sim):
    sim = start_sim(scenario(role=False))
    result = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--lang", "zh")
    assert result.code == 3
    assert "RAM 角色" in result.stderr and "--create-role" in result.stderr


def test_wrong_secret_is_a_credentials_failure(start_sim):
    sim = start_sim(scenario(images=1))
    env = dict(sim.env(), ALIBABA_CLOUD_ACCESS_KEY_SECRET="FAKE-not-the-secret")
    import json
    import subprocess
    from tests.headless.conftest import command, validate
    proc = subprocess.run(command(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET,
                                  "--wait", "--json"), capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 3, proc.stderr
    doc = json.loads(proc.stdout)
    validate(doc, "export")
    assert doc["tasks"] == [] and doc["error"]["code"] in ("InvalidAccessKeySecret", "SignatureDoesNotMatch")
    assert "Traceback" not in proc.stderr and "FAKE-not-the-secret" not in proc.stderr + proc.stdout


def test_a_ram_user_refused_export_image_is_a_permission_failure(start_sim):
    # Exit 3 is "credentials, permission, or the export role missing": here the keys are good and the
    # role is there, but the RAM user may not call ExportImage (the sim refuses an implicit deny).
    doc = scenario(images=1)
    doc["users"] = [{"name": "viewer", "access_key_id": "FAKE-viewer", "access_key_secret": "FAKE-viewer-secret",
                     "allow": ["ecs:Describe*", "ram:Get*", "ram:List*", "oss:*", "sts:*"]}]
    sim = start_sim(doc)
    viewer = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "FAKE-viewer", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "FAKE-viewer-secret"}
    result = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--wait", "--json",
                 env=viewer)
    assert result.code == 3, result.stderr
    (task,) = result.doc["tasks"]
    assert task["task_id"] is None and task["error"]["code"] in ("Forbidden.RAM", "NoPermission")
    assert task["error"]["request_id"]
    assert "Traceback" not in result.stderr and "FAKE-viewer-secret" not in result.stdout + result.stderr
    listed = run(sim, "status", "--region", REGION, "--json")   # the account's own keys: nothing started
    assert listed.code == 0 and listed.doc["tasks"] == []


def test_a_task_cancelled_while_waited_for_says_why_it_failed(start_sim):
    # "each task's error is in the JSON": a task cancelled elsewhere (the console) ends the wait with
    # exit 4, and its error says it was cancelled; a bare non-zero code with "error": null explains nothing.
    import types
    from tui_export.cloud.session import CloudSession
    sim = start_sim(scenario(images=1), export_seconds=60)
    started = run(sim, "export", "--region", REGION, "--image", image_id(0), "--bucket", BUCKET, "--json")
    assert started.code == 0, started.stderr
    task_id = started.doc["tasks"][0]["task_id"]
    CloudSession.for_sim(types.SimpleNamespace(**sim.info)).cancel(REGION, task_id)
    result = run(sim, "status", "--region", REGION, task_id, "--wait", "--json")
    assert result.code == 4, result.stderr
    (task,) = result.doc["tasks"]
    assert task["status"] == "Deleted" and task["error"]["code"] == "TaskCancelled"
    assert "cancelled" in result.stderr
    zh = run(sim, "status", "--region", REGION, task_id, "--lang", "zh")
    assert zh.code == 4 and "已取消" in zh.stderr
