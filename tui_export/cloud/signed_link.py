"""Writing a signed link to the app's log, whole, on purpose.

A presigned OSS URL is a bearer credential for one object until it expires, so
the log's scrubber (errors.ScrubLogFilter) masks `Signature=`, `OSSAccessKeyId=`
and `security-token=` wherever they appear. The user asked for this link,
though, and on a terminal without OSC 52 the log (0600, in the private state
dir) is where they can copy it from: this record is marked so the filter leaves
the link itself intact and still scrubs the rest of the line. What never goes
in: the AccessKey secret. A signed URL carries only an HMAC of it; if a secret
ever showed up inside (a broken signer), the link is logged masked instead.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("tui_export.signed_link")

# The LogRecord attribute ScrubLogFilter looks for: the exact text it may leave unscrubbed.
KEEP_ATTR = "signed_link"


def log_signed_link(url: str, expires_epoch: int, *, key_secret: str | None) -> None:
    """Log `url` (expiring at `expires_epoch`) whole, unless the AccessKey secret is inside it."""
    expires = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(expires_epoch))
    if key_secret and key_secret in url:
        log.warning("a signed link (expires %s) held the AccessKey secret; not logged", expires)
        return
    log.info("signed link (expires %s): %s", expires, url, extra={KEEP_ATTR: url})
