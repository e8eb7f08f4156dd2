"""The web server: textual-serve's Server with the token gate, one app process per tab,
a page that asks nothing of the internet, and a shutdown that ends every app."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path
from typing import Any, Callable

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from tui_export.serve.app_processes import AppProcesses, TabApp
from tui_export.serve.token_gate import QUERY, token_gate

log = logging.getLogger("tui_export.serve")

TEMPLATES = Path(__file__).parent / "templates"


class TuiExportServer(Server):
    """Serve `argv` (the app's command line) to browser tabs, each its own process."""

    def __init__(self, argv: list[str], *, host: str, port: int, token: str, title: str = "tui-export") -> None:
        super().__init__(" ".join(argv), host=host, port=port, title=title, templates_path=TEMPLATES)
        self.argv = argv
        self.token = token
        self.processes = AppProcesses()

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[token_gate(self.token)])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        return app

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        # Addresses from the request's own host, so the page works under whichever name
        # (127.0.0.1, localhost, [::1]) it was opened, and its cookie goes with it.
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"ws://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's websocket handler, with the tab's app made by `TabApp`."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app: TabApp | None = None
        try:
            await websocket.prepare(request)
            app = TabApp(self.argv, self.processes, write_bytes=websocket.send_bytes,
                         write_str=websocket.send_str, close=websocket.close,
                         download_manager=self.download_manager, debug=False)
            await app.start(width, height)
            await self._process_messages(websocket, app)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("the tab's connection failed")
        finally:
            if app is not None:
                await app.stop()
        return websocket

    async def run(self, on_ready: Callable[[str], None]) -> None:
        """Listen, call `on_ready(url)` with the link to open, serve until SIGINT/SIGTERM,
        then end every app process before returning. OSError when the address can't be bound."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        # access_log=None: the link's query holds the token, and logs must not.
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None,
                               shutdown_timeout=1.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            port = runner.addresses[0][1]
            on_ready(page_url(self.host, port, self.token))
            await stop.wait()
            await site.stop()                    # no new tabs while the apps end
            await self.processes.stop_all()
        finally:
            await self.processes.stop_all()
            await runner.cleanup()


def page_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?{QUERY}={token}"
