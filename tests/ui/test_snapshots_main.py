"""Snapshots of the main screens at 80x24 and 120x40 (English), and regions and
images in Chinese. Update on purpose only: `pytest tests/ui/test_snapshots_main.py --snapshot-update`.

What moves is frozen before the app starts: the demo's task ids and times are
fixed, the running task is made so long that it stays at 0 %, and each snap
waits until loading is done. Sync tests: snap_compare runs the app itself.
"""

from __future__ import annotations

import calendar

import pytest
from tui_export.ui.screens.help import HelpScreen
from tui_export.ui.screens.images import ImagesScreen
from tui_export.ui.screens.regions import RegionsScreen
from tui_export.ui.screens.signin import SignInScreen
from tui_export.ui.screens.tasks import TasksScreen

from tui_export.cli import LaunchOptions

from tests.ui.conftest import HZ, IMAGE_FIVE
from tests.waiting import wait_for

SIZES = [(80, 24), (120, 40)]
FIXED = calendar.timegm((2025, 6, 1, 8, 0, 0))


@pytest.fixture
def frozen_sim(sim):
    """The demo with deterministic tasks: fixed ids and times, the running one at 0 %."""
    world = sim.world
    with world.lock:
        tasks = sorted(world.tasks.values(), key=lambda t: t.image_id)
        world.tasks.clear()
        for n, task in enumerate(tasks, 1):
            task.task_id = f"t-demo{n:014d}"
            if task.running:
                task.created, task.duration_s = FIXED, 10.0 ** 12   # stays Processing, 0 %
            else:
                task.created = FIXED - 86400
                task.finished = task.created + task.waiting_s + task.duration_s
            world.tasks[task.task_id] = task
    return sim


def _app(sim, state_dir, *, lang="en", region=None):
    from tui_export.ui.app import TuiExportApp

    return TuiExportApp(LaunchOptions(demo=True, lang=lang, region=region), sim=sim,
                        state_dir=state_dir, poll_seconds=60.0)


async def _until(pilot, predicate, what="the screen to finish loading"):
    await wait_for(pilot, predicate, timeout=15, what=what)
    await pilot.pause(0.2)    # the last worker's result painted


def _regions_loaded(app):
    s = app.screen
    return (isinstance(s, RegionsScreen) and s.regions and s.bucket_counts is not None
            and len(s.image_counts) == len(s.regions))


def _images_loaded(app):
    s = app.screen
    return isinstance(s, ImagesScreen) and s.loaded and not s.query_one("#images").loading


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_regions(snap_compare, frozen_sim, state_dir, size):
    app = _app(frozen_sim, state_dir)

    async def ready(pilot):
        await _until(pilot, lambda: _regions_loaded(app))

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_images_with_reasons(snap_compare, frozen_sim, state_dir, size):
    app = _app(frozen_sim, state_dir, region=HZ)

    async def ready(pilot):
        await _until(pilot, lambda: _images_loaded(app))
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index(IMAGE_FIVE))

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tasks(snap_compare, frozen_sim, state_dir, size):
    app = _app(frozen_sim, state_dir)

    async def ready(pilot):
        await _until(pilot, lambda: app.session is not None)
        await pilot.press("t")
        await _until(pilot, lambda: isinstance(app.screen, TasksScreen) and app.screen.listed
                     and len(app.screen.query_one("#tasks").rows) == 2
                     and all(t.progress is not None or t.finished for t in app.tasks.values()))

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, frozen_sim, state_dir, size):
    app = _app(frozen_sim, state_dir, region=HZ)

    async def ready(pilot):
        await _until(pilot, lambda: _images_loaded(app))
        await pilot.press("question_mark")
        await _until(pilot, lambda: isinstance(app.screen, HelpScreen))

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in(snap_compare, sim, state_dir, size, monkeypatch, tmp_path):
    from tui_export.cloud import secret_store
    from tui_export.ui.app import TuiExportApp

    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIYUN_ACCESS_KEY_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("TUI_EXPORT_ECS_ENDPOINT", sim.ecs_endpoint)
    secret_store.reset_detection()
    secret_store.clear_session_profiles()
    app = TuiExportApp(LaunchOptions(demo=False), state_dir=state_dir)

    async def ready(pilot):
        await _until(pilot, lambda: isinstance(app.screen, SignInScreen)
                     and "keyring" in str(app.screen.query_one("#keyring-status").render()).lower()
                     and "Checking" not in str(app.screen.query_one("#keyring-status").render()))
        app.screen.query_one("#key-id").value = "FAKE5tExampleKeyId"
        app.screen.query_one("#key-secret").value = "typed-secret-never-shown"

    try:
        assert snap_compare(app, terminal_size=size, run_before=ready)
    finally:
        secret_store.reset_detection()


@pytest.mark.parametrize("screen", ["regions", "images"])
def test_chinese(snap_compare, frozen_sim, state_dir, screen):
    app = _app(frozen_sim, state_dir, lang="zh", region=HZ if screen == "images" else None)

    async def ready(pilot):
        if screen == "images":
            await _until(pilot, lambda: _images_loaded(app))
            table = app.screen.query_one("#images")
            table.move_cursor(row=table.get_row_index(IMAGE_FIVE))
        else:
            await _until(pilot, lambda: _regions_loaded(app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
