"""Bindings of the export screens in the user's language, through the app's helper
(ui/widgets/localize.py: `key.<action>` / `tip.<action>` texts of the catalogue)."""

from __future__ import annotations


def localize(node) -> None:
    """Footer labels and tooltips in the app's language (the app's key.<action> texts)."""
    try:
        from tui_export.ui.widgets.localize import localize_bindings

        localize_bindings(node, getattr(node.app, "lang", "en"))
    except Exception:  # no running app (built in a unit test) or no catalogue helper: keep English
        pass
