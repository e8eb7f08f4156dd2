"""What a screen asks of the app, through the app contract (ui/app_contract.py): its
language, its cloud session, the read-only refusal and the one place errors are shown."""

from __future__ import annotations

from typing import cast

from tui_export.core.i18n import t
from tui_export.ui.app_contract import AppContract


class AppAccess:
    """Mixin for screens; put it before the Screen class in the bases."""

    @property
    def host(self) -> AppContract:
        """The running app, as the contract types it."""
        return cast(AppContract, self.app)

    @property
    def lang(self) -> str:
        return self.host.lang

    def _t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    @property
    def session(self):
        return self.host.session

    def _read_only_refused(self, action_key: str) -> bool:
        return self.host.refuse_if_read_only(action_key)

    def _show_error(self, exc: BaseException) -> None:
        self.host.show_error(exc)
