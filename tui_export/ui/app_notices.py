"""What the app's toasts said, kept as plain text (`app.notices`) and logged."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from textual.content import Content
from textual.markup import MarkupError
from textual.notifications import SeverityLevel

log = logging.getLogger("tui_export.ui")


@dataclass(frozen=True)
class Notice:
    title: str
    message: str     # plain: what the user read, markup applied
    severity: str

    @classmethod
    def of(cls, message: str, title: str, severity: str, markup: bool) -> "Notice":
        return cls(title, _plain(message, markup), severity)   # a toast's title is never markup


def _plain(text: str, markup: bool) -> str:
    if not markup:
        return text
    try:
        return Content.from_markup(text).plain
    except MarkupError:   # kept as typed: the record must not fail where the toast may not
        return text


class KeepsNotices:
    """Mixin for an App (before App in its bases): every toast is also kept in `notices`,
    plain, and logged, since a toast is gone after seconds."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notices: deque[Notice] = deque(maxlen=50)   # newest last

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        notice = Notice.of(message, title, severity, markup)
        self.notices.append(notice)
        log.info("notice (%s) %s: %s", severity, notice.title, notice.message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
