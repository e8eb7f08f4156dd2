"""A damaged ~/.aliyun/config.json met at startup is a dialog in the user's language that
names the file and what is wrong — never a traceback, never "an unexpected error"."""

import pytest
from tui_export.ui.screens.error_dialog import ErrorDialog

from tui_export.cli import LaunchOptions

from tests.ui.conftest import screen_text, wait_for


@pytest.fixture
def damaged_cli_config(monkeypatch, tmp_path):
    home = tmp_path / "home"
    (home / ".aliyun").mkdir(parents=True)
    (home / ".aliyun" / "config.json").write_text('{"profiles": ' + "[" * 100_000)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TUI_EXPORT_CONFIG_DIR", str(tmp_path / "config"))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIYUN_ACCESS_KEY_ID",
                 "ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_IGNORE_PROFILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("lang, expected", [
    ("en", "~/.aliyun/config.json nests more than 32 levels deep"),
    ("zh", "~/.aliyun/config.json 嵌套超过 32 层"),
])
async def test_a_damaged_cli_config_at_startup_is_explained_in_the_users_language(
        damaged_cli_config, state_dir, lang, expected):
    from tui_export.ui.app import TuiExportApp

    app = TuiExportApp(LaunchOptions(demo=False, lang=lang), state_dir=state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorDialog), what="the error dialog")
        shown = "\n".join(app.screen.view.lines(lang))   # what the dialog's body holds
        assert expected in shown
        text = screen_text(app)
        assert "Traceback" not in text and "RecursionError" not in text and "(Error)" not in text
