"""Import the cloud SDKs in a background thread, so the first requests don't wait for them.

The app starts this right after its first frame (the SDKs are not needed to draw it):
aliyunsdkcore and the ECS request modules the Regions screen sends first, then oss2
(the slowest, a few tenths of a second) for ListBuckets. A request that needs a module
still being imported simply waits for that import (Python's import lock).
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)

FIRST_ECS_REQUESTS = ("DescribeRegions", "DescribeImages")

_lock = threading.Lock()
_thread: threading.Thread | None = None


def warm_sdks() -> threading.Thread:
    """Start the imports once per process (later calls return the same thread)."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_import_sdks, name="warm-sdks", daemon=True)
            _thread.start()
        return _thread


def _import_sdks() -> None:
    try:
        from tui_export.cloud.credentials import sdk_env_guard
        from tui_export.cloud.ecs import request_class
        from tui_export.cloud.oss import _oss2
        from tui_export.cloud.session import quiet_sdk_loggers

        sdk_env_guard()          # drops DEBUG=sdk before aliyunsdkcore is imported (it would print secrets)
        quiet_sdk_loggers()
        import aliyunsdkcore.client  # noqa: F401
        for name in FIRST_ECS_REQUESTS:
            request_class(name)
        _oss2()
    except Exception:   # noqa: BLE001 - only a head start: the real import reports any problem
        log.info("warming the SDK imports failed", exc_info=True)
