"""Errors from the cloud reach the user once, in their language, with the code,
the RequestId and what to do next — never a traceback."""

import pytest
from tui_export.ui.screens.error_dialog import ErrorDialog
from tui_export.ui.screens.images import ImagesScreen

from tui_export.cloud.retry import RetryPolicy
from tui_export.cloud.session import CloudSession

from tests.ui.conftest import HZ, notifications, screen_text, wait_for


@pytest.mark.parametrize("lang, what_word", [("en", "RequestId"), ("zh", "错误码")])
async def test_server_error_shown_with_code_and_request_id(sim, make_app, lang, what_word):
    sim.faults.update(server_error=1.0, only={"DescribeImages"})
    session = CloudSession.for_sim(sim, retry=RetryPolicy(max_attempts=1))
    app = make_app(lang=lang, region=HZ, session=session)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: any("InternalError" in n or "ServiceUnavailable" in n
                                          for n in notifications(app)), what="error notification")
        shown = [n for n in notifications(app) if "InternalError" in n or "ServiceUnavailable" in n]
        text = shown[0]
        assert what_word in text
        assert "RequestId" in text                  # the id to quote to support, in both languages
        request_id = text.rsplit("RequestId", 1)[1].strip(" :：").split()[0]
        assert len(request_id) >= 8 and "-" in request_id
        if lang == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.split("RequestId")[0])
        assert "Traceback" not in text and "File \"" not in text
        assert "Traceback" not in screen_text(app)
        # the images table stops loading instead of spinning forever
        await wait_for(pilot, lambda: isinstance(app.screen, ImagesScreen)
                       and not app.screen.query_one("#images").loading, what="loading stopped")
        pane = str(app.screen.query_one("#image-detail-text").render())
        assert "tries again" in pane or "重试" in pane


async def test_cloud_text_with_markup_is_escaped(make_app):
    """A message holding "[b]" or "[/]" must show as text, not break the notification."""
    from tui_export.cloud.errors import CloudError

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        app.show_error(CloudError("Weird.Code[/]", "bad [b]markup[/b] [/red]", 400, "REQ-[1]"))
        await pilot.pause()
        shown = notifications(app, "error")[-1]
        assert "Weird.Code[/]" in shown and "REQ-[1]" in shown and "[b]markup[/b]" in shown


async def test_wrong_secret_is_explained_not_a_traceback(sim, make_app):
    from tui_export.cloud.session import StaticCredentials

    session = CloudSession.for_sim(sim, credentials=StaticCredentials(sim.access_key_id, "wrong-secret"),
                                   retry=RetryPolicy(max_attempts=1))
    app = make_app(session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        # a credential the cloud rejects stops everything: a dialog, not a toast
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorDialog), what="error dialog")
        text = screen_text(app)
        assert "InvalidAccessKeySecret" in text and "RequestId" in text
        assert "wrong-secret" not in text and "Traceback" not in text
