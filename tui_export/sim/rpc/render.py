"""Response bodies: JSON (Format=JSON) or XML (the RPC default), shaped like the real ones."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape


def render(data: dict, root: str, fmt: str) -> tuple[bytes, str]:
    """(body, content type) for `data`; `root` is the XML root element ("<Action>Response" or "Error")."""
    if fmt.upper() == "JSON":
        return json.dumps(data, ensure_ascii=False).encode(), "application/json;charset=utf-8"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', f"<{root}>"]
    for key, value in data.items():
        _xml(parts, key, value)
    parts.append(f"</{root}>")
    return "".join(parts).encode(), "text/xml;charset=utf-8"


def _xml(parts: list[str], tag: str, value) -> None:
    if isinstance(value, list):
        # Lists repeat their element: {"Image": [a, b]} -> <Image>a</Image><Image>b</Image>
        for item in value:
            _xml(parts, tag, item)
        return
    parts.append(f"<{tag}>")
    if isinstance(value, dict):
        for key, sub in value.items():
            _xml(parts, key, sub)
    elif isinstance(value, bool):
        parts.append("true" if value else "false")
    elif value is not None:
        text = str(value)
        parts.append(f"<![CDATA[{text}]]>" if tag == "Recommend" else escape(text))
    parts.append(f"</{tag}>")
