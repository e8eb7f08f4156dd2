"""Copying to the user's clipboard, and showing what was copied without its secret part.

`App.copy_to_clipboard` sends OSC 52, which reaches the local clipboard over SSH
when the terminal allows it (no pyperclip, no X display needed on a jump host).
A presigned URL is a bearer credential until it expires: the screen shows only
its host and path, never the query string that carries the signature.
"""

from __future__ import annotations

import time
from urllib.parse import unquote, urlsplit


def copy_text(app, text: str) -> None:
    """Put `text` on the clipboard of the terminal `app` runs in (OSC 52)."""
    app.copy_to_clipboard(text)


def link_summary(url: str) -> str:
    """"http://host/bucket/key?OSSAccessKeyId=..&Signature=.." -> "host/bucket/key"."""
    parts = urlsplit(url)
    return f"{parts.netloc}{unquote(parts.path)}"


def format_expiry(expires_epoch: int | float) -> str:
    """The expiry as "14:05 UTC" (UTC: the same on the jump host and the laptop)."""
    return time.strftime("%H:%M UTC", time.gmtime(expires_epoch))
