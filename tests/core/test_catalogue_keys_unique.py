"""No key is defined in two catalogue modules: a key repeated in a later module silently replaces
the earlier text (the UI's "verified again" line once showed the verify command's "OK" line, and
the headless cleanup's wording once replaced the app's)."""

from __future__ import annotations

import importlib
from collections import defaultdict

from tui_export.core.i18n import CATALOGUE_MODULES


def test_every_key_lives_in_one_catalogue_module():
    homes: dict[str, list[str]] = defaultdict(list)
    for name in CATALOGUE_MODULES:
        for key in getattr(importlib.import_module(f"tui_export.core.{name}"), "MESSAGES", {}):
            homes[key].append(name)
    clashes = {key: names for key, names in homes.items() if len(names) > 1}
    assert not clashes, clashes
