"""One app process per browser tab, and the promise that none outlives the server.

textual-serve starts its command through a shell and, on stop, asks the app to quit and
waits for ever. Here each app is started directly (no shell in between) in its own
session, so the terminal's Ctrl+C reaches only the server, and the server decides: ask
the app to quit, wait a little, then SIGTERM and SIGKILL its whole process group. With
`--demo`, each app runs its own embedded cloud inside that process, so it goes too.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import sys
from asyncio.subprocess import Process

from textual_serve.app_service import AppService

log = logging.getLogger("tui_export.serve")

QUIT_SECONDS = 5.0      # an app asked to quit closes its demo cloud and state first
TERM_SECONDS = 3.0


class AppProcesses:
    """The tabs' apps running now, to end them all on shutdown."""

    def __init__(self) -> None:
        self.alive: set["TabApp"] = set()

    async def stop_all(self) -> None:
        await asyncio.gather(*(app.stop() for app in list(self.alive)))


class TabApp(AppService):
    """textual-serve's AppService, with the process started and ended as described above."""

    def __init__(self, argv: list[str], processes: AppProcesses, **kwargs) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.processes = processes

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        self._process = process
        self._stdin = process.stdin
        self.processes.alive.add(self)
        return process

    async def stop(self) -> None:
        """The tab closed or the server stops: ask the app to quit; one that doesn't in time is ended."""
        task, self._task = self._task, None
        if task is None:          # never started, or already stopping
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        if self._process is not None:
            await end_process(self._process, asked_to_quit=True)
        await task

    async def run(self) -> None:
        """textual-serve's read loop, with the app's stderr passed on to the server's stderr
        (textual-serve copies it to stdout, where the link is the only thing a script reads)."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stderr_copy = asyncio.create_task(_copy_stderr(process.stderr))
        try:
            if not await _ready(process.stdout):
                log.error("the app did not start")
            while True:
                kind = await process.stdout.readexactly(1)
                size = int.from_bytes(await process.stdout.readexactly(4), "big")
                payload = await process.stdout.readexactly(size)
                if kind == b"D":
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                elif kind == b"P":
                    await self.on_packed(payload)
        except (asyncio.IncompleteReadError, ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            await stderr_copy
            await process.wait()
            self.processes.alive.discard(self)


async def _ready(stdout: asyncio.StreamReader) -> bool:
    """Textual's web driver says `__GANGLION__` before its first packet."""
    for _ in range(10):
        line = await stdout.readline()
        if not line:
            return False
        if line == b"__GANGLION__\n":
            return True
    return False


async def _copy_stderr(stderr: asyncio.StreamReader) -> None:
    buffer = io.BytesIO()
    while data := await stderr.read(4096):
        buffer.write(data)
    if buffer.getvalue():
        sys.stderr.write(buffer.getvalue().decode("utf-8", "replace"))
        sys.stderr.flush()


async def end_process(process: Process, *, asked_to_quit: bool = False) -> None:
    """Wait for the app to quit (when it was asked to), then SIGTERM, then SIGKILL its group."""
    steps = ([(None, QUIT_SECONDS)] if asked_to_quit else []) + [
        (signal.SIGTERM, TERM_SECONDS), (signal.SIGKILL, TERM_SECONDS)]
    for sig, seconds in steps:
        if process.returncode is not None:
            break
        if sig is not None:
            try:
                os.killpg(process.pid, sig)     # its own session: the group is the app and its children
            except ProcessLookupError:
                break
        try:
            await asyncio.wait_for(process.wait(), seconds)
        except asyncio.TimeoutError:
            continue
    try:   # anything the app left behind in its group (its own children)
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
