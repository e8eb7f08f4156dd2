"""One endpoint URL checked and given its scheme: for the endpoint settings (endpoints.py) and
the config file's endpoints (config.py), which endpoints.py reads, so apart from both."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tui_export.cloud.bad_input import refuse

_LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class EndpointError(ValueError):
    """An endpoint setting that can't be a URL the SDKs reach; `.problem` names the flag."""


_HOST = re.compile(r"[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]")


def check_endpoint(value: str, flag: str, error: type[Exception] = EndpointError) -> str:
    """`value` as it will be used (scheme added), or `error` naming `flag` and what is wrong.

    Checked before anything starts: the SDKs would otherwise fail much later, as
    "the cloud couldn't be reached" or "Invalid IPv6 URL" from the cloud's side."""
    raw = value.strip()
    if "@" in raw:   # user:password@host: never echoed back
        refuse(error, "input.endpoint.userinfo", flag=flag)
    if not raw.partition("://")[2].strip("/") if "://" in raw else not raw:
        refuse(error, "input.endpoint.no_host", flag=flag, value=value)
    url = with_scheme(raw)
    try:
        parts = urlsplit(url)
    except ValueError:   # an unclosed IPv6 bracket
        refuse(error, "input.endpoint.ipv6", flag=flag, value=value)
    if parts.scheme.lower() not in ("http", "https"):
        refuse(error, "input.endpoint.scheme", flag=flag, value=value, scheme=parts.scheme)
    host, colon, port = parts.netloc.rpartition(":") if not parts.netloc.endswith("]") else (parts.netloc, "", "")
    if not colon:
        host = parts.netloc
    if not host:
        refuse(error, "input.endpoint.no_host", flag=flag, value=value)
    if colon and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        refuse(error, "input.endpoint.port", flag=flag, value=value)
    if not _HOST.fullmatch(host):
        refuse(error, "input.endpoint.malformed", flag=flag, value=value)
    if parts.path.strip("/") or parts.query or parts.fragment:
        refuse(error, "input.endpoint.extra", flag=flag, value=value)
    return url


def with_scheme(url: str) -> str:
    """Add a scheme to a bare host: https, except plain http for loopback hosts."""
    url = url.strip().rstrip("/")
    if "://" in url:
        return url
    host = url.split("/", 1)[0].rsplit(":", 1)[0] if not url.startswith("[") else url.split("]")[0] + "]"
    return ("http://" if host in _LOCAL_HOSTS else "https://") + url
