"""Sign-in when no credentials exist: masked secret, keys checked before saving,
the keyring-less sentence, session-only and encrypted-file saving (passphrase in
a modal), and the secret never on screen."""

import json

import pytest
from tui_export.ui.screens.error_dialog import ErrorDialog
from tui_export.ui.screens.passphrase import PassphraseScreen
from tui_export.ui.screens.profiles import ProfilesScreen
from tui_export.ui.screens.regions import RegionsScreen
from tui_export.ui.screens.signin import SignInScreen

from tui_export.cli import LaunchOptions

from tests.ui.conftest import screen_text, wait_for


@pytest.fixture
def no_credentials_env(sim, monkeypatch, tmp_path):
    """No env keys, no aliyun CLI config, no keyring; the app's endpoints aimed at the sim."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for prefix in ("ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_", "ALIYUN_"):
        for name in list(__import__("os").environ):
            if name.startswith(prefix):
                monkeypatch.delenv(name)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from tui_export.cloud import secret_store

    secret_store.reset_detection()
    secret_store.clear_session_profiles()
    monkeypatch.setenv("TUI_EXPORT_ECS_ENDPOINT", sim.ecs_endpoint)
    monkeypatch.setenv("TUI_EXPORT_RAM_ENDPOINT", sim.ram_endpoint)
    monkeypatch.setenv("TUI_EXPORT_STS_ENDPOINT", sim.sts_endpoint)
    monkeypatch.setenv("TUI_EXPORT_OSS_ENDPOINT", sim.oss_endpoint)
    yield
    secret_store.reset_detection()
    secret_store.clear_session_profiles()


def _app(state_dir, lang: str = "en"):
    from tui_export.ui.app import TuiExportApp

    return TuiExportApp(LaunchOptions(demo=False, lang=lang), state_dir=state_dir, poll_seconds=0.2)


async def _fill(app, pilot, key_id, secret):
    screen = app.screen
    screen.query_one("#key-id").value = key_id
    screen.query_one("#key-secret").focus()
    await pilot.press(*secret[:3])             # typed, like a user: masked as it goes
    screen.query_one("#key-secret").value = secret


async def test_sign_in_session_only(sim, no_credentials_env, state_dir):
    app = _app(state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in screen")
        await wait_for(pilot, lambda: "No usable system keyring" in str(app.screen.query_one("#keyring-status").render()),
                       what="keyring sentence")
        assert app.screen.query_one("#keyring").disabled
        assert app.screen.query_one("#key-secret").password

        await _fill(app, pilot, sim.access_key_id, "not-the-secret-at-all")
        await pilot.click("#signin-submit")
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorDialog), what="rejected keys")
        assert "not-the-secret-at-all" not in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="back on sign-in")

        await _fill(app, pilot, sim.access_key_id, sim.access_key_secret)
        assert sim.access_key_secret not in screen_text(app)
        await pilot.click("#signin-submit")
        await wait_for(pilot, lambda: app.connection_state == "ready", what="signed in")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionsScreen), what="regions")
        assert "this session only" in app.source_label
        assert sim.access_key_secret not in screen_text(app)
        await wait_for(pilot, lambda: bool(app.screen.regions), what="regions listed with the new keys")


async def test_sign_in_to_an_encrypted_file(sim, no_credentials_env, state_dir, tmp_path):
    import os

    app = _app(state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in screen")
        await _fill(app, pilot, sim.access_key_id, sim.access_key_secret)
        app.screen.query_one("#encrypted_file").value = True
        await pilot.click("#signin-submit")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen), what="passphrase modal")
        app.screen.query_one("#pass1").value = "correct horse"
        app.screen.query_one("#pass2").value = "correct hors"
        await pilot.click("#pass-ok")
        assert "differ" in str(app.screen.query_one("#pass-problem").render())
        app.screen.query_one("#pass2").value = "correct horse"
        await pilot.pause(0.3)          # a Button ignores clicks during its 0.2 s press effect
        await pilot.click("#pass-ok")
        await wait_for(pilot, lambda: app.connection_state == "ready", what="signed in")
        assert "encrypted file" in app.source_label

    config_dir = os.environ["TUI_EXPORT_CONFIG_DIR"]
    cfg = json.loads(open(os.path.join(config_dir, "config.json"), encoding="utf-8").read())
    assert cfg["profiles"]["default"]["store"] == "encrypted_file"
    blob = open(os.path.join(config_dir, "secrets.enc.json"), encoding="utf-8").read()
    assert sim.access_key_secret not in blob and sim.access_key_secret not in json.dumps(cfg)


async def test_leaving_the_sign_in_says_how_to_come_back(sim, no_credentials_env, state_dir):
    app = _app(state_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in screen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionsScreen), what="regions")
        assert "press p to sign in" in str(app.screen.query_one("#regions-hint").render())
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen), what="account switcher")
