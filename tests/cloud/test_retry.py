"""The retry policy: bounded in attempts and time, full jitter, reads recover from
throttling, a permanent 5xx ends in a retryable CloudError, and the SDK's own retry
is off (one policy)."""

from __future__ import annotations

import random
import threading
import time

import pytest

from session_fixtures import REGION, fast_retry, make_session, session, sim  # noqa: F401
from tui_export.cloud.errors import CloudError
from tui_export.cloud.retry import RetryPolicy, call

from tests.waiting import wait_until


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self):
        return self.now

    def sleep(self, d):
        self.sleeps.append(d)
        self.now += d


def _policy(**kw):
    fc = FakeClock()
    values = dict(max_attempts=5, max_total_s=30.0, base_s=0.25, cap_s=8.0, sleep=fc.sleep, clock=fc.clock,
                  rng=random.Random(7))
    values.update(kw)
    return RetryPolicy(**values), fc


def _failing(code="Throttling.User", status=400, counter=None):
    def fn():
        if counter is not None:
            counter.append(1)
        raise CloudError(code, "no", status)
    return fn


def test_bounded_in_attempts():
    policy, fc = _policy()
    tries: list = []
    with pytest.raises(CloudError) as info:
        call(_failing(counter=tries), policy)
    assert len(tries) == 5 and len(fc.sleeps) == 4
    assert info.value.retryable


def test_full_jitter_within_exponential_ceilings():
    policy, _ = _policy(rng=random.Random(1))
    for attempt in range(8):
        ceiling = min(8.0, 0.25 * 2 ** attempt)
        samples = [policy.delay(attempt) for _ in range(200)]
        assert all(0 <= s <= ceiling for s in samples)
        assert max(samples) > ceiling * 0.8      # spread over the whole range: full jitter


def test_bounded_in_total_time():
    policy, fc = _policy(max_attempts=1000, max_total_s=3.0, base_s=1.0, cap_s=1.0)
    tries: list = []
    with pytest.raises(CloudError):
        call(_failing("ServiceUnavailable", 503, tries), policy)
    assert fc.now <= 3.0 + 1e-9 and len(tries) < 1000


def test_business_errors_are_not_retried():
    policy, fc = _policy()
    tries: list = []
    with pytest.raises(CloudError) as info:
        call(_failing("InvalidImageId.NotFound", 404, tries), policy)
    assert len(tries) == 1 and fc.sleeps == [] and not info.value.retryable


def test_recovers_after_transient_failures():
    policy, _ = _policy()
    state = {"n": 0}

    def fn():
        state["n"] += 1
        if state["n"] < 3:
            raise CloudError("Timeout", "slow", None)
        return "ok"
    assert call(fn, policy) == "ok" and state["n"] == 3


# --- against the embedded cloud -------------------------------------------------------------

def test_reads_succeed_under_heavy_throttling(sim):
    s = make_session(sim, retry=fast_retry(max_attempts=12))
    sim.faults.update(throttle=0.5, seed=11)
    try:
        counts = {s.image_count(REGION) for _ in range(10)}
        images = s.images(REGION)
        tasks = s.tasks(REGION)
        buckets = s.buckets()
        regions = s.regions("en")
    finally:
        sim.faults.clear()
    assert len(counts) == 1 and images and tasks and buckets and regions


def test_permanent_503_ends_retryable_after_the_bound(sim, monkeypatch):
    seen: list[str] = []
    lock = threading.Lock()
    real = sim.ecs.handle

    def counting(method, params):
        with lock:
            seen.append(params.get("Action", ""))
        return real(method, params)

    monkeypatch.setattr(sim.ecs, "handle", counting)
    s = make_session(sim, retry=fast_retry(max_attempts=4))
    sim.faults.update(server_error=1.0)
    try:
        started = time.monotonic()
        with pytest.raises(CloudError) as info:
            s.image_count(REGION)
        elapsed = time.monotonic() - started
    finally:
        sim.faults.clear()
    err = info.value
    assert err.retryable and err.code in ("InternalError", "ServiceUnavailable") and err.http_status >= 500
    assert err.request_id
    # exactly our 4 attempts: the SDK's own retry (3 more per attempt) is off
    assert seen.count("DescribeImages") == 4
    assert elapsed < 5


def test_sdk_retry_is_off_for_timeouts_too(sim, monkeypatch):
    seen: list[str] = []
    real = sim.ecs.handle
    monkeypatch.setattr(sim.ecs, "handle", lambda m, p: (seen.append(p.get("Action")), real(m, p))[1])
    s = make_session(sim, retry=fast_retry(max_attempts=1), read_timeout=0.2)
    sim.faults.update(latency_ms=400)
    try:
        with pytest.raises(CloudError) as info:
            s.image_count(REGION)
    finally:
        # the delayed requests land before the check
        wait_until(lambda: not sim.ecs.stats()["in_flight"], timeout=30, step=0.01, what="the delayed requests")
        sim.faults.clear()
    assert info.value.code == "Timeout"
    assert seen.count("DescribeImages") == 1


def test_ensure_role_survives_lost_responses():
    """CreateRole / AttachPolicyToRole answered but the answer lost: the retry's
    "already exists" counts as success, and the role ends up complete."""
    from tui_export.core.models import RoleState
    from tui_export.sim import EmbeddedCloud
    with EmbeddedCloud(export_seconds=2) as cloud:
        s = make_session(cloud)
        cloud.faults.update(lost_response=1.0, only={"CreateRole", "AttachPolicyToRole"})
        try:
            assert s.ensure_role() is RoleState.PRESENT
        finally:
            cloud.faults.clear()
        assert s.role_state() is RoleState.PRESENT
        assert cloud.world.roles["AliyunECSImageExportDefaultRole"].policies == [
            ("AliyunECSImageExportRolePolicy", "System")]


def test_oss_reads_recover_from_5xx_and_a_permanent_one_is_retryable(sim):
    key = "weekly_m-bp1demoweb0000000001_system.raw.tar.gz"     # the demo's finished export
    s = make_session(sim, retry=fast_retry(max_attempts=12))
    sim.faults.update(server_error=0.5, only={"ListBuckets", "HeadObject", "GetBucketInfo"}, seed=5)
    try:
        for _ in range(5):
            assert s.buckets()
            assert s.head_object("demo-export-hangzhou", key, REGION).size > 0
        sim.faults.update(server_error=1.0)
        with pytest.raises(CloudError) as info:
            make_session(sim, retry=fast_retry(max_attempts=3)).buckets()
    finally:
        sim.faults.clear()
    assert info.value.retryable and info.value.http_status in (500, 503)
