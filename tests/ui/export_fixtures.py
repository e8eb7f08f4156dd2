"""Fixtures for the export form, result screen and dialogs: the embedded demo cloud,
a real CloudSession on it, and a tiny host App standing in for TuiExportApp.

Why a host app: the screens need only what TuiExportApp gives them (`session`,
`lang`, `read_only`, `refuse_if_read_only`, `show_error`, `state_dir`); a bare
host pushes one screen with a callback and records the value it dismisses with
(oterm's pattern), so these tests don't depend on the other screens.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.app import App

from tui_export.cloud.session import CloudSession
from tui_export.core.models import ExportRequest, Image, Task
from tui_export.sim import EmbeddedCloud
from tui_export.ui.app_notices import KeepsNotices

from tests.waiting import wait_for, wait_until  # noqa: F401  (wait_for: imported from here too)

FAST_EXPORT_S = 1.0
SMALL_BYTES_PER_GIB = 64 << 10    # a 40 GiB system disk exports 2.5 MiB

HZ = "cn-hangzhou"
IMAGE_DATA = "m-bp1demodata000000002"      # hangzhou, system 40 GiB + data xvdb 100 GiB
IMAGE_WEB = "m-bp1demoweb0000000001"       # hangzhou, system 20 GiB only
IMAGE_EXPORTING = "m-bp1demoexp000000009"  # hangzhou, an export already running
IMAGE_BEIJING = "m-2zedemobeijing00001"    # cn-beijing: no bucket there
IMAGE_SINGAPORE = "m-t4ndemosingapore001"  # ap-southeast-1 honours ImageFormat
BUCKET_HZ = "demo-export-hangzhou"


@pytest.fixture
def export_cloud():
    """The demo account on free ports; exports take ~1 s and write small archives."""
    with EmbeddedCloud("demo", export_seconds=FAST_EXPORT_S, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        yield cloud


@pytest.fixture
def export_session(export_cloud):
    return CloudSession.for_sim(export_cloud)


def image_of(cloud: EmbeddedCloud, image_id: str) -> Image:
    return cloud.world.images[image_id]


class ExportHost(KeepsNotices, App):
    """Pushes one screen; records what it dismisses with, errors shown and refusals.
    It keeps the app contract (ui/app_contract.py) like TuiExportApp: no engine, no jobs;
    and the app's one stylesheet, where the screens' layout is. Downloads need the engine
    (the app's one download path): their tests run the real app (conftest.open_result)."""

    CSS_PATH = str(Path(__file__).resolve().parents[2] / "tui_export" / "ui" / "app.tcss")

    engine = None
    demo = False
    account_label = ""
    download_dir = None
    source_label = ""
    connection_state = "ready"
    terminal_out = None

    def __init__(self, session, screen_factory, *, lang: str = "en", read_only: bool = False,
                 state_dir: Path | None = None) -> None:
        super().__init__()
        self.session = session
        self.lang = lang
        self.read_only = read_only
        self.state_dir = state_dir
        self.screen_factory = screen_factory
        self.results: list = []
        self.errors: list[BaseException] = []
        self.refused: list[str] = []

    def on_mount(self) -> None:
        screen = self.screen_factory()
        from textual.screen import ModalScreen

        if isinstance(screen, ModalScreen):
            self.push_screen(screen, self.results.append)
        else:
            self.push_screen(screen)

    def refuse_if_read_only(self, action_key: str) -> bool:
        if not self.read_only:
            return False
        self.refused.append(action_key)
        self.notify(f"read-only: {action_key} refused", severity="warning", markup=False)
        return True

    def show_error(self, exc: BaseException, *, context: str = "") -> None:
        self.errors.append(exc)
        self.notify(str(exc), severity="error", markup=False)

    def job_folder(self, task_id: str) -> str | None:
        return None


def text_of(widget) -> str:
    """A Static's current text (plain)."""
    content = widget.render()
    return str(getattr(content, "plain", content))


def finished_export(cloud: EmbeddedCloud, session: CloudSession, image_id: str = IMAGE_DATA,
                    prefix: str = "snap") -> tuple[Task, ExportRequest]:
    """Run one export to the end in the sim (role first) and return (task, request)."""
    session.ensure_role()
    req = ExportRequest(HZ, image_id, BUCKET_HZ, prefix)
    task_id = session.export(req)
    task = wait_until(lambda: (t := session.task(HZ, task_id)).finished and t, timeout=20, step=0.1,
                      what=f"export {task_id} to end")
    assert task.status == "Finished", f"export ended {task.status}"
    return task, req


async def settle(pilot, seconds: float = 0.1) -> None:
    await pilot.pause(seconds)
    await asyncio.sleep(0)
