"""The export form says what the format choice means (issue #11): a region that honours
ImageFormat writes it itself; elsewhere the export is RAW and a download converts it."""

from __future__ import annotations

import pytest

from export_fixtures import (  # noqa: F401  (fixtures)
    IMAGE_DATA, IMAGE_SINGAPORE, ExportHost, export_cloud, export_session, image_of, text_of, wait_for,
)
from tui_export.ui.screens.export_form import ExportForm


@pytest.mark.parametrize("image_id, lang, says", [
    (IMAGE_DATA, "en", "choose qcow2, vmdk or vhd when downloading"),
    (IMAGE_DATA, "zh", "下载时选择 qcow2、vmdk 或 vhd"),
    (IMAGE_SINGAPORE, "en", "writes the format you choose itself"),
    (IMAGE_SINGAPORE, "zh", "会按所选格式导出"),
])
async def test_the_form_explains_the_format_choice(export_cloud, export_session, image_id, lang, says):
    app = ExportHost(export_session, lambda: ExportForm(image_of(export_cloud, image_id)), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="form")
        await pilot.pause()
        assert says in text_of(app.screen.query_one("#xf-convert-note"))
