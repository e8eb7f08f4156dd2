"""Credentials found at startup (the aliyun CLI's profile) are used without asking;
`p` lists the profiles (names and masked ids only) and switches account."""

import json

import pytest
from tui_export.ui.screens.profiles import ProfilesScreen
from tui_export.ui.screens.regions import RegionsScreen

from tui_export.cli import LaunchOptions

from tests.ui.conftest import notifications, screen_text, wait_for


@pytest.fixture
def cli_profiles(sim, monkeypatch, tmp_path):
    """~/.aliyun/config.json with two AK profiles for the sim; endpoints aimed at it."""
    home = tmp_path / "home"
    (home / ".aliyun").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIYUN_ACCESS_KEY_ID",
                 "ALIBABA_CLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    ak, secret, token = sim.issue_sts_token()
    profiles = [
        {"name": "default", "mode": "AK", "access_key_id": sim.access_key_id,
         "access_key_secret": sim.access_key_secret, "region_id": "cn-hangzhou"},
        {"name": "ops-sts", "mode": "StsToken", "access_key_id": ak, "access_key_secret": secret,
         "sts_token": token, "region_id": "cn-hangzhou"},
    ]
    (home / ".aliyun" / "config.json").write_text(json.dumps({"current": "default", "profiles": profiles}))
    for key, url in (("ECS", sim.ecs_endpoint), ("RAM", sim.ram_endpoint), ("STS", sim.sts_endpoint),
                     ("OSS", sim.oss_endpoint)):
        monkeypatch.setenv(f"TUI_EXPORT_{key}_ENDPOINT", url)
    return profiles


async def test_cli_profile_used_then_switched(sim, cli_profiles, state_dir):
    from tui_export.ui.app import TuiExportApp

    app = TuiExportApp(LaunchOptions(demo=False), state_dir=state_dir, poll_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.connection_state == "ready", what="session from the CLI profile")
        assert "default" in app.source_label
        await wait_for(pilot, lambda: bool(getattr(app.screen, "regions", None)), what="regions")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen)
                       and app.screen.query_one("#profiles-list").option_count >= 3, what="profiles listed")
        text = screen_text(app)
        assert "ops-sts" in text and "Sign in with another AccessKey" in text
        assert "● default" in text                                   # the one in use is marked
        assert sim.access_key_secret not in text and cli_profiles[1]["sts_token"] not in text
        options = app.screen.query_one("#profiles-list")
        options.highlighted = next(i for i in range(options.option_count)
                                   if options.get_option_at_index(i).id == "cli:ops-sts")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "ops-sts" in app.source_label, what="switched account")
        assert isinstance(app.screen, RegionsScreen)
        await wait_for(pilot, lambda: bool(app.screen.regions), what="regions with the new account")
        assert "ops-sts" in str(app.screen.query_one("StatusBar").render())


def _highlighted(app) -> str:
    options = app.screen.query_one("#profiles-list")
    return options.get_option_at_index(options.highlighted).id


async def _open_switcher(app, pilot):
    await wait_for(pilot, lambda: app.connection_state == "ready", what="session from the CLI profile")
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen)
                   and app.screen.query_one("#profiles-list").option_count >= 3, what="profiles listed")


@pytest.mark.parametrize("lang, notice", [("en", "already using this account"), ("zh", "你正在使用这个账号")])
async def test_enter_on_the_current_account_says_so_and_changes_nothing(sim, cli_profiles, state_dir, lang, notice):
    from tui_export.ui.app import TuiExportApp

    app = TuiExportApp(LaunchOptions(demo=False, lang=lang), state_dir=state_dir, poll_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_switcher(app, pilot)
        session = app.session
        assert _highlighted(app) == "cli:default"               # the highlight starts on the account in use
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(notice in n for n in notifications(app)), what="the notice")
        assert isinstance(app.screen, ProfilesScreen)      # still choosing
        assert app.session is session and app.profile_in_use == "cli:default"


async def test_first_down_moves_to_the_next_account_and_the_status_shows_its_uid(sim, cli_profiles, state_dir):
    from tui_export.ui.app import TuiExportApp

    app = TuiExportApp(LaunchOptions(demo=False), state_dir=state_dir, poll_seconds=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_switcher(app, pilot)
        await pilot.press("down")                                # one ↓: the next account, not the first
        assert _highlighted(app) == "cli:ops-sts"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "ops-sts" in app.source_label, what="switched account")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionsScreen), what="regions")
        status = str(app.screen.query_one("StatusBar").render())
        assert f"UID {sim.world.account.account_id}" in status
