"""The doctor's checks beyond permissions (issue #12), against the embedded cloud through the
real SDKs: the export role (missing, trusting someone else, without its policy), --region,
the OSS internal endpoint, and this computer (download folder, keyring) in both languages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui_export.cloud.doctor import DoctorOptions, run_doctor
from tui_export.cloud.session import CloudSession
from tui_export.core.rules import EXPORT_ROLE_NAME, EXPORT_ROLE_TRUST_POLICY
from tui_export.sim import EmbeddedCloud
from tui_export.sim.world import Role

from session_fixtures import make_session

BUCKET = "demo-export-hangzhou"
# the demo's operator role trusts the account's root (sts:AssumeRole), not ECS
FOREIGN_TRUST = json.dumps({"Version": "1", "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                                           "Principal": {"RAM": ["acs:ram::1234567890123456:root"]}}]})


@pytest.fixture(scope="module")
def sim():
    with EmbeddedCloud("demo") as cloud:
        yield cloud


def _doctor(sim, *, lang: str = "en", session: CloudSession | None = None, **options):
    return run_doctor(session or make_session(sim), DoctorOptions(source="test", lang=lang, **options))


def _checks(report) -> dict:
    return {c.name: c for c in report.checks}


def _set_role(sim, role: Role | None) -> None:
    with sim.world.lock:
        sim.world.roles.pop(EXPORT_ROLE_NAME, None)
        if role is not None:
            sim.world.roles[role.name] = role


@pytest.mark.parametrize("role, ok, words, exit_code", [
    (None, None, "is not there yet", 0),
    (Role(EXPORT_ROLE_NAME, FOREIGN_TRUST, policies=[("AliyunECSImageExportRolePolicy", "System")]),
     False, "ecs.aliyuncs.com", 3),
    (Role(EXPORT_ROLE_NAME, EXPORT_ROLE_TRUST_POLICY), None, "AliyunECSImageExportRolePolicy", 0),
    (Role(EXPORT_ROLE_NAME, EXPORT_ROLE_TRUST_POLICY, policies=[("AliyunECSImageExportRolePolicy", "System")]),
     True, "AliyunECSImageExportRolePolicy", 0),
], ids=["missing", "trusts-someone-else", "without-its-policy", "ready"])
def test_the_export_role_is_judged_present_trusting_ecs_and_with_its_policy(sim, role, ok, words, exit_code):
    """Missing or without the policy: the app makes it right when asked (None, listed); a
    role of that name trusting someone else is a problem the app won't touch (False)."""
    _set_role(sim, role)
    try:
        report = _doctor(sim, bucket=BUCKET)
    finally:
        _set_role(sim, None)
    check = _checks(report)["export_role"]
    assert check.ok is ok and words in check.detail, check.detail
    assert report.missing_actions == [] and report.exit_code == exit_code


def test_region_picks_what_is_checked(sim):
    """No --bucket: the region's first bucket is checked, through that region's endpoints."""
    checks = _checks(_doctor(sim, region="ap-southeast-1"))
    assert "demo-export-singapore" in checks["oss.public_endpoint"].detail
    assert "ap-southeast-1" in checks["oss.internal_endpoint"].detail
    assert checks["oss:GetObject"].ok is True


def test_the_cli_region_flag_reaches_the_checks(sim, tmp_path):
    # a fresh HOME and no credentials already (tests/cloud/conftest.py): the sim's keys and endpoints
    env = dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=sim.access_key_id,
               ALIBABA_CLOUD_ACCESS_KEY_SECRET=sim.access_key_secret,
               TUI_EXPORT_ECS_ENDPOINT=sim.ecs_endpoint, TUI_EXPORT_RAM_ENDPOINT=sim.ram_endpoint,
               TUI_EXPORT_STS_ENDPOINT=sim.sts_endpoint, TUI_EXPORT_OSS_ENDPOINT=sim.oss_endpoint)
    done = subprocess.run([sys.executable, "-m", "tui_export", "doctor", "--region", "ap-southeast-1", "--json",
                           "--download-dir", str(tmp_path)], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    details = {c["name"]: c["detail"] for c in json.loads(done.stdout)["checks"]}
    assert "demo-export-singapore" in details["oss.public_endpoint"]


def test_the_internal_endpoint_is_checked_when_used(sim):
    checks = _checks(_doctor(sim, bucket=BUCKET, session=make_session(sim, oss_internal=True)))
    assert checks["oss.internal_endpoint"].ok is True and BUCKET in checks["oss.internal_endpoint"].detail
    unused = _checks(_doctor(sim, bucket=BUCKET))["oss.internal_endpoint"]
    assert unused.ok is None and "--oss-internal" in unused.detail


@pytest.mark.parametrize("lang, words", [("en", "not a folder"), ("zh", "不是文件夹")])
def test_a_download_folder_that_is_not_there_fails_in_the_users_language(sim, tmp_path, lang, words):
    missing = tmp_path / "no-such-folder"
    report = _doctor(sim, bucket=BUCKET, lang=lang, download_dir=str(missing))
    check = _checks(report)["free_space"]
    assert check.ok is False and str(missing) in check.detail and words in check.detail
    if lang == "zh":   # no English left in the Chinese line (the path aside)
        said = check.detail.replace(str(missing), "")
        assert "folder" not in said and "denied" not in said, said
    assert report.missing_actions == [] and report.exit_code == 3


def test_this_computer_checks_never_fail_for_a_headless_keyring_or_a_folder_with_room(sim, tmp_path, monkeypatch):
    import keyring
    from keyring.backends import fail

    from tui_export.cloud import secret_store

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    secret_store.reset_detection()
    try:
        checks = _checks(_doctor(sim, bucket=BUCKET, download_dir=str(tmp_path)))
    finally:
        keyring.set_keyring(previous)
        secret_store.reset_detection()
    assert checks["keyring"].ok is None and "encrypted file" in checks["keyring"].detail   # it has its answer
    assert checks["free_space"].ok is True and str(tmp_path) in checks["free_space"].detail
    assert checks["crc64"].ok in (True, None) and "MB/s" in checks["crc64"].detail


def _demo_doctor(tmp_path, *args: str) -> subprocess.CompletedProcess:
    # (a fresh HOME and no credentials: tests/cloud/conftest.py)
    return subprocess.run([sys.executable, "-m", "tui_export", "doctor", "--demo", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def test_the_demo_doctor_as_its_limited_user_shows_what_to_grant(tmp_path):
    done = _demo_doctor(tmp_path, "--demo-user", "demo-limited", "--json", "--download-dir", str(tmp_path))
    assert done.returncode == 3, done.stderr
    doc = json.loads(done.stdout)
    assert doc["missing_actions"] == ["ecs:ExportImage", "oss:GetObject"]
    assert {a for s in doc["policy"]["Statement"] for a in s["Action"]} == {"ecs:ExportImage", "oss:GetObject"}


@pytest.mark.parametrize("lang, words", [("en", "the demo has no such user"), ("zh", "演示云中没有这个用户")])
def test_an_unknown_demo_user_is_one_line_in_the_users_language(tmp_path, lang, words):
    done = _demo_doctor(tmp_path, "--demo-user", "nobody", "--lang", lang)
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("tui-export doctor: --demo-user nobody") and words in line and "demo-limited" in line
