"""Fixtures for the app's own screens: the embedded demo cloud (real SDKs, real
HTTP on 127.0.0.1), the app built on it with an isolated state dir, and helpers
that wait for workers with a deadline instead of sleeping blindly.

tests/conftest.py already points config, state and XDG dirs at a temp folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_export.ui.screens.images import ImagesScreen
from tui_export.ui.screens.regions import RegionsScreen

from tui_export.cli import LaunchOptions
from tui_export.sim import EmbeddedCloud

from tests.waiting import wait_for  # noqa: F401  (the tests' one way to wait, imported from here too)

EXPORT_SECONDS = 2.0              # an export takes ~2 s (plus a short Waiting)
SMALL_BYTES_PER_GIB = 16 << 10    # a 40 GiB disk exports 640 KiB
POLL_SECONDS = 0.2                # the app's task polling in tests

HZ = "cn-hangzhou"
IMAGE_WEB = "m-bp1demoweb0000000001"        # exportable, system disk only
IMAGE_WIN = "m-bp1demowin0000000003"        # Windows: blocked
IMAGE_FIVE = "m-bp1demo5dd000000006"        # five data disks (and maybe more reasons)
IMAGE_EXPORTING = "m-bp1demoexp000000009"   # an export already running
BUCKET_HZ = "demo-export-hangzhou"


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch):
    """Text cursors stay lit in every test: a blinking one makes snapshots depend on when they are
    taken, and its timer wakes the app twice a second for nothing."""
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.__dict__["cursor_blink"], "_default", False)
        monkeypatch.setattr(widget, "_default_cursor_blink", False)


@pytest.fixture
def sim():
    with EmbeddedCloud("demo", export_seconds=EXPORT_SECONDS, bytes_per_gib=SMALL_BYTES_PER_GIB) as cloud:
        yield cloud


@pytest.fixture
def export_role(sim):
    """The export role in place, as the console's one-click authorisation makes it."""
    return sim.world.grant_export_role()


@pytest.fixture
def state_dir(tmp_path) -> Path:
    path = tmp_path / "state"
    path.mkdir()
    return path


@pytest.fixture
def make_app(sim, state_dir):
    """make_app(lang="en", read_only=False, region=None, session=None, **kw) -> TuiExportApp on the sim."""
    from tui_export.ui.app import TuiExportApp

    def make(*, lang: str = "en", read_only: bool = False, region: str | None = None, session=None,
             state: Path | None = None, poll_seconds: float = POLL_SECONDS):
        options = LaunchOptions(demo=True, lang=lang, read_only=read_only, region=region)
        return TuiExportApp(options, sim=sim, session=session, state_dir=state or state_dir,
                            poll_seconds=poll_seconds)
    return make


async def wait_workers(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def regions_done(app) -> bool:
    screen = app.screen
    return (isinstance(screen, RegionsScreen) and bool(screen.regions)
            and screen.bucket_counts is not None and len(screen.image_counts) == len(screen.regions))


def images_done(app) -> bool:
    screen = app.screen
    return isinstance(screen, ImagesScreen) and screen.loaded and not screen.query_one("#images").loading


def notifications(app, severity: str | None = None) -> list[str]:
    """The notifications shown so far (title, newline, message), as the user read them
    (TuiExportApp.notices: the toasts, plain)."""
    return [f"{n.title}\n{n.message}" for n in app.notices if severity is None or n.severity == severity]


def screen_text(app) -> str:
    """What the terminal shows, as plain text (for "never displayed" checks)."""
    import re
    import html

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def enter_on_task(app, pilot, task_id: str) -> None:
    """`t`, the cursor on `task_id`'s row, Enter: as the user opens a task (whatever opens next)."""
    from textual.widgets import DataTable

    from tui_export.ui.screens.tasks import TasksScreen

    await wait_for(pilot, lambda: app.session is not None and app.engine is not None, timeout=20,
                   what="session and engine")
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen) and app.screen.listed
                   and task_id in app.screen.query_one("#tasks", DataTable).rows, timeout=20, what="task listed")
    table = app.screen.query_one("#tasks", DataTable)
    table.move_cursor(row=table.get_row_index(task_id))
    await pilot.pause()
    await pilot.press("enter")


async def open_result(app, pilot, task_id: str):
    """The result screen of `task_id`, reached as the user does: `t`, the task's row, Enter."""
    from tui_export.ui.screens.result import ResultScreen

    await enter_on_task(app, pilot, task_id)
    await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen) and app.screen.objects, timeout=20,
                   what="objects listed")
    return app.screen


async def download_from_result(pilot, folder, key: str = "d", fmt: str | None = None) -> None:
    """On the result screen: `d` (the highlighted object) or `a` (all), the folder typed, the
    format chosen when `fmt` says one ("archive" is the dialog's own), Enter."""
    from textual.widgets import Input, Select

    from tui_export.ui.screens.download_dest import DownloadDestinationDialog

    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, DownloadDestinationDialog), what="folder dialog")
    app.screen.query_one("#dd-dir", Input).value = str(folder)
    if fmt is not None:
        app.screen.query_one("#dd-format", Select).value = fmt
    await pilot.pause()
    await pilot.press("enter")


def demo_finished_task(sim, image_id: str = IMAGE_WEB):
    """The demo's finished export of `image_id` (IMAGE_WEB's is a day old): its objects are in the bucket."""
    with sim.world.lock:
        return next(t for t in sim.world.tasks.values() if t.status == "Finished" and t.image_id == image_id)


async def result_screen_downloading(app, pilot, sim, folder):
    """The result screen of the demo's finished export, reached as the user does, with its
    download into `folder` in flight through the job engine (what the quit question looks at).
    The download crawls (sim.faults bandwidth): the caller lifts the cap to let it end."""
    sim.faults.update(bandwidth=0.01)      # 10 kB/s per connection: it stays in flight
    screen = await open_result(app, pilot, demo_finished_task(sim).task_id)
    await download_from_result(pilot, folder, key="a")
    await wait_for(pilot, lambda: screen.engine_downloading(), timeout=20, what="download in flight")
    return screen
