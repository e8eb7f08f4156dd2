"""Demo launches on one HOME: each keeps its own folder under <state>/demo while it runs.
A launch killed with -9 leaves a 0-byte lock and its folder; the next start is not
blocked by them and removes them, and never anything a running launch still holds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tui_export.cloud.demo_state import LOCK_SUFFIX, DemoRun

# A launch in another process: claims its folder, puts a file in it, says where, then
# waits for a line on stdin (to end cleanly) or a kill.
HOLDER = """
import sys
from tui_export.cloud.demo_state import DemoRun
run = DemoRun.start(sys.argv[1])
(run.path / "tasks.sqlite3").write_text("state")
print(run.path, flush=True)
sys.stdin.readline()
run.close()
"""


class Holder:
    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(root)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()       # blocks until the folder is claimed (or it died)
        assert line, f"holder exited with {self.proc.wait()}"
        self.path = Path(line.strip())
        self.lock = self.path.with_name(self.path.name + LOCK_SUFFIX)

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def end(self) -> None:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        assert self.proc.wait(timeout=30) == 0


@pytest.fixture
def holders():
    started: list[Holder] = []
    yield lambda root: started.append(Holder(root)) or started[-1]
    for h in started:
        if h.proc.poll() is None:
            h.proc.kill()
            h.proc.wait(timeout=30)


def test_a_killed_launch_blocks_nothing_and_only_its_leftovers_are_removed(tmp_path, holders):
    root = tmp_path / "demo"
    alive = holders(root)
    killed = holders(root)
    killed.kill9()
    assert killed.lock.exists() and killed.lock.stat().st_size == 0   # what kill -9 leaves
    assert (killed.path / "tasks.sqlite3").exists()

    with DemoRun.start(root) as mine:                 # not blocked by the dead launch's lock
        assert mine.path.is_dir()
        assert not killed.path.exists() and not killed.lock.exists()
        assert (alive.path / "tasks.sqlite3").read_text() == "state"
        assert alive.lock.exists()
    assert not mine.path.exists() and not mine.lock_path.exists()   # a clean end leaves nothing
    assert (alive.path / "tasks.sqlite3").read_text() == "state"
    alive.end()
    assert not alive.path.exists() and not alive.lock.exists()
    assert sorted(p.name for p in root.iterdir()) == []


def test_a_running_launch_keeps_its_folder_whatever_the_others_do(tmp_path, holders):
    root = tmp_path / "demo"
    with DemoRun.start(root) as first:
        (first.path / "tasks.sqlite3").write_text("first")
        second = holders(root)                        # starts and sweeps while `first` runs
        third = DemoRun.start(root)                   # another launch in this very process
        third.close()
        second.end()
        assert (first.path / "tasks.sqlite3").read_text() == "first"
        assert not second.path.exists() and not third.path.exists()


def test_leftovers_of_an_interrupted_clean_up_and_of_older_versions_go(tmp_path):
    root = tmp_path / "demo"
    root.mkdir()
    (root / "1234-deadbeef").mkdir()                  # a folder whose lock file is already gone
    (root / "tasks.sqlite3").write_text("old layout")
    (root / "notes.txt").write_text("not ours")
    with DemoRun.start(root) as mine:
        assert sorted(p.name for p in root.iterdir()) == sorted(
            ["notes.txt", mine.run_id, mine.run_id + LOCK_SUFFIX])
