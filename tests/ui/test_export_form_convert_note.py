"""The export form says what the format choice means (issue #11): a region that honours
ImageFormat writes it itself; elsewhere the export is RAW and a download converts it.
In the real app on the demo: the region's images, `e` on the image."""

from __future__ import annotations

import pytest

from tests.ui.conftest import HZ, images_done, wait_for
from tui_export.ui.screens.export_form import ExportForm

IMAGE_DATA = "m-bp1demodata000000002"      # cn-hangzhou: exports RAW only
IMAGE_SINGAPORE = "m-t4ndemosingapore001"  # ap-southeast-1 honours ImageFormat
SG = "ap-southeast-1"


def _text(widget) -> str:
    content = widget.render()
    return str(getattr(content, "plain", content))


@pytest.mark.parametrize("region, image_id, lang, says", [
    (HZ, IMAGE_DATA, "en", "choose qcow2, vmdk or vhd when downloading"),
    (HZ, IMAGE_DATA, "zh", "下载时选择 qcow2、vmdk 或 vhd"),
    (SG, IMAGE_SINGAPORE, "en", "writes the format you choose itself"),
    (SG, IMAGE_SINGAPORE, "zh", "会按所选格式导出"),
])
async def test_the_form_explains_the_format_choice(make_app, region, image_id, lang, says):
    app = make_app(lang=lang, region=region)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: images_done(app), timeout=20, what=f"the images of {region}")
        table = app.screen.query_one("#images")
        table.move_cursor(row=table.get_row_index(image_id))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="the export form")
        await wait_for(pilot, lambda: says in _text(app.screen.query_one("#xf-convert-note")),
                       what=f"the format note saying {says!r}")
