"""The pre-flight check against the embedded cloud, through the real SDKs: the full demo keys
miss nothing (exit 0); a RAM user missing one probed action gets exactly that action reported
and a policy granting it and nothing more (exit 3) — in-process and as `tui-export doctor`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui_export.cloud.doctor import DoctorOptions, run_doctor
from tui_export.cloud.doctor.policy import granted_actions
from tui_export.cloud.doctor.run import PROBED_ACTIONS
from tui_export.cloud.session import CloudSession, StaticCredentials
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario

BUCKET = "demo-export-hangzhou"
# What the flow needs that the doctor probes (ListPoliciesForRole: reading the export role's policies).
NEEDED = PROBED_ACTIONS + ("ram:ListPoliciesForRole",)


def _user(name: str, allow) -> dict:
    return {"name": name, "access_key_id": f"FAKE-{name}", "access_key_secret": f"FAKE-{name}-secret",
            "allow": list(allow)}


def _short(action: str) -> str:
    return action.replace(":", "-").lower()


@pytest.fixture(scope="module")
def cloud():
    users = [_user("everything", NEEDED)]
    users += [_user("no-" + _short(a), [x for x in NEEDED if x != a]) for a in NEEDED]
    users += [_user("fixed-" + _short(a), [x for x in NEEDED if x != a]) for a in NEEDED]
    with EmbeddedCloud({**load_scenario("demo"), "users": users}, export_seconds=1.0,
                       bytes_per_gib=16 << 10) as sim:
        sim.world.grant_export_role()   # the role in place: its policies are read too
        yield sim


def _doctor(sim, user: str | None, **options):
    creds = StaticCredentials(f"FAKE-{user}", f"FAKE-{user}-secret") if user else None
    session = CloudSession.for_sim(sim, credentials=creds)
    return run_doctor(session, DoctorOptions(bucket=BUCKET, source="test", **options))


def _cli(sim, user: str | None, *args: str, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIBABA", "ALICLOUD", "ALIYUN", "TUI_EXPORT"))}
    ak, secret = (f"FAKE-{user}", f"FAKE-{user}-secret") if user else (sim.access_key_id, sim.access_key_secret)
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"),
               ALIBABA_CLOUD_ACCESS_KEY_ID=ak, ALIBABA_CLOUD_ACCESS_KEY_SECRET=secret,
               TUI_EXPORT_ECS_ENDPOINT=sim.ecs_endpoint, TUI_EXPORT_RAM_ENDPOINT=sim.ram_endpoint,
               TUI_EXPORT_STS_ENDPOINT=sim.sts_endpoint, TUI_EXPORT_OSS_ENDPOINT=sim.oss_endpoint)
    return subprocess.run([sys.executable, "-m", "tui_export", "doctor", "--bucket", BUCKET, *args],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_full_demo_keys_miss_nothing(cloud):
    report = _doctor(cloud, None)
    assert report.missing_actions == [] and report.policy is None
    assert report.exit_code == 0, report.lines()
    names = {c.name: c.ok for c in report.checks}
    for action in PROBED_ACTIONS:
        assert names[action] is True, action
    for action in ("ram:CreateRole", "ram:AttachPolicyToRole", "ecs:CancelTask"):
        assert names[action] is None   # asked when needed
    assert names["account"] is True and names["clock"] is True and names["export_role"] is True


@pytest.mark.parametrize("action", NEEDED)
def test_a_user_missing_one_action_gets_exactly_that_policy(cloud, action):
    report = _doctor(cloud, "no-" + _short(action))
    assert report.missing_actions == [action]
    assert granted_actions(report.policy) == {action}
    assert report.exit_code == 3
    assert any(c.name == action and c.ok is False for c in report.checks)
    assert "user/no-" + _short(action) in report.identity_arn


@pytest.mark.parametrize("action", NEEDED)
def test_granting_the_printed_policy_is_enough(cloud, action):
    before = _doctor(cloud, "fixed-" + _short(action))
    granted = granted_actions(before.policy)
    # what an administrator does with the printed policy: add its actions to the user
    user = cloud.users.named("fixed-" + _short(action))
    object.__setattr__(user, "allow", user.allow + tuple(granted))
    after = _doctor(cloud, "fixed-" + _short(action))
    assert after.exit_code == 0 and after.missing_actions == []


def test_oss_actions_are_scoped_to_the_bucket(cloud):
    report = _doctor(cloud, "no-oss-getobject")
    (statement,) = report.policy["Statement"]
    assert statement["Resource"] == [f"acs:oss:*:*:{BUCKET}/*"]
    report = _doctor(cloud, "no-oss-getbucketinfo")
    assert report.policy["Statement"][0]["Resource"] == [f"acs:oss:*:*:{BUCKET}"]
    report = _doctor(cloud, "no-ecs-exportimage")
    assert report.policy["Statement"][0]["Resource"] == "*"


def test_the_report_says_it_in_chinese_too(cloud):
    report = _doctor(cloud, "no-ecs-exportimage", lang="zh")
    text = "\n".join(report.lines())
    assert "缺少的权限：ecs:ExportImage" in text and "请管理员授予" in text


def test_cli_full_keys_exit_0(cloud, tmp_path):
    done = _cli(cloud, None, "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert set(doc) == {"checks", "missing_actions", "policy"}
    assert doc["missing_actions"] == [] and doc["policy"] is None
    assert all(set(c) == {"name", "ok", "detail"} and c["ok"] in (True, False, None) for c in doc["checks"])
    assert {c["name"] for c in doc["checks"]} >= set(PROBED_ACTIONS)


# Every action is checked in-process above; the command (a process each, ~1 s) is run for one of
# each service: the JSON and the exit code come from the same report whatever the action.
CLI_ACTIONS = ("ecs:DescribeRegions", "ram:GetRole", "oss:GetObject")


@pytest.mark.parametrize("action", CLI_ACTIONS)
def test_cli_reports_the_missing_action_and_exits_3(cloud, tmp_path, action):
    done = _cli(cloud, "no-" + _short(action), "--json", tmp_path=tmp_path)
    assert done.returncode == 3, done.stderr
    doc = json.loads(done.stdout)
    assert doc["missing_actions"] == [action]
    assert granted_actions(doc["policy"]) == {action}
    assert "Traceback" not in done.stderr


def test_cli_text_report_holds_the_policy_ready_to_paste(cloud, tmp_path):
    done = _cli(cloud, "no-ecs-exportimage", "--lang", "en", tmp_path=tmp_path)
    assert done.returncode == 3
    text = done.stdout
    assert "✗ Permission ecs:ExportImage: denied (Forbidden.RAM)" in text
    start = text.index("{")
    assert granted_actions(json.loads(text[start:])) == {"ecs:ExportImage"}


def test_a_clock_off_by_an_hour_is_reported_with_the_limit(tmp_path):
    with EmbeddedCloud("demo") as sim:
        sim.faults.update(clock_skew_s=3600)
        report = _doctor(sim, None)
        clock = next(c for c in report.checks if c.name == "clock")
        assert clock.ok is False and "+60 min" in clock.detail and "15 min" in clock.detail
        assert report.exit_code == 3
        # every signed call fails then: none of them is mistaken for a missing permission
        assert report.missing_actions == []
        account = next(c for c in report.checks if c.name == "account")
        assert account.ok is False and "InvalidTimeStamp.Expired" in account.detail
        sim.faults.update(clock_skew_s=120)   # within what the APIs allow
        clock = next(c for c in _doctor(sim, None).checks if c.name == "clock")
        assert clock.ok is True and "+2 min" in clock.detail


def test_no_credentials_is_a_failed_check_not_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIBABA", "ALICLOUD", "ALIYUN", "TUI_EXPORT"))}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_STATE_HOME=str(tmp_path / "s"))
    done = subprocess.run([sys.executable, "-m", "tui_export", "doctor", "--json"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    doc = json.loads(done.stdout)
    assert doc["checks"][0]["name"] == "credentials" and doc["checks"][0]["ok"] is False


def test_public_endpoint_forbidden_is_explained_and_a_custom_domain_fixes_it():
    with EmbeddedCloud("demo") as sim:
        sim.store.update_bucket(BUCKET, public_endpoint_forbidden=True)
        report = _doctor(sim, None)
        checks = {c.name: c for c in report.checks}
        assert checks["oss.public_endpoint"].ok is False
        assert "PublicEndpointForbidden" in checks["oss.public_endpoint"].detail
        assert "--oss-cname" in checks["oss.public_endpoint"].detail
        assert report.missing_actions == [] and report.exit_code == 3
        # the sim serves localhost:PORT as a custom domain would
        port = sim.oss_endpoint.rsplit(":", 1)[1]
        session = CloudSession.for_sim(sim, oss_cname=f"http://localhost:{port}")
        fixed = run_doctor(session, DoctorOptions(bucket=BUCKET, source="test"))
        checks = {c.name: c for c in fixed.checks}
        assert checks["oss.custom_domain"].ok is True and checks["oss:GetObject"].ok is True
        assert checks["oss.public_endpoint"].ok is None and fixed.exit_code == 0


def test_the_app_options_work_before_the_command_too(cloud, tmp_path):
    from tui_export.headless.doctor import doctor_index

    assert doctor_index(["--lang", "zh", "doctor", "--json"]) == 2
    assert doctor_index(["--region", "doctor"]) is None        # a value, not the command
    assert doctor_index(["images", "doctor"]) is None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIBABA", "ALICLOUD", "ALIYUN", "TUI_EXPORT"))}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_STATE_HOME=str(tmp_path / "s"),
               ALIBABA_CLOUD_ACCESS_KEY_ID="FAKE-no-ecs-exportimage",
               ALIBABA_CLOUD_ACCESS_KEY_SECRET="FAKE-no-ecs-exportimage-secret",
               TUI_EXPORT_STS_ENDPOINT=cloud.sts_endpoint)
    done = subprocess.run([sys.executable, "-m", "tui_export", "--lang", "zh", "--ecs-endpoint", cloud.ecs_endpoint,
                           "--ram-endpoint", cloud.ram_endpoint, "--oss-endpoint", cloud.oss_endpoint,
                           "doctor", "--bucket", BUCKET], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 3, done.stderr
    assert "缺少的权限：ecs:ExportImage" in done.stdout
    assert "环境变量（ALIBABA_CLOUD_ACCESS_KEY_ID）" in done.stdout   # where the keys came from, in Chinese too
