"""--read-only: the footer doesn't offer what the app will refuse.

The keys keep working (pressing one says why it is refused, ui/app.py
refuse_if_read_only); only the footer and the help stop inviting them. The
screens' hints say read-only instead (e.g. images.can_export_read_only).

Textual's dynamic bindings do it: a screen's `check_action` returning False takes a
binding out of `active_bindings` (so out of the footer and the help) and keeps it
from running; a key press then tries the next binding of the same key. So each
refused key has a second binding, `refusal(...)`, hidden (show=False), whose
action only runs in read-only mode, and says why.
"""

from __future__ import annotations

from textual.binding import Binding

from tui_export.ui.app_contract import contract

REFUSE = "refuse_read_only"


def refusal(key: str, action_key: str) -> Binding:
    """The hidden binding that, in read-only mode, answers `key` with the refusal of
    `action.<action_key>` (declare it after the binding it stands in for)."""
    return Binding(key, f"{REFUSE}('{action_key}')", show=False)


class ReadOnlyKeys:
    """Mixin for a screen (before Screen in its bases): READ_ONLY_ACTIONS are the
    actions its bindings run that --read-only refuses."""

    READ_ONLY_ACTIONS: frozenset[str] = frozenset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        read_only = contract(self.app).read_only
        if action == REFUSE:
            return read_only
        if read_only and action in self.READ_ONLY_ACTIONS:
            return False
        return super().check_action(action, parameters)

    def action_refuse_read_only(self, action_key: str) -> None:
        self.app.refuse_if_read_only(action_key)
