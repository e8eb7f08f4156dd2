"""The encrypted file's passphrase prompt at launch: a wrong passphrase asks again in the
prompt itself (one line saying so, no error dialog on top); Esc leaves it quietly for the
sign-in, with nothing reported as an error."""

from __future__ import annotations

import pytest
from tui_export.ui.screens.error_dialog import ErrorDialog
from tui_export.ui.screens.passphrase import PassphraseScreen
from tui_export.ui.screens.signin import SignInScreen

from tests.ui.conftest import notifications, wait_for
from tests.ui.test_signin_flow import _app, no_credentials_env  # noqa: F401  (fixture)
from tui_export.cloud import secret_store
from tui_export.cloud.credentials import Credentials
from tui_export.cloud.secret_store import StoreChoice, save_profile

PASSPHRASE = "correct horse"


@pytest.fixture
def saved_encrypted(sim, no_credentials_env):  # noqa: F811
    save_profile("default", Credentials(sim.access_key_id, sim.access_key_secret), StoreChoice.ENCRYPTED_FILE,
                 passphrase_provider=lambda creating, wrong=False: PASSPHRASE)
    secret_store._file_stores.clear()    # as in a new process: the file is locked
    yield
    secret_store._file_stores.clear()


def _prompt(app) -> bool:
    return isinstance(app.screen, PassphraseScreen)


def _problem(app) -> str:
    return str(app.screen.query_one("#pass-problem").render())


async def _enter(app, pilot, passphrase: str) -> None:
    app.screen.query_one("#pass1").value = passphrase
    await pilot.press("enter")


@pytest.mark.parametrize("lang, again", [("en", "does not open"), ("zh", "无法打开")])
async def test_a_wrong_passphrase_asks_again_in_the_prompt(sim, saved_encrypted, state_dir, lang, again):
    app = _app(state_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _prompt(app), what="passphrase prompt")
        await _enter(app, pilot, "not it")
        await wait_for(pilot, lambda: _prompt(app) and again in _problem(app), what="asked again")
        assert app.screen.query_one("#pass1").value == ""            # ready for the next try
        assert not any(s for s in app.screen_stack if isinstance(s, ErrorDialog))
        assert notifications(app) == []                              # the prompt's own line is the one message
        await _enter(app, pilot, PASSPHRASE)
        await wait_for(pilot, lambda: app.connection_state == "ready", what="unlocked")
        assert ("encrypted file" if lang == "en" else "加密文件") in app.source_label   # in the UI's language


async def test_escape_on_the_prompt_cancels_quietly(sim, saved_encrypted, state_dir):
    app = _app(state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _prompt(app), what="passphrase prompt")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="the sign-in")
        assert not any(isinstance(s, ErrorDialog) for s in app.screen_stack)
        assert not notifications(app, "error")


@pytest.mark.parametrize("lang, locked", [("en", "stay locked"), ("zh", "仍处于锁定状态")])
async def test_after_the_last_try_one_dialog_says_it_once_in_the_users_language(sim, saved_encrypted, state_dir,
                                                                                lang, locked):
    app = _app(state_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        for attempt in range(3):
            await wait_for(pilot, lambda: _prompt(app), what=f"prompt {attempt + 1}")
            prompt = app.screen
            await _enter(app, pilot, f"not it {attempt}")
            await wait_for(pilot, lambda: app.screen is not prompt, what="answered")
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorDialog), timeout=20, what="the refusal")
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert locked in text and "secrets.enc.json" in text
        assert text.lower().count("does not open") <= 1 and "the passphrase does not open" not in text
