"""Snapshots of the export form and the result screen at 80x24 and 120x40.

What moves is frozen: a fixed task id and times (the sim's are random / the
clock's), downloads into ~/downloads with HOME in tmp (the path is shown with
"~"), snapped only after the download finished (no rate, no ETA), and the
signed link (port, expiry) never copied here.
Update on purpose only: `pytest tests/ui/test_snapshots_export.py --snapshot-update`.
"""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Input

from export_fixtures import (  # noqa: F401  (fixtures)
    IMAGE_DATA, ExportHost, export_cloud, export_session, finished_export, image_of, text_of, wait_for,
)
from tui_export.ui.screens.export_form import ExportForm
from tui_export.ui.screens.result import ResultScreen

SIZES = [(80, 24), (120, 40)]


def form_app(cloud, session, lang="en") -> ExportHost:
    return ExportHost(session, lambda: ExportForm(image_of(cloud, IMAGE_DATA)), lang=lang)


async def form_loaded(pilot) -> None:
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.buckets_ready and form.role_state is not None, what="form loaded")
    await pilot.pause(0.1)


async def form_with_bad_prefix(pilot) -> None:
    await form_loaded(pilot)
    form = pilot.app.screen
    form.query_one("#xf-prefix", Input).focus()
    await pilot.press(*"weekly-1")
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_form_valid(snap_compare, export_cloud, export_session, size):
    export_session.ensure_role()
    assert snap_compare(form_app(export_cloud, export_session), terminal_size=size, run_before=form_loaded)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_form_prefix_refused(snap_compare, export_cloud, export_session, size):
    assert snap_compare(form_app(export_cloud, export_session), terminal_size=size,
                        run_before=form_with_bad_prefix)


def test_form_chinese(snap_compare, export_cloud, export_session):
    assert snap_compare(form_app(export_cloud, export_session, lang="zh"), terminal_size=(120, 40),
                        run_before=form_with_bad_prefix)


@pytest.fixture
def frozen_result(export_cloud, export_session, tmp_path, monkeypatch):
    """A finished export with a fixed id and times, and ~/downloads to download into."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "downloads").mkdir()
    task, req = finished_export(export_cloud, export_session)
    task = dataclasses.replace(task, task_id="t-snapshot000000000001", creation_time="2025-11-01T08:00Z",
                               finished_time="2025-11-01T08:01Z")
    return task, req, tmp_path


def result_app(session, frozen) -> ExportHost:
    task, req, home = frozen
    return ExportHost(session, lambda: ResultScreen(task, req, download_dir=str(home / "downloads")),
                      state_dir=home / "state")


async def result_listed(pilot) -> None:
    await wait_for(pilot, lambda: pilot.app.screen.objects, what="objects listed")
    await pilot.pause(0.1)


async def result_downloaded(pilot) -> None:
    await result_listed(pilot)
    await pilot.press("d")
    await pilot.pause(0.1)
    await pilot.press("enter")                       # the prefilled ~/downloads
    screen = pilot.app.screen
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResultScreen)
                   and "verified" in text_of(screen.query_one("#rs-dl-result")), what="verified")
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_result_before_download(snap_compare, export_session, frozen_result, size):
    assert snap_compare(result_app(export_session, frozen_result), terminal_size=size, run_before=result_listed)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_result_after_verified_download(snap_compare, export_session, frozen_result, size):
    assert snap_compare(result_app(export_session, frozen_result), terminal_size=size,
                        run_before=result_downloaded)
