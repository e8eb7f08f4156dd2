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


async def result_screen_downloading(app, pilot, sim):
    """The result screen of the demo's finished export, pushed, with a download standing in flight
    (what the quit question looks at)."""
    from tui_export.core.models import Task
    from tui_export.ui.screens.result import ResultScreen

    finished = next(t for t in sim.world.tasks.values() if t.status == "Finished")
    screen = ResultScreen(Task(finished.task_id, HZ, status="Finished", resource_id=finished.image_id,
                               oss_bucket=finished.bucket))
    app.push_screen(screen)
    await pilot.pause()
    screen.job = object()              # stands for a DownloadJob in flight
    return screen
