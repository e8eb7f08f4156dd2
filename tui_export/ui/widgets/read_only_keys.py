"""--read-only: the footer doesn't offer what the app will refuse.

The keys keep working (pressing one says why it is refused, ui/app.py
refuse_if_read_only); only the footer and the help stop inviting them. The
screens' hints say read-only instead (e.g. images.can_export_read_only).
"""

from __future__ import annotations

from dataclasses import replace


def hide_when_read_only(node, *binding_ids: str) -> None:
    """Hide these bindings (by id) of `node`'s own copy from the footer and help when read-only."""
    if not getattr(node.app, "read_only", False):
        return
    node.read_only_hidden = set(binding_ids)   # the help leaves them out too
    bindings = node._bindings          # the instance's own copy (see textual.dom)
    for key, entries in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [replace(b, show=False) if b.id in binding_ids else b for b in entries]
