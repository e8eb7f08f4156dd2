"""A tab without a browser: textual-serve's websocket protocol, spoken as its page does.

The page sends ["resize", {"width", "height"}] once open, then ["stdin", text] for keys;
the server sends the app's terminal output as binary frames (escape sequences and text).
"""

from __future__ import annotations

import asyncio
import re

import aiohttp

ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


async def open_tab(session: aiohttp.ClientSession, served, width: int = 100, height: int = 30):
    ws = await session.ws_connect(served.ws_url(f"width={width}&height={height}&token={served.token}"))
    await ws.send_json(["resize", {"width": width, "height": height}])
    return ws


async def read_until(ws, text: str, *, timeout: float) -> str:
    """The app's output, escapes removed, once `text` shows in it."""
    seen = b""

    async def read():
        nonlocal seen
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data
                if text.encode() in ESCAPES.sub(b"", seen):
                    return
        raise AssertionError(f"the tab closed before {text!r} showed")

    try:
        await asyncio.wait_for(read(), timeout)
    except asyncio.TimeoutError:
        raise AssertionError(f"{text!r} did not show within {timeout:.0f} s; last output: "
                             f"{ESCAPES.sub(b'', seen)[-600:].decode(errors='replace')!r}") from None
    return ESCAPES.sub(b"", seen).decode(errors="replace")
