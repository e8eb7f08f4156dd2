"""`tui-export images --region R [--json]`: the region's custom images, and why any can't be exported
(the product's rules, core/rules.py, worded from the catalogue in the user's language)."""

from __future__ import annotations

import logging

from tui_export.headless.common import emit_json, open_context, parse, parser

log = logging.getLogger(__name__)


def run(argv: list[str]) -> int:
    p = parser("images", "List a region's custom images and whether each can be exported.")
    p.add_argument("--region", required=True)
    args = parse(p, argv)
    ctx = open_context(args)
    try:
        return _images(ctx, args.region)
    finally:
        ctx.close()


def _images(ctx, region: str) -> int:
    from tui_export.core import rules
    from tui_export.core.i18n import image_status, t

    found = [i for i in ctx.session.images(region) if i.owner_alias == "self"]
    exporting = set()
    try:
        exporting = {task.resource_id for task in ctx.session.tasks(region) if task.running}
    except Exception as exc:   # noqa: BLE001 - without the task list an image being exported isn't flagged; the cloud still refuses it
        log.info("DescribeTasks in %s failed: %s", region, getattr(exc, "code", "") or type(exc).__name__)
    rows = []
    for image in found:
        blockers = rules.export_blockers(image, exporting=image.image_id in exporting)
        rows.append({"image_id": image.image_id, "name": image.name, "status": image.status,
                     "size_gib": image.total_gib if hasattr(image, "total_gib") else image.size_gib,
                     "exportable": not blockers,
                     "reasons": [t(f"blocker.{b.reason}", ctx.lang, detail=image_status(b.detail, ctx.lang)
                                   if b.reason == "not_available" else b.detail) for b in blockers]})
    if ctx.args.json:
        emit_json({"region_id": region, "images": rows})
    else:
        for row in rows:
            mark = "yes" if row["exportable"] else "no "
            print(f"{row['image_id']:<24} {mark} {row['status']:<10} {row['size_gib']:>5} GiB  {row['name']}"
                  + (f"  ({'; '.join(row['reasons'])})" if row["reasons"] else ""))
    return 0
