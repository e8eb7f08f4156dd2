"""`tui-export --demo` until the region names are on screen, vs a bare Textual app (a script, not a test).

    .venv/bin/python benchmarks/bench_startup.py [--runs 3] [--size 80x24]

Both run in tmux panes of the same size on one tmux server started beforehand, so
neither pays for the server. Each run is timed from spawning the pane until its
text shows on screen (`tmux capture-pane`, polled every few ms):
  - bare: a Textual app with a Header, a Label and a Footer, until the label shows;
  - demo: `tui-export --demo` (fresh config and state dirs), until "China (Hangzhou)" shows,
    and, for information, until every region is counted (the hint's "N regions").
Runs are interleaved (bare, demo, bare, demo, ...); prints medians and demo/bare.
Both read their bytecode from a folder of this run (PYTHONPYCACHEPREFIX) filled by an
untimed run of each first, as an installed app has it compiled: where
PYTHONDONTWRITEBYTECODE is set, tui-export's ~200 modules were compiled on every launch
(the bare app has one), which doubled the ratio.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SOCKET = f"bench-startup-{os.getpid()}"
POLL_S = 0.005
TIMEOUT_S = 30.0

BARE_APP = textwrap.dedent('''
    from textual.app import App
    from textual.widgets import Footer, Header, Label

    class Bare(App):
        def compose(self):
            yield Header()
            yield Label("bare app ready")
            yield Footer()

    Bare().run()
''')


def tmux(*args: str, check: bool = True) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check).stdout


def time_until(command: str, env: dict[str, str], size: tuple[int, int], *marks: str) -> list[float]:
    """Seconds from spawning `command` in a new pane until each of `marks` is on screen."""
    name = f"run{time.monotonic_ns()}"
    env_args = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
    t0 = time.perf_counter()
    tmux("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), *env_args, command)
    found: dict[str, float] = {}
    try:
        while len(found) < len(marks):
            screen = tmux("capture-pane", "-p", "-t", name, check=False)
            now = time.perf_counter() - t0
            for mark in marks:
                if mark not in found and mark in screen:
                    found[mark] = now
            if now > TIMEOUT_S:
                raise SystemExit(f"timed out waiting for {marks} from {command!r}; screen:\n{screen}")
            time.sleep(POLL_S)
    finally:
        tmux("kill-session", "-t", name, check=False)
    return [found[m] for m in marks]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--size", default="80x24")
    args = ap.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP)
        env = {"TERM": "xterm-256color", "TUI_EXPORT_CONFIG_DIR": f"{tmp}/config",
               "TUI_EXPORT_STATE_DIR": f"{tmp}/state", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT),
               "PYTHONPYCACHEPREFIX": f"{tmp}/pyc", "PYTHONDONTWRITEBYTECODE": ""}   # empty: bytecode written
        bare_cmd = f"{shlex.quote(PY)} {shlex.quote(str(bare))}"
        demo_cmd = f"{shlex.quote(PY)} -m tui_export --demo --lang en"
        tmux("new-session", "-d", "-s", "keepalive", "-x", str(size[0]), "-y", str(size[1]))   # the server, up front
        try:
            time_until(bare_cmd, env, size, "bare app ready")          # untimed: warm the .pyc and page caches
            time_until(demo_cmd, env, size, "China (Hangzhou)")
            bares, names, counted = [], [], []
            for _ in range(args.runs):
                bares.append(time_until(bare_cmd, env, size, "bare app ready")[0])
                n, c = time_until(demo_cmd, env, size, "China (Hangzhou)", " regions, ")
                names.append(n)
                counted.append(c)
        finally:
            tmux("kill-server", check=False)

    def ms(values):
        return ", ".join(f"{v * 1000:.0f}" for v in values)

    b, n, c = statistics.median(bares), statistics.median(names), statistics.median(counted)
    print(f"bare Textual app (header, label, footer): {b * 1000:.0f} ms  ({ms(bares)})")
    print(f"tui-export --demo, region names shown:    {n * 1000:.0f} ms  ({ms(names)})")
    print(f"tui-export --demo, every region counted:  {c * 1000:.0f} ms  ({ms(counted)})")
    print(f"ratio names/bare: {n / b:.2f}x  (goal <= 1.6x)")


if __name__ == "__main__":
    main()
