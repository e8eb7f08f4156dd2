"""What an export task id looks like, for the "open a task by id" field.

ECS task ids are "t-" and letters/digits (e.g. "t-bp67acfmxazb4ph6ovr8"); the cloud
decides whether one exists, this only refuses what can't be one (a typo, an image id
pasted by mistake) before any call is made.
"""

from __future__ import annotations

import re

from tui_export.core.rules import Problem

_TASK_ID = re.compile(r"t-[A-Za-z0-9]{4,62}")


def clean_task_id(text: str) -> str:
    return text.strip()


def validate_task_id(text: str) -> Problem | None:
    value = clean_task_id(text)
    if not value:
        return Problem("task_id.empty")
    if value.startswith(("m-", "i-", "s-", "d-")):
        return Problem("task_id.other_id", {"value": value[:24]})
    if not (_TASK_ID.fullmatch(value) and value.isascii()):
        return Problem("task_id.malformed")
    return None
