"""Regenerate screenshots/*.svg by driving the demo headless, the way a user would.

    .venv/bin/python scripts/screenshots.py [--size 120x40] [--lang en] [--out screenshots]

Steps: regions counted -> images of cn-hangzhou (a blocked image's reasons) ->
the export form refusing a bad prefix -> the export started and in progress ->
the finished task's result with a verified download. Runs against its own
embedded cloud (exports take seconds here), so it needs no account or network.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HZ = "cn-hangzhou"
IMAGE_WEB = "m-bp1demoweb0000000001"
IMAGE_FIVE = "m-bp1demo5dd000000006"


async def wait_for(pilot, predicate, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause(0.05)
        try:
            if predicate():
                return
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")


def name_of(app) -> str:
    return type(app.screen).__name__


async def capture(out: Path, size: tuple[int, int], lang: str) -> list[Path]:
    from tui_export.cli import LaunchOptions
    from tui_export.sim import EmbeddedCloud
    from tui_export.ui.app import TuiExportApp

    saved: list[Path] = []
    work = Path(tempfile.mkdtemp(prefix="tui-export-shots-"))

    def shot(app, name: str) -> None:
        path = out / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"tui-export — {name}"), encoding="utf-8")
        saved.append(path)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    with EmbeddedCloud("demo", export_seconds=12.0, bytes_per_gib=64 << 10) as sim:
        app = TuiExportApp(LaunchOptions(demo=True, lang=lang), sim=sim, state_dir=work / "state",
                           poll_seconds=0.5)
        app.download_dir = str(work)
        async with app.run_test(size=size) as pilot:
            # 1. regions, every count in
            await wait_for(pilot, lambda: app.screen.regions and app.screen.bucket_counts is not None
                           and len(app.screen.image_counts) == len(app.screen.regions), "region counts")
            table = app.screen.query_one("#regions")
            table.move_cursor(row=table.get_row_index(HZ))
            await pilot.pause(0.3)
            shot(app, "regions")

            # 2. images of Hangzhou, a blocked image highlighted: its reasons in the pane
            await pilot.press("enter")
            await wait_for(pilot, lambda: name_of(app) == "ImagesScreen" and app.screen.loaded
                           and not app.screen.query_one("#images").loading, "images")
            images = app.screen.query_one("#images")
            images.move_cursor(row=images.get_row_index(IMAGE_FIVE))
            await pilot.pause(0.3)
            shot(app, "images")

            # 3. the export form refusing a bad prefix
            images.move_cursor(row=images.get_row_index(IMAGE_WEB))
            await pilot.press("e")
            await wait_for(pilot, lambda: name_of(app) == "ExportForm" and app.screen.buckets_ready
                           and app.screen.role_state is not None, "export form")
            form = app.screen
            form.query_one("#xf-prefix").focus()
            await pilot.press(*"nightly-build!")
            await pilot.pause(0.5)
            shot(app, "export_form_validation")

            # fix the prefix, create the export role (the demo account lacks it), start
            form.query_one("#xf-prefix").value = ""
            await pilot.press(*"weekly")
            if form.role_state.name != "PRESENT":
                form.query_one("#xf-ensure-role").press()
                await wait_for(pilot, lambda: name_of(app) == "ConfirmDialog", "role confirmation")
                await pilot.press("y")
                await wait_for(pilot, lambda: name_of(app) == "ExportForm" and not form.busy
                               and form.role_state.name == "PRESENT", "role created")
            await pilot.pause(0.3)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: name_of(app) == "TasksScreen"
                           and any(t.resource_id == IMAGE_WEB and t.running for t in app.tasks.values()),
                           "export started")
            task_id = next(t.task_id for t in app.tasks.values() if t.resource_id == IMAGE_WEB and t.running)

            # 4. in progress
            await wait_for(pilot, lambda: 30 <= (app.tasks[task_id].progress or 0) <= 70, "progress", 40)
            shot(app, "task_in_progress")

            # 5. finished -> result -> download, verified
            await wait_for(pilot, lambda: app.tasks[task_id].status == "Finished", "task finished", 60)
            tasks = app.screen.query_one("#tasks")
            tasks.move_cursor(row=tasks.get_row_index(task_id))
            await pilot.press("enter")
            await wait_for(pilot, lambda: name_of(app) == "ResultScreen" and app.screen.objects, "objects")
            await pilot.press("d")
            await wait_for(pilot, lambda: name_of(app) == "DownloadDestinationDialog", "download prompt")
            app.screen.query_one("#dd-ok").press()
            # once verified, the app offers to delete the exported objects from OSS: "not now" (Esc)
            await wait_for(pilot, lambda: name_of(app) == "ConfirmDialog", "the verified download's clean-up offer", 60)
            await pilot.press("escape")
            await wait_for(pilot, lambda: name_of(app) == "ResultScreen"
                           and "CRC" in str(app.screen.query_one("#rs-dl-result").render()), "download", 60)
            await pilot.pause(0.3)
            shot(app, "download_verified")
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="120x40", help="terminal size, COLSxROWS (default 120x40)")
    parser.add_argument("--lang", default="en", choices=("en", "zh"))
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    args = parser.parse_args(argv)
    cols, rows = (int(v) for v in args.size.lower().split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"screenshots at {cols}x{rows} ({args.lang}):")
    asyncio.run(capture(out, (cols, rows), args.lang))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
