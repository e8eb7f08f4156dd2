"""Conversion alongside a download (issue #11): for each object, a thread converts the archive
as its verified start grows (convert/growing.py); when the download is verified, the output is
renamed into place if it was made from exactly the verified bytes (else converted again from the
archive); the archive is removed unless kept; a manifest is written beside the files.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("tui_export.jobs")


@dataclass(frozen=True)
class ConvertPlan:
    format: str = "archive"      # convert.FORMATS
    keep_archive: bool = False


class ObjectConversion:
    """One object's conversion thread, started before its download runs."""

    def __init__(self, plan: ConvertPlan, dl, size: int) -> None:
        from tui_export.convert.formats import output_name
        from tui_export.convert.growing import GrowingFile

        self.plan = plan
        self.final = dl.dest.with_name(output_name(dl.dest.name, plan.format))
        self.part = self.final.with_name(self.final.name + ".part")
        self._stop = threading.Event()
        self._src = GrowingFile(dl.temp, dl.dest, dl.checkpoint_path, size, self._stop)
        self.result = None
        self.error: BaseException | None = None
        # why the disk was made again from the finished archive (None: the one made while
        # downloading was kept); journaled, so a streaming path that silently never holds shows
        self.redone: str | None = None
        self._thread = threading.Thread(target=self._run, name=f"convert-{dl.dest.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from tui_export.convert.engine import convert_stream
        try:
            self.result = convert_stream(self._src, self.part, self.plan.format)
        except BaseException as exc:   # noqa: BLE001 - said by finish()
            self.error = exc
        finally:
            self._src.close()

    def abort(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self.part.unlink(missing_ok=True)

    def finish(self, download) -> object:
        """After a verified download: the Converted (its file in place), or raises ConvertError."""
        import os

        from tui_export.convert.engine import convert_stream

        self._thread.join()
        if self.error is None and self._src.crc64 == download.crc64:
            os.replace(self.part, self.final)
            self.result.path = self.final
            return self.result
        if self.error is not None and getattr(self.error, "code", "") in ("NoDisk", "NotAnArchive"):
            self.part.unlink(missing_ok=True)
            raise self.error
        self.redone = getattr(self.error, "code", "") or "CRC-64 of the bytes read differs from the object's"
        log.info("conversion of %s redone from the verified archive (%s)", download.path, self.redone)
        with open(download.path, "rb") as src:
            result = convert_stream(src, self.part, self.plan.format)
        os.replace(self.part, self.final)
        result.path = self.final
        return result


def start(plan: ConvertPlan | None, dl, size: int) -> ObjectConversion | None:
    if plan is None or plan.format == "archive":
        return None
    return ObjectConversion(plan, dl, size)


def write_manifest(job, infos, results: dict, folder: Path, plan: ConvertPlan | None) -> Path | None:
    """The manifest beside the files; `results` maps key -> (DownloadResult, Converted | None)."""
    from tui_export.convert import manifest

    rows = []
    for info in infos:
        got = results.get(info.key)
        if got is None:
            continue
        download, converted = got
        kept = download.path.exists()
        rows.append(manifest.object_entry(
            key=info.key, size=info.size, etag=info.etag, crc64_oss=info.crc64, crc64_local=str(download.crc64),
            file=download.path.name if kept else None, converted=converted))
    if not rows:
        return None
    return manifest.write(folder, image_id=job.image_id, region_id=job.region_id, task_id=job.task_id,
                          bucket=job.bucket, prefix=job.prefix or "", objects=rows)
