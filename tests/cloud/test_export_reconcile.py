"""ExportImage is never retried blindly: whatever fault hits it (throttling, 5xx,
lost responses, timeouts), an image never ends up with two export tasks, and a
returned task id is the task that exists. The sim's world is the ground truth."""

from __future__ import annotations

import time

import pytest

from session_fixtures import (REGION, export_tasks_of, fast_retry, make_session, new_image, ready, request_for,  # noqa: F401
                              session, sim)
from tui_export.cloud.errors import CloudError

from tests.waiting import wait_until


def _check_one(sim, image, outcome):
    tasks = export_tasks_of(sim, image.image_id)
    assert len(tasks) <= 1, f"{len(tasks)} export tasks for {image.image_id}"
    if isinstance(outcome, str):
        assert [t.task_id for t in tasks] == [outcome]
    return tasks


def _export(session, image):
    try:
        return session.export(request_for(image))
    except CloudError as err:
        return err


def test_lost_response_finds_the_task(ready, sim):
    image = new_image(sim)
    sim.faults.update(lost_response=1.0, only={"ExportImage"})
    task_id = ready.export(request_for(image))
    sim.faults.clear()
    _check_one(sim, image, task_id)
    assert ready.task(REGION, task_id).task_id == task_id


def test_lost_response_ignores_an_older_export_of_the_same_image(ready, sim):
    image = new_image(sim)
    old = sim.world.create_export(image, "demo-export-hangzhou", "Old", "raw", created=time.time() - 7200,
                                  status="Finished")
    sim.faults.update(lost_response=1.0, only={"ExportImage"})
    task_id = ready.export(request_for(image))
    sim.faults.clear()
    assert task_id != old.task_id
    assert [t.task_id for t in export_tasks_of(sim, image.image_id) if t.task_id != old.task_id] == [task_id]


@pytest.mark.parametrize("faults", [
    {"lost_response": 0.5, "only": {"ExportImage"}},
    {"server_error": 0.5, "only": {"ExportImage"}},
    {"throttle": 0.6, "only": {"ExportImage"}},
    {"throttle": 0.2, "server_error": 0.2, "lost_response": 0.3},   # every call, reads too
])
def test_no_fault_leaves_two_tasks(ready, sim, faults):
    s = make_session(sim, retry=fast_retry(max_attempts=8))
    images = [new_image(sim) for _ in range(8)]
    sim.faults.update(seed=5, **faults)
    try:
        outcomes = [_export(s, image) for image in images]
    finally:
        sim.faults.clear()
    succeeded = 0
    for image, outcome in zip(images, outcomes):
        _check_one(sim, image, outcome)
        succeeded += isinstance(outcome, str)
        if isinstance(outcome, CloudError):
            assert outcome.retryable or outcome.code == "ImageIsExporting", outcome
    assert succeeded >= 4


def test_permanent_5xx_creates_nothing_and_is_retryable(ready, sim):
    image = new_image(sim)
    sim.faults.update(server_error=1.0, only={"ExportImage"})
    try:
        with pytest.raises(CloudError) as info:
            ready.export(request_for(image))
    finally:
        sim.faults.clear()
    assert info.value.retryable and info.value.http_status >= 500
    assert export_tasks_of(sim, image.image_id) == []


def test_timeout_with_slow_reads_sends_nothing(ready, sim):
    """Every call is slower than the read timeout: the image's tasks can't be noted
    before the first attempt, so ExportImage is never sent (a retry couldn't be
    reconciled safely). The user gets a Timeout, in both languages, and nothing started."""
    image = new_image(sim)
    s = make_session(sim, read_timeout=0.25)
    sim.faults.update(latency_ms=500)
    try:
        with pytest.raises(CloudError) as info:
            s.export(request_for(image))
    finally:
        sim.faults.clear()
    assert info.value.code == "Timeout" and info.value.operation == "DescribeTasks"
    assert info.value.explain("zh")[1]
    assert export_tasks_of(sim, image.image_id) == []


def test_timeouts_with_jitter(ready, sim):
    s = make_session(sim, read_timeout=0.3, retry=fast_retry(max_attempts=6))
    images = [new_image(sim) for _ in range(5)]
    sim.faults.update(latency_ms=250, jitter_ms=200, seed=3)
    try:
        outcomes = [_export(s, image) for image in images]
    finally:
        # the delayed requests land before the check
        wait_until(lambda: not sim.ecs.stats()["in_flight"], timeout=30, step=0.01, what="the delayed requests")
        sim.faults.clear()
    for image, outcome in zip(images, outcomes):
        tasks = export_tasks_of(sim, image.image_id)
        assert len(tasks) <= 1
        if isinstance(outcome, str):
            assert [t.task_id for t in tasks] == [outcome]


def test_cancel_after_lost_response(ready, sim):
    image = new_image(sim)
    task_id = ready.export(request_for(image))
    sim.faults.update(lost_response=1.0, only={"CancelTask"})
    try:
        ready.cancel(REGION, task_id)
    finally:
        sim.faults.clear()
    assert ready.task(REGION, task_id).status == "Deleted"


def test_cancel_throttled_then_done(ready, sim):
    image = new_image(sim)
    task_id = ready.export(request_for(image))
    s = make_session(sim, retry=fast_retry(max_attempts=12))
    sim.faults.update(throttle=0.6, only={"CancelTask"}, seed=2)
    try:
        s.cancel(REGION, task_id)
    finally:
        sim.faults.clear()
    assert ready.task(REGION, task_id).status == "Deleted"


def test_cancel_permanent_5xx_leaves_task_running(ready, sim):
    image = new_image(sim)
    task_id = ready.export(request_for(image))
    sim.faults.update(server_error=1.0, only={"CancelTask"})
    try:
        with pytest.raises(CloudError) as info:
            ready.cancel(REGION, task_id)
    finally:
        sim.faults.clear()
    assert info.value.retryable
    assert ready.task(REGION, task_id).status in ("Waiting", "Processing")
