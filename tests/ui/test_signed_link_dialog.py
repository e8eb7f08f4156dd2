"""The signed link without OSC 52: `l` shows it whole in a dialog where it can be selected,
with its host, path and expiry, and writes it whole to the app's log (never the AccessKey
secret). Against the sim, so the link shown is one that downloads the object."""

from __future__ import annotations

import logging
import urllib.request

import pytest
from textual.widgets import TextArea

from export_fixtures import (  # noqa: F401  (fixtures)
    ExportHost, export_cloud, export_session, finished_export, text_of, wait_for,
)
from tui_export.cloud.log_file import log_file_path, open_log_handler
from tui_export.ui.screens.result import ResultScreen
from tui_export.ui.screens.signed_link import SignedLinkDialog


@pytest.fixture
def app_log(tmp_path):
    """The app's log file handler, as TuiExportApp installs it (scrubbed, 0600)."""
    state = tmp_path / "state"
    handler = open_log_handler(state)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield log_file_path(state)
    root.removeHandler(handler)
    root.setLevel(old_level)
    handler.close()


@pytest.mark.parametrize("lang, title, expires", [("en", "Signed link", "Expires: "), ("zh", "签名链接", "过期时间：")])
async def test_link_shown_whole_selectable_and_logged(export_cloud, export_session, tmp_path, app_log,
                                                      lang, title, expires):
    task, req = finished_export(export_cloud, export_session)
    app = ExportHost(export_session, lambda: ResultScreen(task, req, download_dir=str(tmp_path)),
                     state_dir=tmp_path / "state", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.objects, what="objects listed")
        obj = list(screen.objects.values())[0]
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, SignedLinkDialog), what="link dialog")
        dialog = app.screen
        url = dialog.query_one("#link-url", TextArea).text
        assert url == app.clipboard                    # the same link OSC 52 sent
        assert url.startswith("http://") and "Signature=" in url and obj.key in url
        assert dialog.query_one("#link-url", TextArea).read_only
        assert title in text_of(dialog.query_one("#link-title"))
        parts = text_of(dialog.query_one("#link-parts"))
        assert f"/{req.bucket}/{obj.key}" in parts and expires in parts and "UTC" in parts
        assert "://127.0.0.1" in parts
        assert "tui-export.log" in text_of(dialog.query_one("#link-where"))
        await pilot.press("enter")                     # Enter just closes it
        await wait_for(pilot, lambda: app.screen is screen, what="dialog closed")
    with urllib.request.urlopen(url, timeout=10) as response:
        assert len(response.read()) == obj.size
    logged = app_log.read_text(encoding="utf-8")
    assert url in logged                               # whole, signature included: the user asked for it
    assert export_cloud.access_key_secret not in logged
