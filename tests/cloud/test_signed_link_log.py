"""A signed link reaches the log whole (deliberately, cloud/signed_link.py); the rest of its line
and every other record stay scrubbed; a link holding the AccessKey secret is never written."""

from __future__ import annotations

import logging

from tui_export.cloud.log_file import log_file_path, open_log_handler
from tui_export.cloud.signed_link import log_signed_link

URL = "http://bucket.oss.example/key.raw?OSSAccessKeyId=LTAIexample&Expires=1700000000&Signature=abc%2Bdef"


def _logged(tmp_path, write) -> str:
    handler = open_log_handler(tmp_path)
    logger = logging.getLogger("tui_export")
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        write()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
        handler.close()
    return log_file_path(tmp_path).read_text(encoding="utf-8")


def test_the_link_is_kept_whole_and_other_lines_are_scrubbed(tmp_path):
    other = logging.getLogger("tui_export.elsewhere")
    text = _logged(tmp_path, lambda: (log_signed_link(URL, 1700000000, key_secret="s3cr3tSecretValue"),
                                      other.info("a stray %s", URL)))
    first, second = text.splitlines()
    assert URL in first and "2023-11-14 22:13:20 UTC" in first
    assert "Signature=abc" not in second and "OSSAccessKeyId=***" in second


def test_a_link_holding_the_secret_is_not_written(tmp_path):
    secret = "s3cr3tSecretValue"
    text = _logged(tmp_path, lambda: log_signed_link(URL + "&x=" + secret, 1700000000, key_secret=secret))
    assert secret not in text and "not logged" in text
