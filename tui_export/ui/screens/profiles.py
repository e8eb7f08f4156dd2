"""`p`: switch account. Lists the aliyun CLI's profiles and the ones this app saved;
choosing one resolves it (the passphrase modal may appear), checks it with one
call and makes it the app's session. "Sign in with a new key" opens the sign-in.
Dismisses with (session, source) or None. Secrets are never listed, only names
and masked key ids.
"""

from __future__ import annotations


from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tui_export.core.i18n import t, t_item
from tui_export.ui.errors import report_worker_failure
from tui_export.ui.widgets.localize import localize_bindings

NEW = "__new__"


def list_profiles() -> list[tuple[str, str]]:
    """[(profile spec for resolve(), what to show)] — names and masked ids only."""
    from tui_export.cloud.config import ConfigError, load_config
    from tui_export.cloud.cli_config import read_cli_config
    from tui_export.cloud.credentials import CliConfigError, default_cli_config_path, mask_key_id
    from tui_export.cloud.secret_store import session_profile_names

    out: list[tuple[str, str]] = []
    try:
        data = read_cli_config(default_cli_config_path(), CliConfigError) or {}
        for p in data.get("profiles") or []:
            if isinstance(p, dict) and p.get("name"):
                hint = mask_key_id(p.get("access_key_id") or "")
                out.append((f"cli:{p['name']}", f"{p['name']}  (aliyun CLI, {p.get('mode') or 'AK'}) {hint}"))
    except CliConfigError:
        pass   # a damaged file is reported where credentials are resolved; list the rest
    try:
        cfg = load_config()
        for name, saved in sorted(cfg.profiles.items()):
            out.append((f"saved:{name}", f"{name}  ({saved.store_name or saved.store}) {saved.key_hint}"))
    except ConfigError:
        pass
    for name in session_profile_names():
        out.append((f"saved:{name}", f"{name}  (session)"))
    return out


def learn_identity(session) -> None:
    """Ask STS who the keys belong to (no permission needed), so the status line can show the
    account's UID; an answer that doesn't come changes nothing (the keys were proven already)."""
    from tui_export.cloud.errors import CloudError

    try:
        session.caller_identity()
    except CloudError:
        pass


def passphrase_cancelled(error: BaseException | None) -> bool:
    """Esc on the passphrase prompt: the user's choice, not a failure to report."""
    return getattr(error, "code", "") == "secret_store.passphrase_cancelled"


DEMO = "demo:"   # the demo's accounts: "demo:" itself, "demo:<user>" its RAM users


def demo_profiles(sim, lang: str) -> list[tuple[str, str]]:
    """The demo's account and its RAM users (a limited one shows a permission problem and its fix)."""
    out = [(DEMO, t("profiles.demo_account", lang))]
    for user in getattr(sim, "users", ()):
        out.append((DEMO + user.name, t("profiles.demo_user", lang, name=user.name, allow=", ".join(user.allow))))
    return out


def demo_session(sim, spec: str, lang: str):
    """(session, source, spec, account) for one of the demo's accounts."""
    from tui_export.cloud.session import CloudSession, StaticCredentials

    name = spec[len(DEMO):]
    user = sim.users.named(name) if name else None
    creds = StaticCredentials(user.access_key_id, user.access_key_secret) if user else None
    source = t("source.demo_user", lang, name=name) if name else t("source.demo", lang)
    return CloudSession.for_sim(sim, credentials=creds), source, spec, "demo"


class ProfilesScreen(ModalScreen["tuple | None"]):
    BINDINGS = [Binding("escape", "close", "Close", tooltip="Keep the current account.", id="profiles.close")]

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.denied_at_check = False
        self._specs: list[str] = []   # the listed accounts ("cli:<name>", "saved:<name>", "demo:…")
        localize_bindings(self, self.app.lang)

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="profiles-box", classes="dialog"):
            yield Static(t("profiles.title", lang), classes="dialog-title")
            yield Static(escape(t("profiles.current", lang, source=self.app.source_label or "—")),
                         classes="dialog-text")
            yield OptionList(id="profiles-list")
            yield Static("", id="profiles-status", classes="dim")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.loading = True
        options.focus()   # from the start: the first ↓ moves in the list, not into it
        self._load()

    @work(thread=True, exit_on_error=False, group="profiles-list")
    def _load(self):
        sim = getattr(self.app, "sim", None)
        return demo_profiles(sim, self.app.lang) if self.app.demo and sim is not None else list_profiles()

    def _fill(self, profiles: list[tuple[str, str]]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        in_use = self._in_use()
        for spec, label in profiles:
            mark = "● " if spec == in_use else "  "
            options.add_option(Option(mark + label, id=spec))
        options.add_option(Option(t("profiles.new", self.app.lang), id=NEW))
        options.loading = False
        # The highlight starts on the account in use, so ↓ goes to the next one.
        specs = self._specs = [spec for spec, _ in profiles]
        options.highlighted = specs.index(in_use) if in_use in specs else 0
        options.focus()

    def _in_use(self) -> str | None:
        return getattr(self.app, "profile_in_use", None) or (DEMO if self.app.demo else None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.busy:
            return
        spec = event.option.id
        if spec == NEW:
            from tui_export.ui.screens.signin import SignInScreen

            taken = tuple(option_spec.partition(":")[2] for option_spec in self._specs)
            self.app.push_screen(SignInScreen(adding=True, taken=taken), self._signed_in)
            return
        if spec == self._in_use():   # nothing to switch: say so rather than check the keys again
            self.notify(t("profiles.already_current", self.app.lang), markup=False, timeout=4)
            return
        self.busy = True
        self.query_one("#profiles-status", Static).update(t("profiles.checking", self.app.lang))
        self._switch(spec)

    def _signed_in(self, result) -> None:
        if result is not None:
            self.dismiss(result)

    @work(thread=True, exclusive=True, exit_on_error=False, group="profiles-switch")
    def _switch(self, spec: str):
        from tui_export.cloud.credentials import resolve
        from tui_export.cloud.session import CloudSession

        from tui_export.ui.accounts import account_of, profile_spec

        from tui_export.cloud.doctor.probes import keys_work

        if spec.startswith(DEMO):
            return demo_session(self.app.sim, spec, self.app.lang), False
        found = resolve(spec, passphrase_provider=self.app.ask_passphrase)
        session = CloudSession(found)
        # the keys work before the app switches to them (a RAM refusal proves them too)
        denied = keys_work(session, self.app.lang)
        learn_identity(session)
        source = t_item(found.source, self.app.lang)   # cloud/ hands over keys: worded in the UI's language
        return (session, source, profile_spec(found), account_of(found)), denied   # the UI thread keeps them

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        if group == "profiles-list" and event.state == WorkerState.SUCCESS:
            self._fill(event.worker.result)
            return
        if group == "profiles-switch":
            if event.state == WorkerState.SUCCESS:
                app, (result, self.denied_at_check) = self.app, event.worker.result
                self.dismiss(result)
                if self.denied_at_check:   # signed in, but not allowed everything: say what is missing
                    from tui_export.ui.screens.doctor import open_doctor

                    open_doctor(app, result[0])
                return
            if event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
                self.busy = False
                self.query_one("#profiles-status", Static).update("")
                if passphrase_cancelled(event.worker.error):
                    return   # Esc on the passphrase prompt: back to the list, nothing to report
        if report_worker_failure(self, event):
            self.query_one(OptionList).loading = False

    def action_close(self) -> None:
        self.dismiss(None)
