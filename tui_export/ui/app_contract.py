"""What every screen may ask of the app it runs in: the one contract between the screens
and TuiExportApp (and the small host apps the dialog tests run them in).

Screens read `self.app` through this protocol only (ui/screens/app_access.py), so a
screen never imports the App, and a host that lacks a member fails the contract test
(tests/ui/test_app_contract.py) instead of a screen silently falling back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, cast, runtime_checkable


@runtime_checkable
class AppContract(Protocol):
    lang: str                     # "en" | "zh": every text a screen shows
    session: Any                  # cloud.session.CloudSession, or None before sign-in
    engine: Any                   # jobs.JobEngine, or None (no task store, or a host without jobs)
    read_only: bool               # --read-only: refuse_if_read_only says no to changes
    demo: bool                    # the embedded demo cloud
    state_dir: Path | None        # settings, task store, remembered choices
    account_label: str            # whose tasks and choices (masked key id, "demo"); "" unknown
    download_dir: str | None      # the download prompt's default folder (None: cwd)
    source_label: str             # where the keys came from, for the status bar ("" before sign-in)
    connection_state: str         # "connecting" | "ready" | "signed_out"
    terminal_out: Any             # writes bytes to the user's terminal (ui/terminal.py); None headless
    notices: Any                  # what the toasts said, plain, newest last (ui/app_notices.py)

    def refuse_if_read_only(self, action_key: str) -> bool:
        """True (and the user told why) when --read-only forbids `action.<action_key>`."""

    def show_error(self, exc: BaseException, *, context: str = "") -> None:
        """The one place errors reach the user (ui/errors.py)."""

    def job_folder(self, task_id: str) -> str | None:
        """The folder this task's files went to last time (None: never downloaded)."""


def contract(app) -> AppContract:
    """`app` as the contract types it, for the code that is not a screen (dialogs, widgets)."""
    return cast(AppContract, app)
