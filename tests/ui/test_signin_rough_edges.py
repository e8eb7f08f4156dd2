"""Sign-in's rough edges, against the sim: keys from the environment that the cloud refuses are
named by their variables; the unusable keyring choice reads as unavailable; adding a second
account is worded as adding; Esc on the passphrase of a new encrypted file goes back quietly."""

from __future__ import annotations

import pytest
from tui_export.ui.screens.error_dialog import ErrorDialog
from tui_export.ui.screens.passphrase import PassphraseScreen
from tui_export.ui.screens.profiles import ProfilesScreen
from tui_export.ui.screens.signin import SignInScreen
from textual.widgets import RadioButton

from tests.ui.conftest import notifications, wait_for
from tests.ui.test_signin_flow import _app, _fill, no_credentials_env  # noqa: F401  (fixture)
from tests.ui.test_signin_profiles import cli_profiles  # noqa: F401  (fixture)


def _text(widget) -> str:
    return str(widget.render())


@pytest.mark.parametrize("lang, fix", [("en", "correct them, or unset"), ("zh", "请修正，或取消设置")])
async def test_a_refused_secret_from_the_environment_names_the_variables(sim, no_credentials_env, state_dir,  # noqa: F811
                                                                          monkeypatch, lang, fix):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", sim.access_key_id)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "not-the-secret-at-all")
    app = _app(state_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorDialog), timeout=20, what="the refusal")
        hint = _text(app.screen.query_one("#error-hint"))
        assert "ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET" in hint and fix in hint
        assert "not-the-secret-at-all" not in hint


@pytest.mark.parametrize("lang, unavailable", [("en", "none usable here"), ("zh", "此处不可用")])
async def test_the_keyring_choice_reads_unavailable_without_a_keyring(sim, no_credentials_env, state_dir,  # noqa: F811
                                                                       lang, unavailable):
    app = _app(state_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in")
        button = app.screen.query_one("#keyring", RadioButton)
        await wait_for(pilot, lambda: unavailable in str(button.label), what="the keyring checked")
        assert button.disabled and not button.value
        assert button.has_class("-unavailable")          # dimmed, struck through: not one to pick


async def test_adding_a_second_account_is_worded_as_adding(sim, cli_profiles, state_dir):  # noqa: F811
    from tui_export.cli import LaunchOptions
    from tui_export.ui.app import TuiExportApp

    app = TuiExportApp(LaunchOptions(demo=False), state_dir=state_dir, poll_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.connection_state == "ready", what="session")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen)
                       and app.screen.query_one("#profiles-list").option_count >= 3, what="profiles listed")
        options = app.screen.query_one("#profiles-list")
        options.highlighted = options.option_count - 1       # "+ Sign in with another AccessKey…"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in")
        intro = _text(app.screen.query_one("#signin-intro"))
        assert "Add an account" in intro and "were found" not in intro
        assert app.screen.query_one("#profile-name").value not in ("", "default")   # not the one in use


async def test_escape_on_a_new_files_passphrase_goes_back_quietly(sim, no_credentials_env, state_dir):  # noqa: F811
    app = _app(state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in")
        await _fill(app, pilot, sim.access_key_id, sim.access_key_secret)
        app.screen.query_one("#encrypted_file").value = True
        await pilot.click("#signin-submit")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen), what="passphrase prompt")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen)
                       and not app.screen.busy, what="back on the form")
        await pilot.pause(0.2)
        assert not any(isinstance(s, ErrorDialog) for s in app.screen_stack)
        assert not notifications(app, "error")
        assert app.connection_state == "signed_out"
