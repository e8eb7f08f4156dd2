"""SignedLinkDialog: the whole signed link, for a terminal where OSC 52 never reaches the clipboard.

The link sits in a read-only TextArea: the mouse (or Shift+arrows) selects it, and the
terminal's own selection works on it too. Below, its parts (host, path, expiry) so the
user can tell which object and until when without reading the query string. The same
link is in the app's log (cloud/signed_link.py), for a session where even selecting fails.
Nothing here changes anything: Enter and Esc both close it.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from tui_export.core.i18n import t
from tui_export.ui.clipboard import format_expiry
from tui_export.ui.widgets.localize import localize_bindings


class SignedLinkDialog(ModalScreen[None]):

    BINDINGS = [Binding("escape", "close", "Close", tooltip="Close the link.", id="signed_link.close")]

    def __init__(self, url: str, expires: int, *, log_path: str | None = None, lang: str = "en") -> None:
        super().__init__()
        self.url = url
        self.expires = expires
        self.log_path = log_path
        self.lang = lang
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        parts = urlsplit(self.url)
        with Vertical(id="link-box"):
            yield Static(t("signed_link.title", lang), id="link-title")
            yield TextArea(self.url, id="link-url", read_only=True, soft_wrap=True, show_line_numbers=False)
            yield Static(Content("\n".join([
                t("signed_link.host", lang, scheme=parts.scheme, host=parts.netloc),
                t("signed_link.path", lang, path=unquote(parts.path)),
                t("signed_link.expires", lang, expires=format_expiry(self.expires)),
            ])), id="link-parts")
            where = [t("signed_link.select_hint", lang)]
            if self.log_path:
                where.append(t("signed_link.in_log", lang, path=self.log_path))
            where.append(t("signed_link.secret_hint", lang))
            yield Static(Content("\n".join(where)), id="link-where")
            with Horizontal(id="link-buttons"):
                yield Button(t("signed_link.close", lang), id="link-close", variant="primary")

    def on_mount(self) -> None:
        # The close button has the focus: Enter closes; Tab reaches the link to select it.
        self.query_one("#link-close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
