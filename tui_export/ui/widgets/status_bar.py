"""One line under the header: where the credentials come from, demo and read-only badges.

Ops engineers switch accounts; the line says which one is in use so an export
never goes to the wrong account. The secret is never part of it. Every screen
has one; the app calls `refresh_line()` on all of them when the account changes.
Where the session knows it (STS GetCallerIdentity), the account's UID follows.
"""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from tui_export.core.i18n import t
from tui_export.ui.app_contract import contract


def account_uid(session) -> str:
    """The account's UID when the session already asked STS who it is (never a call from here:
    the sign-in and the switcher ask while they check the keys)."""
    who = getattr(session, "identity", None)
    return str(who.get("AccountId") or "") if isinstance(who, dict) else ""


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar {
        height: 1; width: 1fr; background: $boost; color: $text-muted; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis;   /* one line, whatever the account's name */
    }
    """

    def on_mount(self) -> None:
        self.refresh_line()

    def refresh_line(self) -> None:
        app = contract(self.app)
        lang = app.lang
        parts = []
        if app.demo:
            parts.append(f"[reverse $warning] {escape(t('badge.demo', lang))} [/]")
        if app.read_only:
            parts.append(f"[reverse $accent] {escape(t('badge.read_only', lang))} [/]")
        state = app.connection_state
        if state == "connecting":
            key = "status.connecting_demo" if app.demo else "status.connecting"
            parts.append(escape(t(key, lang)))
        elif state == "signed_out":
            parts.append(escape(t("status.signed_out", lang)))
        else:
            source = app.source_label
            uid = account_uid(app.session)
            line = t("status.account_uid", lang, source=source, uid=uid) if uid else t("status.account", lang,
                                                                                      source=source)
            parts.append(escape(line))
        self.update(" ".join(parts))
