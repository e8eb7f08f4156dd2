"""Every region with its custom images and buckets counted: the Regions screen's load.

All at once: ListBuckets (it lists the buckets of every region) starts alongside
DescribeRegions, and as soon as the regions are known every region's DescribeImages
is sent, together. While DescribeRegions is in flight, the SDK clients of the regions
in the built-in table are built, so the fan-out doesn't wait for them. Each answer is
handed to a callback as it arrives, so one slow region holds up no other.
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
        buckets = pool.submit(session.buckets)
        pool.submit(session.prepare_clients, [r.region_id for r in REGIONS])
        regions = session.regions(lang)
        if cancelled():
            return
        sink.regions(regions)
        futures = {pool.submit(session.images, r.region_id): r.region_id for r in regions}
        for future in as_completed([buckets, *futures]):
            if cancelled():
                return
            if future is buckets:
                try:
                    sink.buckets(bucket_counts(future.result()))
                except Exception as exc:   # noqa: BLE001 - counts are a nicety: say so, keep going
                    sink.buckets_failed(exc)
                continue
            region_id = futures[future]
            try:
                images = future.result()
            except Exception as exc:   # noqa: BLE001
                sink.images_failed(region_id, exc)
                continue
            sink.images(region_id, images)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)   # a cancelled load returns at once
