"""Keep the objects alive once the regions are counted out of Python's full collections.

What exists then lives for the whole run: the app and its widgets, every region's images
in the cache and their prepared rows, the embedded demo cloud. A full (generation 2)
collection scans all of them each time it runs; with thousands of images that stopped the
app for tenths of a second, often right as a region opened or a filter key landed
(benchmarks/bench_images.py counts the pauses; its --gc-freeze run showed the open time
nearly halved). `gc.freeze()` moves them to a generation no collection scans. Done once
per run: what is made later (a refresh, other screens) is collected as usual.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_once() -> None:
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
