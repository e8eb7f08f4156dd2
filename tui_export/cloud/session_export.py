"""The calls that change an export, with the rules that keep ExportImage from ever creating two
tasks and CancelTask from being misread (mixed into CloudSession, whose `ecs` and `retry` they use).

Why these rules: docs/api.md, "Reconciling an ExportImage retry".
"""

from __future__ import annotations

from typing import Callable, Iterable

from tui_export.cloud.errors import CloudError
from tui_export.core.models import ExportRequest


class ExportCalls:
    """ExportImage and CancelTask for CloudSession."""

    def export(self, req: ExportRequest, dry_run: bool = False, *, before: Iterable[str] | None = None,
               noted: Callable[[set[str]], None] | None = None) -> str | None:
        """Start an export; returns the task id (None for a successful DryRun).

        Never creates two tasks and never answers with another export's task. Before the
        first attempt the image's export tasks are noted; after an ambiguous failure
        (timeout, dropped connection, 5xx) a task is ours only if it is new and
        DescribeTaskAttribute proves our bucket, prefix and format (cloud/export_match.py).
        Throttling happens before execution: plain retry. Any other refusal ends the call at
        once, so a retry ends the way the same call would have ended without a fault
        (ImageIsExporting included).

        `noted(ids)` is told the noted tasks right before the first attempt, so a caller can
        keep them (the job journal). `before` hands them back to a later process whose
        predecessor sent this request and died without the answer: that attempt counts as
        ambiguous, so a task it started is found and returned — running or already finished —
        instead of a second export being sent.
        """
        if dry_run:
            try:
                self.ecs.export_once(req, dry_run=True)
            except CloudError as err:
                if err.code == "DryRunOperation":
                    return None
                raise
            return None
        ambiguous: CloudError | None = None
        # an earlier process sent this request and died without the answer: its attempt may
        # have started a task, so every look below treats it as ambiguous from the start
        unsure = before is not None
        if before is None:
            # A failed look here ends the call before anything was sent: nothing to reconcile.
            noticed = {t.task_id for t in self.ecs.tasks(req.region_id, resource_ids=(req.image_id,))}
        else:
            noticed = set(before)
            found, _ = self._reconcile(req, noticed, None)
            if found:
                return found
            # Nothing new is proven ours: sending is safe for the reason given in the loop below.
        if noted is not None:
            noted(noticed)
        budget = self.retry.budget()
        while True:
            budget.next_attempt()
            try:
                body = self.ecs.export_once(req)
            except CloudError as err:
                if err.code == "ImageIsExporting" and (ambiguous is not None or unsure):
                    # an earlier attempt may have started our task after all
                    found, unproven = self._reconcile(req, noticed, ambiguous)
                    if found:
                        return found
                    # As without a fault. If a new task we couldn't prove ours is there, it may
                    # be ours: say so (the explanation points to the task list either way).
                    err.ambiguous = unproven
                    raise
                if err.ambiguous or (err.retryable and not err.throttled):
                    ambiguous = err
                elif not err.throttled:
                    raise                      # a business error: at once
                if not budget.can_retry():
                    if ambiguous is not None or unsure:
                        found, _ = self._reconcile(req, noticed, ambiguous)
                        if found:
                            return found
                    raise
                budget.backoff()
                if ambiguous is not None:
                    # Look after the backoff, right before resending: a delayed earlier
                    # attempt may have landed meanwhile.
                    found, _ = self._reconcile(req, noticed, ambiguous)
                    if found:
                        return found
                    # No new task proven ours, so resending can't make a second export of
                    # this image: the cloud refuses an export of an image that is already
                    # exporting (ImageIsExporting). If an earlier attempt did start a task
                    # we couldn't prove ours (it is running), the resend meets that refusal
                    # and we end with it; if it lands after our resend, it is the one refused.
                continue
            task_id = self.ecs_task_id(body)
            if not task_id:
                raise CloudError("InvalidResponse", "ExportImage answered without a TaskId.",
                                 200, body.get("RequestId", ""), retryable=False, operation="ExportImage")
            return task_id

    @staticmethod
    def ecs_task_id(body: dict) -> str:
        from tui_export.cloud.ecs import export_task_id
        return export_task_id(body)

    def _reconcile(self, req: ExportRequest, before: set[str], cause: CloudError | None) -> tuple[str | None, bool]:
        """(the export task our earlier attempts started if the cloud proves one, whether a
        new task of the image was seen that might be ours: neither proven nor ruled out).

        Candidates are the image's tasks not in `before` (noted before the first attempt),
        newest first; each is ours only if DescribeTaskAttribute proves it. If we can't
        even look (the reads fail too), we must not send ExportImage again: the original
        error is raised, marked ambiguous, for the UI to say "check the task list". Without
        one (a relaunch looking before it sends anything), the failed read itself is raised.
        """
        from tui_export.cloud.ecs import parse_api_time
        from tui_export.cloud.export_match import proven_ours, ruled_out
        maybe = False
        try:
            listed = self.ecs.tasks(req.region_id, resource_ids=(req.image_id,))
            new = [t for t in listed if t.task_id not in before and t.resource_id == req.image_id]
            # newest first; the listing's order breaks ties (times have minute precision)
            order = {t.task_id: i for i, t in enumerate(new)}
            new.sort(key=lambda t: (-(parse_api_time(t.creation_time) or 0.0), order[t.task_id]))
            for t in new:
                attribute = self.ecs.task(req.region_id, t.task_id)
                if proven_ours(t, attribute, req):
                    return t.task_id, False
                maybe = maybe or not ruled_out(t, attribute, req)
        except CloudError:
            if cause is None:
                raise
            cause.ambiguous = True
            raise cause from None
        return None, maybe

    def cancel(self, region_id: str, task_id: str) -> None:
        """Cancel a running export. After an ambiguous failure, look at the task before retrying."""
        budget = self.retry.budget()
        ambiguous = False
        while True:
            budget.next_attempt()
            try:
                self.ecs.cancel_once(region_id, task_id)
                return
            except CloudError as err:
                if err.code == "InvalidTaskId.IncorrectTaskStatus" and ambiguous:
                    if self._cancelled(region_id, task_id, err):
                        return
                    raise
                if err.ambiguous or (err.retryable and not err.throttled):
                    ambiguous = True
                    if self._cancelled(region_id, task_id, err):
                        return
                elif not err.throttled:
                    raise
                if not budget.can_retry():
                    raise
                budget.backoff()

    def _cancelled(self, region_id: str, task_id: str, cause: CloudError) -> bool:
        try:
            t = self.ecs.task(region_id, task_id)
        except CloudError:
            raise cause from None
        return t.status == "Deleted"
