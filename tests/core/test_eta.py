"""The export ETA is a range that holds the true time left when progress is steady,
and a task whose percent stops moving is flagged (core/eta.py)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from tui_export.core.eta import EtaRange, ProgressHistory, eta_parts, export_eta, stalled

rising = st.lists(st.tuples(st.floats(0.5, 600), st.integers(1, 20)), min_size=1, max_size=30)


def _history(steps, start=0.0, first=0):
    h = ProgressHistory()
    at, pct = start, first
    h.add(at, pct)
    for dt, dp in steps:
        at += dt
        pct = min(100, pct + dp)
        h.add(at, pct)
    return h, at


@given(rising, st.floats(0, 3600))
def test_the_range_is_ordered_and_never_negative(steps, later):
    h, at = _history(steps)
    eta = export_eta(h.samples, at + later)
    if eta is not None:
        assert 0 <= eta.low <= eta.high


@given(st.floats(0.01, 5.0), st.integers(1, 10), st.integers(2, 60), st.floats(0, 0.99))
def test_a_steady_rate_falls_inside_the_range(rate, step, count, into_step):
    """Percent rising by `step` at `rate` %/s: the true time left is within [low, high]."""
    h = ProgressHistory()
    pct, at = 0, 0.0
    while pct < 100 and len(h.samples) <= count:
        h.add(at, pct)
        pct += step
        at += step / rate
    last_t, last_p = h.samples[-1]
    if last_p >= 100 or len(h.samples) < 2:
        return
    now = last_t + into_step * min(step, 100 - last_p) / rate   # before the next step or the end
    truth = (100 - last_p) / rate - (now - last_t)
    eta = export_eta(h.samples, now)
    assert eta is not None
    assert eta.low <= truth <= eta.high


def test_no_rate_no_estimate_and_done_is_zero():
    h = ProgressHistory()
    assert export_eta(h.samples, 10) is None
    h.add(0, 5)
    assert export_eta(h.samples, 10) is None          # one step: no rate yet
    h.add(10, 5)
    assert export_eta(h.samples, 20) is None          # the same percent again is no step
    h.add(20, 100)
    assert export_eta(h.samples, 30) == EtaRange(0.0, 0.0)


def test_a_step_back_starts_over():
    h = ProgressHistory()
    for at, pct in ((0, 10), (10, 20), (20, 5)):
        h.add(at, pct)
    assert h.samples == [(20, 5)]


def test_stalled_after_the_threshold_only_below_100():
    h = ProgressHistory()
    h.add(0, 40)
    h.add(100, 40)       # polled again, same percent
    assert not stalled(h, 599, after=600)
    assert stalled(h, 600, after=600)
    h.add(700, 100)
    assert not stalled(h, 5000, after=600)


@given(st.floats(0, 200_000), st.floats(0, 200_000))
def test_the_words_say_a_range_that_covers_it(a, b):
    low, high = sorted((a, b))
    key, values = eta_parts(EtaRange(low, high))
    if key == "eta.under_minute":
        assert high < 60
    else:
        unit = 60 if key == "eta.minutes" else 3600
        assert values["low"] <= values["high"]
        assert values["high"] * unit >= high
