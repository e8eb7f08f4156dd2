"""Without the token nothing is served: not the page, not the app's websocket, not the page's
files. The printed link sets an HttpOnly, SameSite=Strict cookie and leaves the address bar."""

from __future__ import annotations

import aiohttp
import pytest


async def status(session: aiohttp.ClientSession, url: str, **kw) -> int:
    async with session.get(url, allow_redirects=False, **kw) as response:
        return response.status


@pytest.mark.parametrize("path", ["/", "/?token=wrong", "/static/js/textual.js", "/static/fonts/RobotoMono-VariableFont_wght.ttf",
                                  "/download/anything"])
async def test_no_token_no_page(served_demo, path):
    async with aiohttp.ClientSession() as session:
        assert await status(session, served_demo.base + path) == 403
        async with session.get(served_demo.base + path) as response:
            body = await response.text()
    assert "needs the link printed by `tui-export serve`" in body
    assert served_demo.token not in body


async def test_no_token_no_app(served_demo):
    async with aiohttp.ClientSession() as session:
        for url in (served_demo.ws_url(), served_demo.ws_url("token=wrong")):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url)
            assert refused.value.status == 403
        # the right cookie, but from another site's page: refused too
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(served_demo.ws_url(), headers={
                "Origin": "http://evil.example", "Cookie": f"tui_export_token={served_demo.token}"})
        assert refused.value.status == 403


async def test_the_link_sets_the_cookie_and_the_cookie_opens_the_page(served_demo):
    async with aiohttp.ClientSession() as session:
        async with session.get(served_demo.url, allow_redirects=False) as response:
            assert response.status == 302
            assert response.headers["Location"] == "/"          # the token leaves the address bar
            set_cookie = response.headers["Set-Cookie"]
    attributes = [part.strip().lower() for part in set_cookie.split(";")]
    assert attributes[0] == f"tui_export_token={served_demo.token}".lower()
    assert "httponly" in attributes and "samesite=strict" in attributes and "path=/" in attributes

    async with aiohttp.ClientSession(cookies={"tui_export_token": served_demo.token}) as session:
        async with session.get(served_demo.base + "/") as response:
            assert response.status == 200
            page = await response.text()
        assert 'id="terminal"' in page
        assert await status(session, served_demo.base + "/static/js/textual.js") == 200
        assert await status(session, served_demo.base + "/static/fonts/RobotoMono-VariableFont_wght.ttf") == 200
    # The page's own resources all come from this server (the browser test watches every request).
    assert "fonts.googleapis.com" not in page and 'href="http' not in page and 'src="http' not in page
