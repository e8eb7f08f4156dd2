"""`tui-export serve` run as a user runs it: a child process, the link read from its first
stdout line, stopped with SIGINT (Ctrl+C)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

@dataclass
class Served:
    proc: subprocess.Popen
    url: str            # the printed link, token included

    @property
    def base(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def token(self) -> str:
        return self.url.split("token=", 1)[1]

    def ws_url(self, query: str = "") -> str:
        return self.base.replace("http://", "ws://") + "/ws" + (f"?{query}" if query else "")

    def stop(self) -> int:
        """Ctrl+C, then the exit status (killed after a generous wait: a test must end)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("serve did not stop within 60 s of Ctrl+C")


def start_serve(*args: str, cwd: Path, env_extra: dict[str, str] | None = None) -> Served:
    env = dict(os.environ, LANG="en_US.UTF-8", **(env_extra or {}))
    env.pop("LC_ALL", None)
    proc = subprocess.Popen([sys.executable, "-m", "tui_export", "serve", "--port", "0", *args], cwd=cwd,
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()   # the first line, or "" when it exits first
    if not line.startswith("http://"):
        proc.kill()
        proc.wait()
        raise AssertionError(f"serve printed {line!r} and exited with {proc.returncode}")
    return Served(proc, line.strip())


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
