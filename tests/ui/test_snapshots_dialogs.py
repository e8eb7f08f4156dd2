"""Snapshots of the dialogs at 80x24 and 120x40 (English), and the tasks screen in
Chinese: the account switcher, the cancel confirmation, the new-bucket dialog.
Update on purpose only: `pytest tests/ui/test_snapshots_dialogs.py --snapshot-update`."""

from __future__ import annotations

import json

import pytest

from tui_export.cli import LaunchOptions

from tests.ui.test_snapshots_main import SIZES, _app, _regions_loaded, _until, frozen_sim  # noqa: F401  (fixture)


def _screen(app, name):
    return type(app.screen).__name__ == name


@pytest.fixture
def two_cli_profiles(frozen_sim, tmp_path, monkeypatch):
    """~/.aliyun/config.json with two AK profiles for the sim (fixed keys, so the masked ids are stable)."""
    home = tmp_path / "home"
    (home / ".aliyun").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIYUN_ACCESS_KEY_ID",
                 "ALIBABA_CLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    ak = {"mode": "AK", "access_key_id": frozen_sim.access_key_id,
          "access_key_secret": frozen_sim.access_key_secret, "region_id": "cn-hangzhou"}
    profiles = [{"name": "default", **ak}, {"name": "prod-readonly", **ak}]
    (home / ".aliyun" / "config.json").write_text(json.dumps({"current": "default", "profiles": profiles}))
    for key, url in (("ECS", frozen_sim.ecs_endpoint), ("RAM", frozen_sim.ram_endpoint),
                     ("STS", frozen_sim.sts_endpoint), ("OSS", frozen_sim.oss_endpoint)):
        monkeypatch.setenv(f"TUI_EXPORT_{key}_ENDPOINT", url)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_account_switcher(snap_compare, frozen_sim, state_dir, two_cli_profiles, size):
    from tui_export.cloud import secret_store
    from tui_export.ui.app import TuiExportApp

    secret_store.reset_detection()
    app = TuiExportApp(LaunchOptions(demo=False), state_dir=state_dir, poll_seconds=60.0)

    async def ready(pilot):
        await _until(pilot, lambda: _regions_loaded(app))
        # the account's UID joins the status line once STS answers (a worker beside the loads)
        await _until(pilot, lambda: "UID" in str(app.screen.query_one("StatusBar").render()))
        await pilot.press("p")
        await _until(pilot, lambda: _screen(app, "ProfilesScreen")
                     and app.screen.query_one("#profiles-list").option_count >= 3)

    try:
        assert snap_compare(app, terminal_size=size, run_before=ready)
    finally:
        secret_store.reset_detection()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_cancel_confirmation(snap_compare, frozen_sim, state_dir, size):
    app = _app(frozen_sim, state_dir)

    async def ready(pilot):
        await _until(pilot, lambda: app.session is not None)
        await pilot.press("t")
        await _until(pilot, lambda: _screen(app, "TasksScreen") and app.screen.listed
                     and len(app.screen.query_one("#tasks").rows) == 2)
        table = app.screen.query_one("#tasks")
        running = next(i for i, key in enumerate(table.rows) if app.tasks[key.value].running)
        table.move_cursor(row=running)
        await pilot.press("c")
        await _until(pilot, lambda: _screen(app, "ConfirmDialog"))

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_bucket_dialog(snap_compare, frozen_sim, state_dir, size):
    app = _app(frozen_sim, state_dir, region="cn-beijing")   # a region with an image and no bucket

    async def ready(pilot):
        await _until(pilot, lambda: _screen(app, "ImagesScreen") and app.screen.loaded)
        await pilot.press("e")
        await _until(pilot, lambda: _screen(app, "ExportForm") and app.screen.buckets_ready
                     and app.screen.role_state is not None)
        app.screen.query_one("#xf-create-bucket").press()
        await _until(pilot, lambda: _screen(app, "CreateBucketDialog"))
        await pilot.press(*"Bad_Name")

    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_tasks_in_chinese(snap_compare, frozen_sim, state_dir):
    app = _app(frozen_sim, state_dir, lang="zh")

    async def ready(pilot):
        await _until(pilot, lambda: app.session is not None)
        await pilot.press("t")
        await _until(pilot, lambda: _screen(app, "TasksScreen") and app.screen.listed
                     and len(app.screen.query_one("#tasks").rows) == 2
                     and all(t.progress is not None or t.finished for t in app.tasks.values()))

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
