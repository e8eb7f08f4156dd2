"""What the app keeps and does as tasks and jobs move, beside the tables:

- each task's progress over time (core/eta.py), for the ETA range and the stall warning
  the tasks screen shows;
- when a job ends, the terminal bell and a desktop notification (core/terminal_alert.py),
  written through the app's driver; the `alerts` setting (cloud/ui_settings.py, the
  palette's toggle) turns both off.

Functions of the app (screens call them through `self.app`), so no screen imports the App.
"""

from __future__ import annotations

import logging
import os
import time
from weakref import WeakKeyDictionary

from tui_export.core.eta import ProgressHistory, export_eta, stalled
from tui_export.core.i18n import t, task_status
from tui_export.core.terminal_alert import inside_tmux, job_end_alert

log = logging.getLogger(__name__)

# Per running app (a test runs several): its settings as read once, and each task's progress.
_SETTINGS: WeakKeyDictionary = WeakKeyDictionary()
_HISTORIES: WeakKeyDictionary = WeakKeyDictionary()


# --- settings --------------------------------------------------------------------------

def settings(app):
    """The app's UiSettings, read once from its state dir."""
    current = _SETTINGS.get(app)
    if current is None:
        from tui_export.cloud.ui_settings import load_settings

        current = _SETTINGS[app] = load_settings(app.state_dir)
    return current


def change_settings(app, **values) -> None:
    """Apply at once; save, and say so if the file can't be written (never an error dialog)."""
    from tui_export.cloud.ui_settings import changed, save_settings

    current = _SETTINGS[app] = changed(settings(app), **values)
    if app.state_dir is None:
        return
    try:
        save_settings(app.state_dir, current)
    except OSError as exc:
        log.warning("saving the settings failed: %s", type(exc).__name__)
        app.notify(t("settings.save_failed", app.lang, reason=exc.strerror or type(exc).__name__),
                   severity="warning", markup=False, timeout=8)


def toggle_alerts(app) -> None:
    on = not settings(app).alerts
    change_settings(app, alerts=on)
    app.notify(t("alerts.now_on" if on else "alerts.now_off", app.lang), markup=False, timeout=4)


def ask_default_folder(app) -> None:
    """The palette's "default download folder": asked with the download dialog, then kept."""
    from tui_export.ui.screens.download_dest import DownloadDestinationDialog

    def chosen(folder: str | None) -> None:
        if folder:
            app.download_dir = folder
            change_settings(app, download_dir=folder)
            app.notify(t("settings.folder_set", app.lang, folder=folder), markup=False, timeout=5)

    app.push_screen(DownloadDestinationDialog(t("settings.folder_what", app.lang),
                                              app.download_dir or os.getcwd(), many=True), chosen)


def remember_folder(app, folder) -> None:
    """A folder chosen for a download is the one offered first next time, for any task and after
    a relaunch (the task's own folder still comes first for that task)."""
    folder = str(folder)
    app.download_dir = folder
    if folder != settings(app).download_dir:
        change_settings(app, download_dir=folder)


# --- the end of a job ----------------------------------------------------------------

def job_ended(app, text: str) -> None:
    """Ring and notify (unless turned off): `text` says which job and how it ended."""
    if not settings(app).alerts:
        return
    data = job_end_alert(t("alert.title", app.lang), text, tmux=inside_tmux(os.environ))
    if app.terminal_out is None:   # no terminal (headless)
        return
    try:
        app.terminal_out(data)
    except OSError:   # a terminal gone away must not break the app
        log.exception("writing the job-end alert")


def task_alert_text(task, lang: str) -> str:
    if task.status == "Finished":
        return t("alert.export_finished", lang, task=task.task_id)
    return t("alert.export_ended", lang, task=task.task_id, status=task_status(task.status, lang))


# --- progress over time ----------------------------------------------------------------

def record_progress(app, task) -> None:
    history = _HISTORIES.setdefault(app, {}).setdefault(task.task_id, ProgressHistory())
    history.add(time.monotonic(), 100 if task.status == "Finished" else task.progress)


def progress_history(app, task_id: str) -> ProgressHistory | None:
    return _HISTORIES.get(app, {}).get(task_id)


def eta_line(app, task) -> tuple[str, bool]:
    """("about 3–5 min left" / "No progress for …", is_warning) for a running task; ("", False)
    when nothing can be said yet."""
    from tui_export.core.eta import eta_parts

    history = progress_history(app, task.task_id)
    if history is None or task.finished:
        return "", False
    now = time.monotonic()
    if stalled(history, now, app.stall_seconds):
        minutes = max(1, int((now - history.last_change) // 60))
        return t("eta.stalled", app.lang, minutes=minutes), True
    eta = export_eta(history.samples, now)
    if eta is None:   # no rate yet: nothing rather than a line that says nothing (80x24 is tight)
        return "", False
    key, values = eta_parts(eta)
    return t(key, app.lang, **values), False
