"""The conversion texts never take another catalogue's key: a key repeated in a later module
silently replaces the earlier text (the UI's "verified again" line once showed the verify
command's "OK" line)."""

from __future__ import annotations

import importlib

from tui_export.core.i18n import CATALOGUE_MODULES


def test_conversion_texts_use_keys_of_their_own():
    mine = importlib.import_module("tui_export.core.messages_convert").MESSAGES
    clashes = [f"{key} ({name})" for name in CATALOGUE_MODULES if name != "messages_convert"
               for key in getattr(importlib.import_module(f"tui_export.core.{name}"), "MESSAGES", {}) if key in mine]
    assert not clashes, clashes
