"""In the Chinese UI, where the keys came from (status bar, account switcher) reads in Chinese:
cloud/ hands the source over as catalogue keys, the UI words them (docs/internals.md)."""

import json

from textual.widgets import OptionList
from tui_export.ui.screens.profiles import ProfilesScreen

from tui_export.cli import LaunchOptions

from tests.ui.conftest import screen_text, wait_for


def _status(app) -> str:
    return str(app.screen.query_one("StatusBar").render())


async def _open_switcher(app, pilot) -> None:
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen)
                   and app.screen.query_one(OptionList).option_count >= 2, what="account switcher")


async def test_demo_source_and_its_user_read_in_chinese(sim, state_dir):
    from tui_export.ui.app import TuiExportApp

    app = TuiExportApp(LaunchOptions(demo=True, lang="zh"), sim=sim, state_dir=state_dir, poll_seconds=0.2)
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_for(pilot, lambda: app.connection_state == "ready", what="demo session")
        assert "演示云（内置，无需网络）" in _status(app)
        await _open_switcher(app, pilot)
        assert "演示云（内置，无需网络）" in screen_text(app)
        options = app.screen.query_one(OptionList)
        options.highlighted = next(i for i in range(options.option_count)
                                   if options.get_option_at_index(i).id == "demo:demo-limited")
        options.action_select()
        await wait_for(pilot, lambda: not isinstance(app.screen, ProfilesScreen)
                       and "demo-limited" in _status(app), what="switched to the demo's user")
        status = _status(app)
        assert "演示云，RAM 用户 demo-limited（内置，无需网络）" in status
        assert "built in" not in status and "demo cloud" not in status


async def test_cli_profile_source_reads_in_chinese(sim, state_dir, monkeypatch, tmp_path):
    from tui_export.ui.app import TuiExportApp

    home = tmp_path / "home"
    (home / ".aliyun").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIYUN_ACCESS_KEY_ID",
                 "ALIBABA_CLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    (home / ".aliyun" / "config.json").write_text(json.dumps({"current": "default", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": sim.access_key_id,
         "access_key_secret": sim.access_key_secret, "region_id": "cn-hangzhou"}]}))
    for key, url in (("ECS", sim.ecs_endpoint), ("RAM", sim.ram_endpoint), ("STS", sim.sts_endpoint),
                     ("OSS", sim.oss_endpoint)):
        monkeypatch.setenv(f"TUI_EXPORT_{key}_ENDPOINT", url)

    app = TuiExportApp(LaunchOptions(demo=False, lang="zh"), state_dir=state_dir, poll_seconds=0.2)
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_for(pilot, lambda: app.connection_state == "ready", what="session from the CLI profile")
        worded = "aliyun CLI 配置“default”（~/.aliyun/config.json）"
        # the account's UID joins the line once STS has said whose keys these are
        await wait_for(pilot, lambda: sim.world.account.account_id in _status(app), what="the account's UID")
        status = _status(app)
        assert worded in status and "profile" not in status
        await _open_switcher(app, pilot)
        text = screen_text(app)
        assert worded in text and "aliyun CLI profile" not in text
