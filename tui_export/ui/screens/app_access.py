"""What a screen asks of the app: its language, its cloud session, the read-only
refusal and the one place errors are shown (ui/errors.py through app.show_error)."""

from __future__ import annotations

from tui_export.core.i18n import t


class AppAccess:
    """Mixin for screens; put it before the Screen class in the bases."""

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def _t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    @property
    def session(self):
        return self.app.session

    def _read_only_refused(self, action_key: str) -> bool:
        refuse = getattr(self.app, "refuse_if_read_only", None)
        return bool(refuse(action_key)) if refuse else False

    def _show_error(self, exc: BaseException) -> None:
        show = getattr(self.app, "show_error", None)
        if show:
            show(exc)
        else:   # a host app without the error display (tests of a lone dialog)
            self.notify(str(exc), severity="error", markup=False)
