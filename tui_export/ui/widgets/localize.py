"""Binding descriptions and tooltips in the user's language.

Textual reads a binding's description from the class-level BINDINGS (English
here, so the code reads naturally). Each app/screen instance gets its own copy
of the bindings map at init; this swaps in the catalogue's texts for that copy:
`key.<action>` for the footer label and `tip.<action>` for the tooltip.
"""

from __future__ import annotations

from dataclasses import replace

from textual.types import NoActiveAppError

from tui_export.core.i18n import messages, t


def localize_bindings(node, lang: str) -> None:
    catalogue = messages()
    bindings = node._bindings          # the instance's own copy (see textual.dom)
    for key, entries in bindings.key_to_bindings.items():
        new = []
        for binding in entries:
            action = binding.action.split("(", 1)[0].replace("app.", "").replace("screen.", "")
            changes = {}
            if f"key.{action}" in catalogue:
                changes["description"] = t(f"key.{action}", lang)
            if f"tip.{action}" in catalogue:
                changes["tooltip"] = t(f"tip.{action}", lang)
            new.append(replace(binding, **changes) if changes else binding)
        bindings.key_to_bindings[key] = new


def localize(node) -> None:
    """Footer labels and tooltips of a screen or dialog in the app's language."""
    try:
        app = node.app
    except NoActiveAppError:   # built outside a running app (a unit test): keep English
        return
    localize_bindings(node, app.lang)
