"""The tests' one wait helper (tests/waiting.py): it returns what the condition found, and a
wait that never ends says what it waited for and how long (and, for the app, why the last
look failed)."""

from __future__ import annotations

import pytest
from textual.app import App

from tests.waiting import wait_for, wait_until


def test_wait_until_returns_the_first_truthy_value():
    looks = iter([0, "", "found"])
    assert wait_until(lambda: next(looks), timeout=5, step=0) == "found"


def test_wait_until_names_what_never_happened():
    with pytest.raises(AssertionError, match=r"timed out after 0.1 s waiting for the bucket:\n\(seen: 3 looks\)"):
        wait_until(lambda: False, timeout=0.1, step=0.02, what="the bucket", on_timeout=lambda: "(seen: 3 looks)")


async def test_wait_for_reports_the_last_error_of_the_app_it_waited_on():
    app = App()
    async with app.run_test() as pilot:
        with pytest.raises(AssertionError, match=r"waiting for the form \(last look raised NoMatches"):
            await wait_for(pilot, lambda: app.query_one("#form"), timeout=0.2, what="the form")
