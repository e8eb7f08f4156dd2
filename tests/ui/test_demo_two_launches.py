"""Two `--demo` launches on one HOME: the second never deletes the first one's state; a
launch killed with -9 blocks nothing, and the next start removes only what it left."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from tui_export.cli import LaunchOptions
from tui_export.cloud.task_store import TaskStore

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_WEB, wait_for

# The second launch, in its own process with the same environment (same HOME and state
# dir): a headless app that writes where its task store is once connected, then runs on.
SECOND_LAUNCH = """
import os
from tui_export.cli import LaunchOptions
from tui_export.ui.app import TuiExportApp

app = TuiExportApp(LaunchOptions(demo=True), poll_seconds=60)
use_session = app.use_session

def connected(*args, **kwargs):
    use_session(*args, **kwargs)
    os.write(1, f"{app.task_store.path}\\n".encode())   # Textual captures print()

app.use_session = connected
app.run(headless=True, size=(80, 24))
"""


async def start_second_launch() -> tuple[subprocess.Popen, Path]:
    proc = subprocess.Popen([sys.executable, "-c", SECOND_LAUNCH], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, text=True)
    # Read in a thread: the first launch's event loop keeps running meanwhile.
    line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), timeout=120)
    assert line, f"the second launch exited with {proc.poll()}"
    return proc, Path(line.strip())


async def test_second_demo_launch_keeps_the_first_ones_state_and_a_killed_one_is_swept():
    from tui_export.ui.app import TuiExportApp

    first = TuiExportApp(LaunchOptions(demo=True), poll_seconds=60)
    second = None
    try:
        async with first.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: first.task_store is not None, timeout=30, what="the demo task store")
            first.task_store.record_export("t-firstlaunch01", account="demo", region_id=HZ,
                                           image_id=IMAGE_WEB, bucket=BUCKET_HZ)
            first_store, first_cloud = first.task_store.path, first.sim.data_dir
            second, second_store = await start_second_launch()

            with TaskStore(first_store.parent) as on_disk:       # the first's state, as saved
                assert on_disk.task("t-firstlaunch01") is not None
            assert second_store != first_store
            assert first_cloud.is_dir()

            second.send_signal(signal.SIGKILL)
            second.wait(timeout=30)
            second_lock = second_store.parent.with_name(second_store.parent.name + ".lock")
            assert second_lock.exists() and second_store.exists()   # what kill -9 leaves
            assert first.task_store.task("t-firstlaunch01") is not None
        assert not first_store.parent.exists()                  # a clean exit leaves nothing

        third = TuiExportApp(LaunchOptions(demo=True), poll_seconds=60)
        async with third.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: third.task_store is not None, timeout=30, what="the demo task store")
            assert third.task_store.tasks() == []
            assert not second_store.parent.exists() and not second_lock.exists()
        assert [p.name for p in first_store.parent.parent.iterdir()] == []
    finally:
        if second is not None and second.poll() is None:
            os.kill(second.pid, signal.SIGKILL)
            second.wait(timeout=30)
