"""`tui-export verify PATH [--json]`: re-check a download against its manifest (issue #11).

PATH is a manifest or a folder holding manifests. Local files: each archive by size and CRC-64,
each converted disk by SHA-256. OSS: each object's size, ETag and CRC-64 now, when the cloud can
be reached (--demo, endpoint flags, or credentials); an object already cleaned up is noted, not
a mismatch. Exit 0 when everything matches, 7 on any mismatch, 2 when PATH holds no manifest.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui_export.headless import exit_codes
from tui_export.headless.common import CommandFailed, emit_json, open_context, parse, parser


def run(argv: list[str]) -> int:
    from tui_export.core.i18n import t

    p = parser("verify", "Re-check downloaded files (and, when reachable, the objects in OSS) against their manifest.")
    p.add_argument("path", metavar="PATH", help="a *.manifest.json, or a folder holding manifests")
    args = parse(p, argv)
    from tui_export.convert import manifest

    paths = manifest.find(Path(args.path))
    if not paths:
        text = t("verify_cmd.no_manifest", args.lang, path=args.path)
        raise CommandFailed(exit_codes.USAGE, text, {"code": "NoManifest", "message": text, "request_id": None})
    ctx, why_not = _cloud(args)
    try:
        reports = [_verify_one(path, ctx, args.lang) for path in paths]
    finally:
        if ctx is not None:
            ctx.close()
    checks = [c for r in reports for c in r["checks"]]
    bad = [c for c in checks if not c["ok"]]
    lines = {r["path"]: r.pop("lines") for r in reports}
    # OSS reached for the session but not for an object (no network, endpoint down): the
    # local checks stand, and neither the JSON nor stderr may claim OSS was compared
    unreached = sorted({why for r in reports for why in r.pop("oss_unreached")})
    if unreached and not why_not:
        why_not = ", ".join(unreached)
    if args.json:
        emit_json({"manifests": reports, "oss_checked": ctx is not None and not unreached, "error": None})
    else:
        for path, said in lines.items():
            print(path)
            for line in said:
                print("  " + line)
    if why_not:
        print(t("verify_cmd.oss_skipped", args.lang, why=why_not), file=sys.stderr)
    summary = ("verify_cmd.summary_bad", {"bad": len(bad)}) if bad else ("verify_cmd.summary_ok", {})
    print(t(summary[0], args.lang, count=len(checks), **summary[1]), file=sys.stderr)
    return exit_codes.VERIFY_FAILED if bad else exit_codes.OK


def _cloud(args):
    """A session when the cloud can be reached, else (None, why)."""
    try:
        return open_context(args), ""
    except CommandFailed as exc:
        return None, exc.text


def _verify_one(path: Path, ctx, lang: str) -> dict:
    from tui_export.cloud.crc_check import crc64_of_file
    from tui_export.convert import manifest
    from tui_export.core.i18n import t

    lines: list[str] = []
    unreached: list[str] = []     # why an object's headers could not be read (said once, on stderr)
    try:
        doc = manifest.load(path)
    except (OSError, ValueError) as exc:
        check = manifest.Check("manifest", path.name, False, str(exc))
        lines.append(t("verify_cmd.bad_manifest", lang, path=path, why=exc))
        return {"path": str(path), "image_id": None, "ok": False, "checks": [check.to_json()], "lines": lines,
                "oss_unreached": unreached}
    checks = manifest.check_local(doc, path.parent, crc64_of_file)
    if ctx is not None:
        for obj in doc["objects"]:
            try:
                head = ctx.session.head_object(doc["bucket"], obj["key"], doc["region_id"])
            except Exception as exc:   # noqa: BLE001 - gone (cleaned up) or unreachable: noted, not a mismatch
                if getattr(exc, "code", "") in ("NoSuchKey", "NoSuchBucket"):
                    lines.append(t("verify_cmd.gone", lang, name=obj["key"]))
                else:
                    unreached.append(getattr(exc, "code", "") or type(exc).__name__)
                continue
            checks.append(manifest.check_remote(obj, head))
    for c in checks:
        key = "verify_cmd.ok" if c.ok else "verify_cmd.mismatch"
        lines.append(t(key, lang, what=c.what, name=c.name, detail=c.detail))
    return {"path": str(path), "image_id": doc.get("image_id"), "ok": all(c.ok for c in checks),
            "checks": [c.to_json() for c in checks], "lines": lines, "oss_unreached": unreached}
