"""Paging of ListObjects/ListBuckets: walking every page gives each key or common prefix exactly once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_export.sim.oss.listing import page

keys_st = st.lists(st.text(alphabet="ab/é", min_size=1, max_size=6), unique=True, max_size=40)


def _expected(keys, prefix, delimiter):
    items, prefixes = [], set()
    for k in keys:
        if not k.startswith(prefix):
            continue
        cut = k.find(delimiter, len(prefix)) if delimiter else -1
        if cut >= 0:
            prefixes.add(k[:cut + len(delimiter)])
        else:
            items.append(k)
    return sorted(items), sorted(prefixes)


@settings(max_examples=150, deadline=None)
@given(keys=keys_st, prefix=st.sampled_from(["", "a", "a/", "b"]), delimiter=st.sampled_from(["", "/", "b"]),
       max_keys=st.integers(1, 7))
def test_walking_pages_lists_everything_once(keys, prefix, delimiter, max_keys):
    records = sorted(k for k in keys if k.startswith(prefix))
    items, prefixes, after, pages = [], [], "", 0
    while True:
        p = page(records, name=lambda k: k, prefix=prefix, delimiter=delimiter, after=after, max_keys=max_keys)
        assert len(p.items) + len(p.prefixes) <= max_keys
        items += p.items
        prefixes += p.prefixes
        pages += 1
        if not p.truncated:
            break
        assert p.next_marker > after
        after = p.next_marker
    assert (sorted(items), sorted(prefixes)) == _expected(keys, prefix, delimiter)
    assert len(items) == len(set(items)) and len(prefixes) == len(set(prefixes))
    assert pages <= max(1, -(-(len(items) + len(prefixes)) // max_keys))
