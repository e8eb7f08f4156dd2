"""Sign-in, when no credentials were found (or to add an account from the switcher).

AccessKey id, the secret (masked), an optional STS token, a profile name and
where to keep the secret: the system keyring when it is usable, this session
only, or an encrypted file (its passphrase asked in a modal). When there is no
keyring, the sentence from secret_store says why and what the choices are.
The keys are checked with one cheap call before anything is saved.
Dismisses with (session, source) or None.
"""

from __future__ import annotations

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from tui_export.core.i18n import t, t_all, t_item
from tui_export.ui.errors import report_worker_failure
from tui_export.ui.widgets.localize import localize_bindings
from tui_export.ui.widgets.status_bar import StatusBar
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.widgets.key_footer import KeyFooter

CHOICES = ("keyring", "session_only", "encrypted_file")


def free_profile_name(taken: tuple[str, ...]) -> str:
    """"default", or "account-2", "account-3"… when that name is in use: adding an account
    never proposes to overwrite one."""
    if "default" not in taken:
        return "default"
    n = 2
    while f"account-{n}" in taken:
        n += 1
    return f"account-{n}"


class SignInScreen(AppAccess, Screen["tuple | None"]):
    BINDINGS = [
        Binding("escape", "cancel", "Back", tooltip="Leave the sign-in (nothing is saved).", id="signin.cancel"),
        Binding("ctrl+s", "submit", "Sign in", tooltip="Check the keys and sign in.", id="signin.submit"),
    ]

    def __init__(self, *, checked: tuple[tuple[str, dict], ...] = (), adding: bool = False,
                 taken: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.checked = checked
        self.adding = adding   # from the switcher: another account next to the one in use
        self.taken = taken     # profile names already used: the suggested name is none of them
        self.keyring_usable = False
        self.denied_at_check = False
        self.busy = False
        localize_bindings(self, self.app.lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Header()
        yield StatusBar()
        with VerticalScroll(id="signin-form", classes="form"):
            yield Static(t("signin.intro_add" if self.adding else "signin.intro", lang), id="signin-intro")
            if self.checked:
                yield Static(escape(t("signin.checked", lang, where=t_all(self.checked, lang))),
                             id="signin-checked", classes="dim")
            # label and field on one line: the whole form fits 80x24
            with Horizontal(classes="field-row"):
                yield Label(t("signin.key_id", lang), classes="field-label")
                yield Input(placeholder="LTAI…", id="key-id", compact=True)
            with Horizontal(classes="field-row"):
                yield Label(t("signin.secret", lang), classes="field-label")
                yield Input(password=True, id="key-secret", compact=True)
            with Horizontal(classes="field-row"):
                yield Label(t("signin.token", lang), classes="field-label")
                yield Input(password=True, id="sts-token", compact=True, placeholder=t("signin.optional", lang))
            with Horizontal(classes="field-row"):
                yield Label(t("signin.profile", lang), classes="field-label")
                yield Input(value=free_profile_name(self.taken), id="profile-name", compact=True)
            with Horizontal(classes="field-row choice-row"):
                yield Label(t("signin.save_as", lang), classes="field-label")
                with RadioSet(id="save-choice", compact=True):
                    yield RadioButton(t("signin.choice.keyring", lang), id="keyring", disabled=True)
                    yield RadioButton(t("signin.choice.session_only", lang), id="session_only", value=True)
                    yield RadioButton(t("signin.choice.encrypted_file", lang), id="encrypted_file")
            yield Static(t("signin.keyring_checking", lang), id="keyring-status", classes="dim")
            yield Static("", id="signin-problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(t("signin.submit", lang), id="signin-submit", variant="primary", compact=True)
                yield Button(t("button.cancel", lang), id="signin-cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("signin.title_add" if self.adding else "signin.title", self.lang)
        self.query_one("#key-id", Input).focus()
        self._detect_keyring()

    # keyring detection can take a moment (D-Bus): in a worker
    @work(thread=True, exit_on_error=False, group="keyring")
    def _detect_keyring(self):
        from tui_export.cloud.secret_store import store_status

        return store_status()

    def _keyring_known(self, status) -> None:
        self.keyring_usable = bool(status.usable)
        from tui_export.cloud.keyring_status import store_sentence

        self.query_one("#keyring-status", Static).update(escape(store_sentence(status, self.lang)))
        button = self.query_one("#keyring", RadioButton)
        button.disabled = not status.usable
        button.set_class(not status.usable, "-unavailable")
        if status.usable:
            button.label = t("signin.choice.keyring_named", self.lang, name=status.name)
            button.value = True
        else:
            button.label = t("signin.choice.keyring_unavailable", self.lang)

    # --- submitting --------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        order = ["key-id", "key-secret", "sts-token", "profile-name"]
        if event.input.id in order[:-1]:
            self.query_one(f"#{order[order.index(event.input.id) + 1]}", Input).focus()
        else:
            self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "signin-submit":
            self.action_submit()
        elif event.button.id == "signin-cancel":
            self.action_cancel()

    def _choice(self) -> str:
        pressed = self.query_one("#save-choice", RadioSet).pressed_button
        return pressed.id if pressed is not None and pressed.id in CHOICES else "session_only"

    def action_submit(self) -> None:
        if self.busy:
            return
        key_id = self.query_one("#key-id", Input).value.strip()
        secret = self.query_one("#key-secret", Input).value.strip()
        token = self.query_one("#sts-token", Input).value.strip()
        name = self.query_one("#profile-name", Input).value.strip() or "default"
        problem = ""
        if not key_id:
            problem = t("signin.need_id", self.lang)
        elif not secret:
            problem = t("signin.need_secret", self.lang)
        self.query_one("#signin-problem", Static).update(problem)
        if problem:
            return
        self.busy = True
        self.query_one("#signin-submit", Button).disabled = True
        self.query_one("#signin-problem", Static).update(t("signin.checking", self.lang))
        self._sign_in(key_id, secret, token or None, name, self._choice())

    @work(thread=True, exclusive=True, exit_on_error=False, group="signin")
    def _sign_in(self, key_id: str, secret: str, token: str | None, name: str, choice: str):
        from tui_export.cloud.credentials import Credentials
        from tui_export.cloud.secret_store import StoreChoice, save_profile
        from tui_export.cloud.session import CloudSession

        creds = Credentials(key_id, secret, token)
        app = self.app
        if app.sim is not None:
            session = CloudSession.for_sim(app.sim, credentials=creds)
        else:
            session = CloudSession(creds)
        from tui_export.cloud.doctor.probes import keys_work

        # proves the keys work before anything is saved (a RAM refusal proves them too: the
        # doctor then opens with the sign-in's result, to say what the account may not do)
        denied = keys_work(session, self.lang)
        from tui_export.ui.screens.profiles import learn_identity

        learn_identity(session)
        source = t_item(save_profile(name, creds, StoreChoice(choice), passphrase_provider=app.ask_passphrase),
                        self.lang)
        account = creds.masked_id if not token else f"saved:{name}"
        return (session, source, f"saved:{name}", account), denied   # the UI thread keeps them

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "keyring":
            if event.state == WorkerState.SUCCESS:
                self._keyring_known(event.worker.result)
            elif event.state == WorkerState.ERROR:
                self.query_one("#keyring-status", Static).update(t("signin.keyring_unknown", self.lang))
            return
        if event.worker.group != "signin":
            return
        if event.state == WorkerState.SUCCESS:
            # The secret leaves the screen with it; nothing of it is kept here.
            self.query_one("#key-secret", Input).value = ""
            self.query_one("#sts-token", Input).value = ""
            app, (result, self.denied_at_check) = self.app, event.worker.result
            self.dismiss(result)
            if self.denied_at_check:
                from tui_export.ui.screens.doctor import open_doctor

                open_doctor(app, result[0])
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.busy = False
            self.query_one("#signin-submit", Button).disabled = False
            self.query_one("#signin-problem", Static).update("")
            from tui_export.ui.screens.profiles import passphrase_cancelled

            if not passphrase_cancelled(event.worker.error):   # Esc on the passphrase: back to the form
                report_worker_failure(self, event)

    def action_cancel(self) -> None:
        self.dismiss(None)
