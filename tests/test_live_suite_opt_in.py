"""The opt-in live suite (tests/live) skips with its reason, never errors, when it can't run:
without TUI_EXPORT_LIVE=1, and with it but no credentials anywhere (issue #12). Run as a
separate pytest in a subprocess with an empty HOME, so no real credentials can be found."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run_live_suite(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ALIBABA", "ALICLOUD", "ALIYUN", "TUI_EXPORT", "PYTEST_XDIST"))}
    env.update(HOME=str(tmp_path), TUI_EXPORT_CONFIG_DIR=str(tmp_path / "config"),
               TUI_EXPORT_STATE_DIR=str(tmp_path / "state"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", **extra)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:xdist",
                           str(ROOT / "tests" / "live")], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("live, reason", [
    ("", "the live suite runs only with TUI_EXPORT_LIVE=1"),
    ("1", "TUI_EXPORT_LIVE=1 but no credentials were found (checked: environment"),
], ids=["not-asked", "asked-without-credentials"])
def test_the_live_suite_skips_with_its_reason(tmp_path, live, reason):
    done = _run_live_suite(tmp_path, **({"TUI_EXPORT_LIVE": live} if live else {}))
    out = done.stdout + done.stderr
    assert done.returncode == 0, out              # all skipped: no error, no failure
    assert "error" not in done.stdout.splitlines()[-1] and "passed" not in done.stdout.splitlines()[-1], out
    assert reason in out


def test_the_live_sessions_guard_refuses_every_change_before_it_is_sent():
    """The guard the live suite puts on its session, tried on the embedded cloud: each call that
    could change an account is refused (AssertionError) and the cloud sees nothing change;
    reads and the DryRun still go through."""
    from tests.live.conftest import refuse_changes
    from tui_export.cloud.session import CloudSession
    from tui_export.core.models import ExportRequest
    from tui_export.sim import EmbeddedCloud

    with EmbeddedCloud("demo") as sim:
        sim.world.grant_export_role()       # so the DryRun can pass
        session = refuse_changes(CloudSession.for_sim(sim))
        req = ExportRequest("cn-hangzhou", "m-bp1demoweb0000000001", "demo-export-hangzhou")
        def account():
            """What a change would alter: the tasks and which are cancelled, the roles with their
            policies, the buckets (a task's progress moves by itself, so it is left out)."""
            with sim.world.lock:
                return (set(sim.world.tasks), {i for i, t in sim.world.tasks.items() if t.status == "Deleted"},
                        {name: list(r.policies) for name, r in sim.world.roles.items()},
                        {b.name for b in sim.store.list_buckets()})

        before = account()
        running = next(t for t in session.tasks("cn-hangzhou") if t.running)
        changes = [
            lambda: session.export(req), lambda: session.ecs.export_once(req),
            lambda: session.cancel("cn-hangzhou", running.task_id),
            lambda: session.ecs.cancel_once("cn-hangzhou", running.task_id),
            session.ensure_role, session.ram.ensure, session.ram.create_role, session.ram.attach_policy,
            lambda: session.create_bucket("live-guard-bucket", "cn-hangzhou"),
            lambda: session.oss.create_bucket("live-guard-bucket", "cn-hangzhou"),
        ]
        for change in changes:
            with pytest.raises(AssertionError, match="the live suite never"):
                change()
        assert account() == before
        assert session.export(req, dry_run=True) is None     # the DryRun is allowed
        assert session.regions("en")
