"""`tui-export regions [--json]`: every region with its export support, formats and counts
(images and buckets fetched concurrently, as on the Regions screen: cloud/region_counts.py)."""

from __future__ import annotations

import threading

from tui_export.headless.common import emit_json, open_context, parse, parser


def run(argv: list[str]) -> int:
    args = parse(parser("regions", "List regions: export support, formats, custom image and bucket counts."), argv)
    ctx = open_context(args)
    try:
        return _regions(ctx)
    finally:
        ctx.close()


def _regions(ctx) -> int:
    from tui_export.cloud.region_counts import CountSink, count_regions
    from tui_export.core import rules

    lock = threading.Lock()
    listed: list = []
    images: dict[str, int] = {}
    buckets: dict[str, int] = {}
    trouble: list[BaseException] = []

    def got_images(region_id, found):
        with lock:
            images[region_id] = sum(1 for i in found if i.owner_alias == "self")

    sink = CountSink(regions=lambda r: listed.extend(r), images=got_images,
                     images_failed=lambda rid, exc: trouble.append(exc),
                     buckets=lambda counts: buckets.update(counts), buckets_failed=lambda exc: trouble.append(exc))
    count_regions(ctx.session, ctx.lang, sink)
    rows = [{"region_id": r.region_id, "name": r.local_name,
             "export_supported": not rules.region_export_unconfirmed(r.region_id),
             "formats": list(rules.formats_for_region(r.region_id)),
             "image_count": images.get(r.region_id), "bucket_count": buckets.get(r.region_id, 0)}
            for r in listed]
    if ctx.args.json:
        emit_json({"regions": rows})
    else:
        for row in rows:
            print(f"{row['region_id']:<22} {row['name']:<28} export={'yes' if row['export_supported'] else 'no':<3} "
                  f"images={row['image_count'] if row['image_count'] is not None else '?':<5} "
                  f"buckets={row['bucket_count']:<4} formats={','.join(row['formats'])}")
    return 0
