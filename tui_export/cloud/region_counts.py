"""Every region with its custom images and buckets counted: the Regions screen's load.

All at once, in about one round trip: DescribeRegions, ListBuckets (it lists the
buckets of every region) and one DescribeImages per region of the built-in table
(core/regions.py) all start together. The cloud's region list decides what is shown:
a region it lists that the table lacks is asked as soon as the list arrives; an
answer for a region it doesn't list is dropped; a region whose early request failed
is asked once more, now through the endpoint the list gave it. Each answer is handed
to a callback as it arrives, so one slow region holds up no other.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Callable

from tui_export.core.regions import REGIONS

# Requests in flight at once: every region (31 public ones today) plus ListBuckets;
# only a cap against an account that lists far more regions.
MAX_IN_FLIGHT = 64


@dataclass
class CountSink:
    """Where the answers go (called from worker threads)."""
    regions: Callable[[list], None]                 # the region list (RegionInfo)
    images: Callable[[str, list], None]             # region id, its images
    images_failed: Callable[[str, BaseException], None]
    buckets: Callable[[dict[str, int]], None]       # region id -> bucket count
    buckets_failed: Callable[[BaseException], None]


def bucket_counts(buckets) -> dict[str, int]:
    counts: dict[str, int] = {}
    for b in buckets:
        counts[b.region_id] = counts.get(b.region_id, 0) + 1
    return counts


def count_regions(session, lang: str, sink: CountSink, cancelled: Callable[[], bool] = lambda: False) -> None:
    """Blocking: returns when every answer was handed over (or `cancelled()` turned true).
    A DescribeRegions failure raises; a count that fails goes to its `*_failed` callback."""
    pool = ThreadPoolExecutor(MAX_IN_FLIGHT, thread_name_prefix="regions")
    try:
        listing = pool.submit(session.regions, lang)   # first: its SDK client is built first
        buckets = pool.submit(session.buckets)
        early = {pool.submit(session.images, r.region_id): r.region_id for r in REGIONS}
        regions = listing.result()
        if cancelled():
            return
        sink.regions(regions)
        listed = {r.region_id for r in regions}
        late = {pool.submit(session.images, rid): rid for rid in listed - set(early.values())}
        pending = {**early, **late}
        while pending:
            for future in as_completed([*pending] + ([buckets] if buckets is not None else [])):
                if cancelled():
                    return
                if future is buckets:
                    buckets = None
                    try:
                        sink.buckets(bucket_counts(future.result()))
                    except Exception as exc:   # noqa: BLE001 - counts are a nicety: say so, keep going
                        sink.buckets_failed(exc)
                    continue
                region_id = pending.pop(future)
                if region_id not in listed:
                    continue                   # not one of this account's regions
                try:
                    images = future.result()
                except Exception as exc:   # noqa: BLE001
                    if future in early:        # sent before the list gave the region's endpoint
                        pending[pool.submit(session.images, region_id)] = region_id
                        early.pop(future)
                        break                  # wait on the new set
                    sink.images_failed(region_id, exc)
                    continue
                sink.images(region_id, images)
        if buckets is not None:   # every region answered before ListBuckets
            try:
                sink.buckets(bucket_counts(buckets.result()))
            except Exception as exc:   # noqa: BLE001
                sink.buckets_failed(exc)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)   # a cancelled load returns at once
