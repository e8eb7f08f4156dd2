"""An ExportImage retry never comes back with another export's task (issue #7 §1).

The sim's world is the ground truth for which tasks exist. Faults are switched
between attempts from the retry policy's `sleep` (called once per backoff), so
"exactly one 500" or "a task started elsewhere during our backoff" are exact.
"""

from __future__ import annotations

import time

import pytest

from session_fixtures import (BUCKET, REGION, export_tasks_of, fast_retry, make_session, new_image, ready,  # noqa: F401
                              request_for, session, sim)
from tui_export.cloud.errors import CloudError
from tui_export.cloud.task_store import TaskStore

OTHER_BUCKET = "demo-backup-hangzhou"       # the demo scenario's second bucket in cn-hangzhou


class BetweenAttempts:
    """A retry `sleep` that runs `action` at each backoff (and counts them)."""

    def __init__(self, action) -> None:
        self.action = action
        self.calls = 0

    def __call__(self, _seconds: float) -> None:
        self.calls += 1
        self.action(self.calls)


def _finished_a_second_ago(sim, image, bucket: str, prefix: str):
    task = sim.world.create_export(image, bucket, prefix, "raw", created=time.time() - 5, status="Finished")
    with sim.world.lock:
        task.finished = time.time() - 1
    return task


def test_one_500_while_another_export_runs_ends_like_no_fault(ready, sim, tmp_path):
    image = new_image(sim)
    a_req = request_for(image, bucket=OTHER_BUCKET, prefix="A")
    a_id = ready.export(a_req)
    with TaskStore(tmp_path) as store:
        store.record_export(a_id, account="demo", region_id=REGION, image_id=image.image_id,
                            bucket=a_req.bucket, prefix=a_req.prefix)
        before = store.task(a_id)
        b_req = request_for(image, bucket=BUCKET, prefix="B")

        with pytest.raises(CloudError) as plain:          # no fault: the cloud refuses B
            ready.export(b_req)
        assert plain.value.code == "ImageIsExporting"

        hook = BetweenAttempts(lambda n: sim.faults.clear())
        s = make_session(sim, retry=fast_retry(sleep=hook))
        sim.faults.update(server_error=1.0, only={"ExportImage"})
        try:
            with pytest.raises(CloudError) as retried:
                s.export(b_req)
        finally:
            sim.faults.clear()
        assert hook.calls == 1                             # exactly one 500 was seen
        assert retried.value.code == "ImageIsExporting"    # same end as without the fault
        assert not retried.value.ambiguous                  # A is certainly not ours
        assert [t.task_id for t in export_tasks_of(sim, image.image_id)] == [a_id]
        assert store.task(a_id) == before


@pytest.mark.parametrize("a_bucket, a_prefix", [(OTHER_BUCKET, "A"), (BUCKET, "B")],
                         ids=["other-bucket", "same-request"])
def test_a_finished_a_second_ago_and_b_gets_500s_until_retries_run_out(ready, sim, a_bucket, a_prefix):
    image = new_image(sim)
    a = _finished_a_second_ago(sim, image, a_bucket, a_prefix)
    sim.faults.update(server_error=1.0, only={"ExportImage"})
    try:
        with pytest.raises(CloudError) as info:
            ready.export(request_for(image, bucket=BUCKET, prefix="B"))
    finally:
        sim.faults.clear()
    assert info.value.http_status >= 500 and info.value.retryable
    assert [t.task_id for t in export_tasks_of(sim, image.image_id)] == [a.task_id]


@pytest.mark.parametrize("a_bucket, a_prefix", [(OTHER_BUCKET, "A"), (BUCKET, "B")],
                         ids=["other-bucket", "same-request"])
def test_b_response_lost_after_the_task_was_created_returns_bs_own_task(ready, sim, a_bucket, a_prefix):
    image = new_image(sim)
    a = _finished_a_second_ago(sim, image, a_bucket, a_prefix)
    sim.faults.update(lost_response=1.0, only={"ExportImage"})
    try:
        b_id = ready.export(request_for(image, bucket=BUCKET, prefix="B"))
    finally:
        sim.faults.clear()
    new = [t for t in export_tasks_of(sim, image.image_id) if t.task_id != a.task_id]
    assert b_id != a.task_id
    assert [(t.task_id, t.bucket, t.prefix) for t in new] == [(b_id, BUCKET, "B")]


@pytest.mark.parametrize("region, bucket, theirs", [
    ("cn-hangzhou", BUCKET, dict(bucket=OTHER_BUCKET, prefix="B", image_format="raw")),
    ("cn-hangzhou", BUCKET, dict(bucket=BUCKET, prefix="Other", image_format="raw")),
    ("ap-southeast-1", "demo-export-singapore", dict(bucket="demo-export-singapore", prefix="B",
                                                     image_format="vhd")),
], ids=["bucket", "prefix", "format"])
def test_a_task_started_elsewhere_during_our_backoff_is_not_ours(ready, sim, region, bucket, theirs):
    """After our 500 someone else exports the image: it differs from our request in
    one field only, so it is not ours; resending meets it and ends ImageIsExporting."""
    image = new_image(sim, region=region)
    foreign: list = []

    def start_theirs(n: int) -> None:
        sim.faults.clear()
        if n == 1:
            foreign.append(sim.world.create_export(image, theirs["bucket"], theirs["prefix"],
                                                   theirs["image_format"]))

    s = make_session(sim, retry=fast_retry(sleep=BetweenAttempts(start_theirs)))
    sim.faults.update(server_error=1.0, only={"ExportImage"})
    try:
        with pytest.raises(CloudError) as info:
            s.export(request_for(image, bucket=bucket, prefix="B"))
    finally:
        sim.faults.clear()
    assert info.value.code == "ImageIsExporting" and not info.value.ambiguous
    assert [t.task_id for t in export_tasks_of(sim, image.image_id)] == [foreign[0].task_id]


def test_a_running_task_without_object_names_is_not_proven_ours(ready, sim):
    """If DescribeTaskAttribute names no objects for a running export (the real cloud's
    fields there are undocumented), the prefix can't be proven: we never claim the task,
    never start a second one, and end with the cloud's own ImageIsExporting, marked as
    possibly ours."""
    image = new_image(sim)
    sim.world.list_planned_objects = False
    sim.faults.update(lost_response=1.0, only={"ExportImage"})
    try:
        with pytest.raises(CloudError) as info:
            ready.export(request_for(image, prefix="B"))
    finally:
        sim.faults.clear()
        sim.world.list_planned_objects = True
    assert info.value.code == "ImageIsExporting"
    assert info.value.ambiguous                 # the running task may be ours: check the task list
    assert len(export_tasks_of(sim, image.image_id)) == 1


def test_reconcile_that_cannot_look_never_resends(ready, sim):
    """ExportImage answers 500, then every read fails too: nothing proves the export
    wasn't carried out, so it is not sent again; the error says it may have been."""
    image = new_image(sim)

    def reads_fail_now(n: int) -> None:    # and ExportImage would work: a resend would show
        sim.faults.update(server_error=1.0, only={"DescribeTasks", "DescribeTaskAttribute"})

    s = make_session(sim, retry=fast_retry(sleep=BetweenAttempts(reads_fail_now)))
    sim.faults.update(server_error=1.0, only={"ExportImage"})
    try:
        with pytest.raises(CloudError) as info:
            s.export(request_for(image))
    finally:
        sim.faults.clear()
    assert info.value.operation == "ExportImage" and info.value.ambiguous
    assert export_tasks_of(sim, image.image_id) == []


def test_store_never_rewrites_a_task_row_with_another_requests_fields(tmp_path):
    from tui_export.cloud.task_store import TaskRecordConflict

    with TaskStore(tmp_path) as store:
        a = store.record_export("t-a", account="demo", region_id=REGION, image_id="m-1", bucket="bucket-a",
                                prefix="A", created_at=100.0)
        with pytest.raises(TaskRecordConflict):
            store.record_export("t-a", account="demo", region_id=REGION, image_id="m-1", bucket="bucket-b",
                                prefix="B")
        assert store.task("t-a") == a
        # the same request recorded twice keeps one row, unchanged but for its time
        again = store.record_export("t-a", account="demo", region_id=REGION, image_id="m-1",
                                    bucket="bucket-a", prefix="A")
        assert again.created_at == 100.0 and (again.bucket, again.prefix) == ("bucket-a", "A")
        assert [t.task_id for t in store.tasks()] == ["t-a"]


def test_drill_sequential_re_exports_under_5xx_and_lost_responses(ready, sim):
    """The issue's drill: one image exported again and again with the same request,
    each export finished before the next. No call may return an older task's id, and
    no call may leave more than one new task (or a task it didn't report)."""
    image = new_image(sim)
    req = request_for(image, prefix="Nightly")
    s = make_session(sim, retry=fast_retry(max_attempts=6))
    sim.faults.update(server_error=0.3, lost_response=0.2, only={"ExportImage"}, seed=7)
    wrong, duplicates, unreported, errors = [], [], [], []
    seen: set[str] = set()
    try:
        for _ in range(40):
            try:
                outcome: str | CloudError = s.export(req)
            except CloudError as err:
                outcome = err
            new = [t for t in export_tasks_of(sim, image.image_id) if t.task_id not in seen]
            if isinstance(outcome, str):
                if outcome in seen or [t.task_id for t in new] != [outcome]:
                    wrong.append(outcome)
            else:
                errors.append(outcome.code)
                if new:
                    unreported.append([t.task_id for t in new])
            if len(new) > 1:
                duplicates.append([t.task_id for t in new])
            for t in new:
                seen.add(t.task_id)
                sim.world.finish_task(t.task_id)
    finally:
        sim.faults.clear()
    assert (wrong, duplicates, unreported) == ([], [], [])
    assert len(errors) <= 4, errors      # 6 attempts at 30 % + 20 %: giving up is rare
