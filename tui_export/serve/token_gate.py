"""The access token: textual-serve has no authentication, so every request must carry it.

A request passes with the token in the query (`?token=…`, the printed link, or a script's
websocket) or in the cookie the first page visit sets. The cookie is HttpOnly (page scripts
never read it) and SameSite=Strict (another site's page can't make the browser send it).
The websocket also refuses an Origin other than its own page, so a page elsewhere can't
drive the app even on a browser that ignores SameSite.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from aiohttp import web

from tui_export.core.i18n import t

COOKIE = "tui_export_token"
QUERY = "token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _matches(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _forbidden(key: str) -> web.HTTPForbidden:
    # Both languages: the browser's language is not known here, and this page is all it sees.
    return web.HTTPForbidden(text=f"{t(key, 'en')}\n{t(key, 'zh')}\n", headers={"Cache-Control": "no-store"})


def _same_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:          # not a browser (a script, a test client): the token is the proof
        return True
    return urlsplit(origin).netloc.lower() == request.host.lower()


def token_gate(token: str):
    """aiohttp middleware: 403 without the token; the first visit with it in the link sets the
    cookie and redirects to the same page without it (so it leaves the address bar and history)."""

    @web.middleware
    async def gate(request: web.Request, handler):
        in_query = _matches(request.query.get(QUERY), token)
        if not (in_query or _matches(request.cookies.get(COOKIE), token)):
            raise _forbidden("serve.forbidden")
        if request.path == "/ws" and not _same_origin(request):
            raise _forbidden("serve.cross_origin")
        if in_query and request.path == "/":
            rest = request.url.with_query({k: v for k, v in request.query.items() if k != QUERY})
            response = web.HTTPFound(rest.path_qs)
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
            response.headers["Cache-Control"] = "no-store"
            raise response
        response = await handler(request)
        if not response.prepared:   # a websocket has sent its headers already
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    return gate
