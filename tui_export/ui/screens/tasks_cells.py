"""The tasks table's cells: a task's status in colour and its progress as a text bar."""

from __future__ import annotations

from rich.text import Text

from tui_export.core.i18n import task_status
from tui_export.core.models import Task

# Region before Image: at 80 columns the region is on screen whole (the image id may be cut).
COLUMNS = ("task", "state", "progress", "region", "image", "started")
BAR_WIDTH = 10

STATUS_STYLE = {"Finished": "green", "Failed": "red", "Deleted": "dim", "Processing": "cyan", "Waiting": "yellow"}


def progress_cell(task: Task) -> Text:
    """A text bar for the table ("█████░░░░░  52%"); the pane has a real ProgressBar."""
    if task.status == "Finished":
        return Text("█" * BAR_WIDTH + " 100%", style="green")
    if task.finished:
        return Text("—", style="dim")
    pct = task.progress
    if pct is None:
        return Text("░" * BAR_WIDTH + "   …", style="dim")
    filled = round(BAR_WIDTH * max(0, min(pct, 100)) / 100)
    bar = Text("█" * filled, style="cyan")
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    bar.append(f" {pct:>3}%")
    return bar


def status_cell(task: Task, lang: str) -> Text:
    label = task_status(task.status, lang)   # an unknown status shows as the API said
    return Text(label, style=STATUS_STYLE.get(task.status, ""))
