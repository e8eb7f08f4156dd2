"""The result screen's side of the job engine, the app's one download path: "Download all" and
`d` (the highlighted object) go through the engine, so they keep running when the screen closes
and resume after a relaunch; its progress comes back through `job_changed`. `x` stops a download
after a question ("Keep downloading" focused) and says where it stopped (a later `d` resumes it);
a different file of the same name in the folder is replaced only after a question ("Cancel"
focused). Also: the folder offered first is the one this task used last (remembered per task)
or the default set in the settings; a folder that doesn't exist is created after a confirmation
("Cancel" focused); `v` verifies a local copy again (CRC-64 against OSS); after a verified
download the exported objects may be deleted from OSS (their size said; refused in --read-only;
"Keep them" focused).
"""

from __future__ import annotations

import os
from pathlib import Path

from textual import work

from tui_export.cloud.paths import display_path
from tui_export.core.disk_text import disk_line
from tui_export.core.units import human_bytes, human_eta, human_rate
from tui_export.jobs.downloads import local_name
from tui_export.ui import job_signals
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.download_dest import DownloadDestinationDialog


# the widgets a job's news updates: all there, or none of it is shown
_PARTS = "#rs-objects, #rs-progress, #rs-dl-status, #rs-dl-detail, #rs-dl-result, #rs-dl-warning"


class ResultJobs:
    """Mixin for ResultScreen."""

    engine_job = None          # the engine's job of this task, as last reported
    _cleanup_offered = False
    _choice = None             # the folder (and format) of the last download asked here: a replace reuses it

    def default_folder(self) -> str:
        remembered = self.host.job_folder(self.export_task.task_id)
        return remembered or self.last_dir or self.download_dir or os.getcwd()

    # --- download all through the engine ---------------------------------------------------

    def engine_download_all(self) -> None:
        objects = list(self.objects.values())
        if not objects:
            self.app.bell()
            return
        self.app.push_screen(
            DownloadDestinationDialog(self._t("export_result.all_files", count=len(objects)), self.default_folder(),
                                      many=True, allow_missing=True, formats=True),
            self._engine_folder_chosen)

    def engine_download_one(self, obj) -> None:
        """`d`: the highlighted object only, through the engine like "Download all"."""
        self.app.push_screen(
            DownloadDestinationDialog(local_name(obj.key), self.default_folder(), allow_missing=True, formats=True),
            lambda folder: self._engine_folder_chosen(folder, keys=[obj.key]))

    def _engine_folder_chosen(self, folder: str | None, keys: list[str] | None = None) -> None:
        if not folder:
            return
        if os.path.isdir(folder):
            self._engine_start(folder, keys)
            return
        self.app.push_screen(
            ConfirmDialog(self._t("download_dest.create_title"), self._t("download_dest.create_body", path=folder),
                          self._t("download_dest.create_confirm")),
            lambda yes: self._create_and_start(folder, keys) if yes else None)

    def _create_and_start(self, folder: str, keys: list[str] | None = None) -> None:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            self._show_error(exc)
            return
        self._engine_start(folder, keys)

    def _engine_start(self, folder: str, keys: list[str] | None = None) -> None:
        from tui_export.cloud.download import crc_accelerated

        self.last_dir = folder
        self._choice = (folder, keys)
        job_signals.remember_folder(self.app, folder)
        self._cleanup_offered = False
        self._line("#rs-dl-status", self._t("export_result.downloading", dest=folder))
        self._line("#rs-dl-result", "")
        self._line("#rs-dl-warning", "" if crc_accelerated() else self._t("export_result.crc_slow"), "-warning")
        # a location the user typed goes to the engine too: it journals it with the job, so the
        # download outlives this screen and resumes from the same place after a relaunch
        self.app.download_through_engine(self.export_task, folder, convert=getattr(folder, "convert", "archive"),
                                         keys=keys, located=self.export_request if self.asked else None)

    def engine_downloading(self) -> bool:
        job = self.engine_job
        return job is not None and job.stage.value == "downloading"

    def job_changed(self, job) -> None:
        if job.task_id != self.export_task.task_id or len(self.query(_PARTS)) < _PARTS.count("#"):
            return   # another task's, or this screen is not composed (or is taken apart: the app exits)
        before, self.engine_job = self.engine_job, job
        ended_now = job.finished and before is not None and not before.finished   # seen running, over now
        stage = job.stage.value
        if stage != "downloading":
            self.close_stop_question()
        bar = self.query_one("#rs-progress")
        for obj in job.objects:
            if obj.verified:
                self._set_cell(obj.key, self._t("export_result.local_verified"))
            elif stage == "downloading":
                self._set_cell(obj.key, self._t("export_result.local_downloading"))
            elif obj.bytes_done:
                self._set_cell(obj.key, self._t("export_result.local_partial", done=human_bytes(obj.bytes_done)))
        if stage == "downloading":
            bar.display = True
            bar.update(total=max(job.bytes_total, 1), progress=job.bytes_done)
            self._line("#rs-dl-detail", self._t("export_result.progress", done=human_bytes(job.bytes_done),
                                                total=human_bytes(job.bytes_total),
                                                rate=human_rate(job.rate) if job.rate else "—",
                                                eta=human_eta(job.eta)))
        elif job.finished and job.download_dir:
            self._line("#rs-dl-detail", self._disks_of(job))
            if job.verified:
                bar.update(total=max(job.bytes_total, 1), progress=max(job.bytes_total, 1))
                if job.download_keys and len(job.objects) == 1:   # `d`: one file, named
                    self._line("#rs-dl-status", self._t("export_result.done", path=job.objects[0].path,
                                                        size=human_bytes(job.bytes_total)))
                else:
                    self._line("#rs-dl-status", self._t("export_result.done_all", path=job.download_dir,
                                                        size=human_bytes(job.bytes_total)))
                self._line("#rs-dl-result", self._t("export_result.verified"), "-ok")
                self._offer_cleanup(job)
            elif job.error is not None and job.error.code == "DestinationExists" and ended_now \
                    and self._ask_overwrite(job):
                pass
            elif job.error is not None:
                what, _ = job.error.explain(self.lang)
                self._line("#rs-dl-status", self._t("jobs.detail_error", what=what, code=job.error.code), "-error")
            elif stage == "cancelled":
                self._line("#rs-dl-status", self._t("export_result.cancelled", done=human_bytes(job.bytes_done)),
                           "-warning")
        self.refresh_bindings()

    # --- a different file of the same name --------------------------------------------------

    def _ask_overwrite(self, job) -> bool:
        """The engine never replaces a file it didn't write: ask, and only on "Replace it"
        remove that file and download again (the objects already verified are kept). False
        (the error is shown as it is) for a folder in the way, or a download not asked here."""
        blocked = next((o for o in job.objects if not o.verified), None)
        if blocked is None or self._choice is None:
            return False
        dest = Path(job.download_dir) / local_name(blocked.key)
        if dest.is_dir():
            return False
        self._line("#rs-dl-status", "")
        self.query_one("#rs-progress").display = False
        self._set_cell(blocked.key, "")
        self.app.push_screen(
            ConfirmDialog(self._t("export_result.overwrite_title"),
                          self._t("export_result.overwrite_body", path=display_path(dest)),
                          self._t("export_result.overwrite_confirm"), danger=True),
            lambda yes: self._overwrite_answered(dest, yes))
        return True

    def _overwrite_answered(self, dest: Path, yes: bool | None) -> None:
        if not yes:
            self._line("#rs-dl-status", self._t("export_result.overwrite_declined", path=display_path(dest)))
            return
        try:
            dest.unlink(missing_ok=True)
        except OSError as exc:
            self._show_error(exc)
            return
        self._engine_start(*self._choice)

    def _disks_of(self, job) -> str:
        """What each converted disk is (its table and partitions), a line each; "" when none was read."""
        rows = [(o.converted or {}, o.disk) for o in job.objects if o.disk is not None]
        lines = [disk_line(disk, self.lang) for _, disk in rows]
        if len(rows) > 1:   # several disks: say which is which
            lines = [f"{Path(c.get('path') or '').name}: {line}" for (c, _), line in zip(rows, lines)]
        return "\n".join(lines)

    def leave_while_engine_downloads(self) -> bool:
        """Esc during an engine download: leave, it goes on (True when handled)."""
        if not self.engine_downloading():
            return False
        self.notify(self._t("jobs.download_continues"), markup=False, timeout=5)
        self.app.pop_screen()
        return True

    # --- clean up ---------------------------------------------------------------------------

    def _offer_cleanup(self, job) -> None:
        if self._cleanup_offered or self.host.read_only or job.cleanup:
            return
        if self.objects and not all(o.key in self.objects for o in job.objects):
            return
        if job.download_keys and set(self.objects) - set(job.download_keys):
            return   # some objects are not local yet (a `d` of one of them): deleting is not offered
        self._cleanup_offered = True
        self.action_cleanup()

    def action_cleanup(self) -> None:
        job = self.engine_job
        if job is None or not job.verified:
            self.notify(self._t("cleanup.not_verified"), markup=False, severity="warning", timeout=6)
            return
        if self._read_only_refused("cleanup"):
            return
        size = sum(o.size for o in job.objects)
        self.app.push_screen(
            ConfirmDialog(self._t("cleanup.title"),
                          self._t("cleanup.body", count=len(job.objects), size=human_bytes(size), bucket=job.bucket,
                                  folder=job.download_dir),
                          self._t("cleanup.confirm"), cancel_label=self._t("cleanup.keep"), danger=True),
            lambda yes: self._cleanup_confirmed(job, yes))

    def _cleanup_confirmed(self, job, yes: bool | None) -> None:
        if yes:
            self.app.engine_call(self.app.engine.cleanup, job.task_id)
            self._line("#rs-link", self._t("cleanup.started"))

    # --- verify again -------------------------------------------------------------------------

    def local_copy(self, key: str) -> Path | None:
        engine = self.host.engine
        job = self.engine_job or (engine.job(self.export_task.task_id) if engine is not None else None)
        if job is not None:
            for obj in job.objects:
                if obj.key == key and obj.path:
                    return Path(obj.path)
        name = key.rsplit("/", 1)[-1]
        for folder in (self.last_dir, self.default_folder()):
            if folder and (Path(folder) / name).is_file():
                return Path(folder) / name
        return None

    def action_verify_again(self) -> None:
        obj = self._highlighted()
        if obj is None:
            self.app.bell()
            return
        path = self.local_copy(obj.key)
        if path is None or not path.is_file():
            self.notify(self._t("verify.no_copy", name=obj.key), markup=False, severity="warning", timeout=6)
            return
        self._line("#rs-dl-result", self._t("verify.checking", path=str(path)))
        self.verify_file(obj, path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rs-verify", name="verify")
    def verify_file(self, obj, path: Path) -> None:
        from tui_export.cloud.crc_check import crc64_of_file

        local = crc64_of_file(path)
        expected = obj.crc64
        size_ok = path.stat().st_size == obj.size
        same = size_ok and expected is not None and str(local) == str(expected)
        key = "verify.ok" if same else ("verify.unknown" if expected is None and size_ok else "verify.bad")
        self.app.call_from_thread(self._verified_again, obj.key, key, str(path))

    def _verified_again(self, obj_key: str, key: str, path: str) -> None:
        self._line("#rs-dl-result", self._t(key, path=path), "-ok" if key == "verify.ok" else "-error"
                   if key == "verify.bad" else "-warning")
        if key == "verify.ok":
            self._set_cell(obj_key, self._t("export_result.local_verified"))
        elif key == "verify.bad":
            self._set_cell(obj_key, self._t("export_result.local_unverified"))
