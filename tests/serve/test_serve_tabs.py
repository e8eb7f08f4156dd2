"""Each tab is its own app process, running its own demo cloud; Ctrl+C on the server ends
every one of them."""

from __future__ import annotations

import aiohttp

from serve_process import alive, children, start_serve
from ws_client import open_tab, read_until

from tests.waiting import wait_until


async def test_a_tab_sees_the_demo_regions(served_demo):
    async with aiohttp.ClientSession() as session:
        ws = await open_tab(session, served_demo)
        screen = await read_until(ws, "China (Hangzhou)", timeout=90)
        assert "cn-hangzhou" in screen
        await ws.close()


async def test_ctrl_c_ends_the_server_and_every_app(tmp_path):
    served = start_serve("--demo", cwd=tmp_path)
    try:
        async with aiohttp.ClientSession() as session:
            tabs = [await open_tab(session, served) for _ in range(2)]
            for ws in tabs:       # both apps up, each with its own demo cloud answering
                await read_until(ws, "China (Hangzhou)", timeout=90)
            apps = children(served.proc.pid)
            assert len(apps) == 2, f"one app process per tab, got {apps}"
            assert served.stop() == 0
            wait_until(lambda: not any(alive(pid) for pid in apps), timeout=30,
                       what="the tabs' app processes to end")
    finally:
        served.stop()


async def test_closing_a_tab_ends_its_app(served_demo):
    async with aiohttp.ClientSession() as session:
        ws = await open_tab(session, served_demo)
        await read_until(ws, "China (Hangzhou)", timeout=90)
        apps = children(served_demo.proc.pid)
        assert len(apps) == 1
        await ws.close()
    wait_until(lambda: not any(alive(pid) for pid in apps), timeout=30, what="the closed tab's app to end")
    assert served_demo.proc.poll() is None          # the server goes on for the other tabs
