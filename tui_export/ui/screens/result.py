"""ResultScreen: what a finished export produced, and getting it out of OSS.

- the exported objects with their sizes (listed after the task finished, never
  guessed from a naming pattern alone: docs/api.md, "Exported object names");
- `d` downloads the highlighted object: a destination prompt, then parallel
  ranged GETs with a progress bar, rate and ETA; `x`/Esc asks and cancels; a
  later `d` resumes from the checkpoint; the end says "verified (CRC-64)";
- `l` copies a presigned link (1 h) through OSC 52, and shows it whole in a
  dialog where it can be selected (signed_link.py); the screen itself keeps
  only host/path and the expiry, never the signature.

Neither changes the cloud, so both work in read-only mode. With the app's job
engine, `d` and "Download all" go through it (result_jobs.py), a location the
user typed included: they keep going when this screen closes. Without an engine
(no task store), the download runs in a thread worker owned by this screen; its
progress arrives as a coalescing message, so a burst of events repaints once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, ProgressBar, Static
from textual.widgets.data_table import CellDoesNotExist
from textual.worker import Worker, WorkerState

from tui_export.ui.screens.app_access import AppAccess
from tui_export.core.i18n import task_status
from tui_export.core.models import ExportRequest, ObjectInfo, Task
from tui_export.ui import job_signals
from tui_export.ui.clipboard import copy_text, format_expiry, link_summary
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.result_jobs import ResultJobs
from tui_export.ui.screens.download_dest import DownloadDestinationDialog
from tui_export.ui.widgets.localize import localize
from tui_export.core.units import human_bytes, human_eta, human_rate
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.row_table import RowTable

LINK_EXPIRES_S = 3600


class ObjectsListed(Message):
    def __init__(self, objects: list[ObjectInfo]) -> None:
        super().__init__()
        self.objects = objects


class DownloadProgressed(Message):
    """One progress event of the download thread; a newer one replaces an unhandled older one."""

    def __init__(self, key: str, progress) -> None:
        super().__init__()
        self.key = key
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DownloadProgressed) and message.key == self.key


class DownloadFinished(Message):
    def __init__(self, key: str, result) -> None:
        super().__init__()
        self.key = key
        self.result = result


class LinkSigned(Message):
    def __init__(self, key: str, url: str, expires: int) -> None:
        super().__init__()
        self.key = key
        self.url = url
        self.expires = expires


def shown_path(path) -> str:
    """A local path for the screen, with the home directory as "~"."""
    from tui_export.cloud.paths import display_path

    return display_path(path)


def request_for(task: Task, request: ExportRequest | None) -> ExportRequest:
    """The request behind `task`; rebuilt from the task when the caller has none."""
    if request is not None:
        return request
    return ExportRequest(region_id=task.region_id, image_id=task.resource_id, bucket=task.oss_bucket,
                         image_format=task.image_format or "raw")


class ResultScreen(ResultJobs, AppAccess, Screen):
    AUTO_FOCUS = ""       # the table takes the focus once listed (it can't while loading)

    BINDINGS = [
        Binding("d", "download", "Download", id="result.download",
                tooltip="Download the highlighted object (resumes an interrupted download)."),
        Binding("a", "download_all", "Download all", id="result.download_all",
                tooltip="Download every exported object, one after the other, into one directory."),
        Binding("l", "copy_link", "Copy link", id="result.copy_link",
                tooltip="Copy a signed link (valid 1 hour) to the clipboard (OSC 52)."),
        Binding("x", "cancel_download", "Stop download", id="result.cancel_download",
                tooltip="Stop the download; a later Download resumes it."),
        Binding("r", "reload_objects", "Reload", id="result.reload", tooltip="List the exported objects again."),
        # not in the footer (80 columns hold the others, not this one too): the help lists it
        Binding("v", "verify_again", "Verify again", id="result.verify_again", show=False,
                tooltip="Check the local copy of the highlighted object against OSS again (CRC-64)."),
        Binding("c", "cleanup", "Clean up OSS", id="result.cleanup", show=False,
                tooltip="Delete the exported objects from OSS after a verified download."),
        Binding("escape", "leave_result", "Back", id="result.back",
                tooltip="Back to the tasks (asks first while a download runs)."),
    ]

    def __init__(self, task: Task, request: ExportRequest | None = None, *,
                 download_dir: str | None = None, asked: bool = False) -> None:
        super().__init__()
        self.asked = asked                    # bucket and prefix came from the user, not the cloud
        self.export_task = task
        self.export_request = request_for(task, request)
        self.download_dir = download_dir      # the prompt's default; None = the current directory
        self.objects: dict[str, ObjectInfo] = {}
        self._job = None                      # the DownloadJob in flight
        self.job_key: str | None = None
        self.last_dir: str | None = None
        self.queue: list[ObjectInfo] = []     # objects still to download after this one ("a")
        self._resume_said = False
        localize(self)

    # --- helpers ---------------------------------------------------------------

    @property
    def job(self):
        return self._job

    @job.setter
    def job(self, job) -> None:
        self._job = job
        self.refresh_bindings()    # the footer offers "stop" only while a download runs

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Keep the footer short at 80 columns: only the keys that make sense now."""
        downloading = self._job is not None or self.engine_downloading()
        if action == "cancel_download":
            return self._job is not None   # an engine download goes on when the screen closes
        if action in ("download", "download_all", "reload_objects"):
            return not downloading
        return True

    def _line(self, selector: str, text: str, *classes: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(Content(text))
        widget.set_classes(" ".join(classes))
        widget.display = bool(text)

    # --- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        task, req = self.export_task, self.export_request
        fmt = (task.image_format or req.image_format or "raw").upper()
        with Vertical(id="rs-main"):
            status = task_status(task.status, self.lang)
            yield Static(Content(self._t("export_result.title", task_id=task.task_id, status=status)),
                         id="rs-title")
            yield Static(Content(self._t("export_result.subtitle", image_id=req.image_id, bucket=req.bucket,
                                         region=req.region_id, format=fmt)), id="rs-subtitle")
            table = RowTable(id="rs-objects", cursor_type="row", zebra_stripes=True)
            table.loading = True
            yield table
            with Vertical(id="rs-download"):
                yield Static("", id="rs-dl-status")
                yield ProgressBar(total=100, show_eta=False, id="rs-progress")
                yield Static("", id="rs-dl-detail")
                yield Static("", id="rs-dl-result")
                yield Static("", id="rs-dl-warning")
            yield Static("", id="rs-link")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#rs-objects", DataTable)
        table.add_column(self._t("export_result.col_object"), key="key")
        table.add_column(self._t("export_result.col_size"), key="size")
        # A fixed width that fits every state, so the table doesn't jump as a download moves on.
        states = [self._t("export_result.col_local"), self._t("export_result.local_downloading"),
                  self._t("export_result.local_verified"), self._t("export_result.local_unverified"),
                  self._t("export_result.local_partial", done=human_bytes(1023.9 * 1024 ** 2))]
        table.add_column(self._t("export_result.col_local"), key="local", width=max(map(cell_len, states)))
        for selector in ("#rs-dl-status", "#rs-dl-detail", "#rs-dl-result", "#rs-dl-warning", "#rs-link"):
            self.query_one(selector).display = False
        self.query_one("#rs-progress").display = False
        self.list_objects()

    # --- listing -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="rs-list", name="list")
    def list_objects(self) -> None:
        self.post_message(ObjectsListed(list(self.session.exported_objects(self.export_task, self.export_request))))

    def on_objects_listed(self, message: ObjectsListed) -> None:
        table = self.query_one("#rs-objects", DataTable)
        table.loading = False
        table.clear()
        self.objects = {o.key: o for o in message.objects}
        for o in message.objects:
            # Text(...): object keys come from the cloud, never parsed as markup
            # (a str cell would be); right-aligned sizes line up.
            table.add_row(Text(o.key), Text(human_bytes(o.size), justify="right"), Text(""), key=o.key)
        if not message.objects and self.asked:   # perhaps a wrong guess: say what was looked for
            from tui_export.core.rules import export_object_prefix

            req = self.export_request
            self._line("#rs-dl-status", self._t("export_result.no_objects_asked", bucket=req.bucket,
                                                head=export_object_prefix(req.image_id, req.prefix)), "-warning")
        elif not message.objects:
            self._line("#rs-dl-status", self._t("export_result.no_objects"), "-warning")
        if self.focused is None:
            table.focus()     # it could not take the focus while loading

    def action_reload_objects(self) -> None:
        if self.job is not None:
            return
        self.query_one("#rs-objects", DataTable).loading = True
        self.list_objects()

    def _highlighted(self) -> ObjectInfo | None:
        table = self.query_one("#rs-objects", DataTable)
        if not self.objects or table.row_count == 0:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        except CellDoesNotExist:
            return None
        return self.objects.get(row_key.value)

    # --- download -----------------------------------------------------------------------

    def action_download(self) -> None:
        if self.job is not None or self.engine_downloading():
            self.notify(self._t("export_result.busy"), markup=False)
            return
        obj = self._highlighted()
        if obj is None:
            self.app.bell()
            return
        if self._uses_engine():   # keeps going when this screen closes; resumes after a relaunch
            self.engine_download_one(obj)
            return
        default = self.last_dir or self.download_dir or os.getcwd()
        self.app.push_screen(DownloadDestinationDialog(self._file_name(obj), default),
                             lambda directory: self._destination_chosen(obj, directory))

    def action_download_all(self) -> None:
        if self.job is not None or self.engine_downloading():
            self.notify(self._t("export_result.busy"), markup=False)
            return
        if self._uses_engine():   # keeps going when this screen closes; resumes after a relaunch
            self.engine_download_all()
            return
        objects = list(self.objects.values())
        if not objects:
            self.app.bell()
            return
        default = self.last_dir or self.download_dir or os.getcwd()
        self.app.push_screen(
            DownloadDestinationDialog(self._t("export_result.all_files", count=len(objects)), default,
                                      many=True),
            lambda directory: self._all_chosen(objects, directory))

    def _all_chosen(self, objects: list[ObjectInfo], directory: str | None) -> None:
        if not directory:
            return
        self.last_dir = directory
        job_signals.remember_folder(self.app, directory)
        self.queue = list(objects[1:])
        self._start_download(objects[0], Path(directory) / self._file_name(objects[0]), overwrite=False)

    def _next_in_queue(self) -> None:
        """Start the next object of a "download all", if any is left."""
        if self.queue and self.job is None and self.last_dir:
            obj = self.queue.pop(0)
            self._start_download(obj, Path(self.last_dir) / self._file_name(obj), overwrite=False)

    @staticmethod
    def _file_name(obj: ObjectInfo) -> str:
        return obj.key.rsplit("/", 1)[-1] or "download"

    def _destination_chosen(self, obj: ObjectInfo, directory: str | None, *, overwrite: bool = False) -> None:
        if not directory:
            return
        self.last_dir = directory
        job_signals.remember_folder(self.app, directory)
        self._start_download(obj, Path(directory) / self._file_name(obj), overwrite=overwrite)

    def _start_download(self, obj: ObjectInfo, dest: Path, *, overwrite: bool) -> None:
        from tui_export.cloud.download import DownloadJob, crc_accelerated

        state_dir = self.host.state_dir
        if state_dir is None:
            from tui_export.cloud.paths import state_dir as default_state_dir
            state_dir = default_state_dir(create=True)
        key = obj.key
        bucket = self.session.oss_bucket(obj.bucket or self.export_request.bucket, self.export_request.region_id)
        self.job = DownloadJob(
            bucket, key, dest, state_dir=Path(state_dir) / "downloads", overwrite=overwrite,
            # The engine already throttles events (4/s); posting a replaceable message
            # never blocks its thread and never floods the UI.
            on_progress=lambda p: self.post_message(DownloadProgressed(key, p)),
        )
        self.job_key = key
        self._resume_said = False
        self.query_one("#rs-progress", ProgressBar).update(total=max(obj.size, 1), progress=0)
        self.query_one("#rs-progress").display = True
        text = self._t("export_result.downloading", dest=shown_path(dest))
        if self.queue:
            text = self._t("export_result.queue_left", count=len(self.queue)) + " " + text
        self._line("#rs-dl-status", text)
        self._line("#rs-dl-detail", "")
        self._line("#rs-dl-result", "")
        self._line("#rs-dl-warning", "" if crc_accelerated() else self._t("export_result.crc_slow"), "-warning")
        self._set_cell(key, self._t("export_result.local_downloading"))
        self.run_download(self.job, obj, dest)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rs-download", name="download")
    def run_download(self, job, obj: ObjectInfo, dest: Path) -> None:
        self.post_message(DownloadFinished(obj.key, job.run()))

    def on_download_progressed(self, message: DownloadProgressed) -> None:
        if message.key != self.job_key:
            return
        p = message.progress
        bar = self.query_one("#rs-progress", ProgressBar)
        bar.update(total=max(p.total, 1), progress=p.bytes_done)
        if p.resumed_bytes and not self._resume_said and p.state == "downloading":
            self._resume_said = True
            self._line("#rs-dl-status", self._t("export_result.resuming", done=human_bytes(p.resumed_bytes),
                                                total=human_bytes(p.total)))
        if p.state == "checking":
            detail = self._t("export_result.checking_local", done=human_bytes(p.bytes_done),
                             total=human_bytes(p.total))
        elif p.state == "verifying":
            detail = self._t("export_result.verifying")
        else:
            detail = self._t("export_result.progress", done=human_bytes(p.bytes_done), total=human_bytes(p.total),
                             rate=human_rate(p.rate) if p.rate else "—", eta=human_eta(p.eta))
        self._line("#rs-dl-detail", detail)

    def on_download_finished(self, message: DownloadFinished) -> None:
        result = message.result
        self.job = None
        self.job_key = None
        bar = self.query_one("#rs-progress", ProgressBar)
        bar.update(total=max(result.size, 1), progress=max(result.size, 1))
        key = "export_result.already_present" if result.already_present else "export_result.done"
        self._line("#rs-dl-status", self._t(key, path=shown_path(result.path), size=human_bytes(result.size)))
        self._line("#rs-dl-detail", "")
        if result.verified:
            self._line("#rs-dl-result", self._t("export_result.verified"), "-ok")
            self._set_cell(message.key, self._t("export_result.local_verified"))
            if not self.queue:   # the last file: the job is done
                from tui_export.ui import job_signals

                job_signals.job_ended(self.app, self._t("alert.download_done", task=self.export_task.task_id))
        else:
            self._line("#rs-dl-result", self._t("export_result.not_verified"), "-warning")
            self._set_cell(message.key, self._t("export_result.local_unverified"))
        self._next_in_queue()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        worker, exc = event.worker, event.worker.error
        if worker.name == "list":
            self.query_one("#rs-objects", DataTable).loading = False
            self._line("#rs-dl-status", self._t("export_result.list_failed"), "-error")
            self._show_error(exc)
        elif worker.name == "download":
            self._download_failed(exc)
        elif worker.name == "presign":
            self._show_error(exc)

    def _download_failed(self, exc: BaseException) -> None:
        job, key = self.job, self.job_key
        self.job = None
        self.job_key = None
        code = getattr(exc, "code", "")
        obj = self.objects.get(key or "")
        if code == "DestinationExists" and obj is not None and job is not None and not job.overwrite \
                and not job.dest.is_dir():
            # A different file of that name is there: ask, never clobber silently.
            self._line("#rs-dl-status", "")
            self.query_one("#rs-progress").display = False
            self._set_cell(key, "")
            dest = job.dest
            self.app.push_screen(
                ConfirmDialog(self._t("export_result.overwrite_title"),
                              self._t("export_result.overwrite_body", path=shown_path(dest)),
                              self._t("export_result.overwrite_confirm"), danger=True),
                lambda yes: self._overwrite_answered(obj, dest, yes),
            )
            return
        self.queue = []    # a failure or a cancel stops a "download all" too
        done = self.query_one("#rs-progress", ProgressBar).progress or 0
        if code == "Cancelled":
            self._line("#rs-dl-status", self._t("export_result.cancelled", done=human_bytes(done)), "-warning")
            self._set_cell(key, self._t("export_result.local_partial", done=human_bytes(done)))
        else:
            self._line("#rs-dl-status", self._t("export_result.failed", code=code or type(exc).__name__,
                                                done=human_bytes(done)), "-error")
            self._set_cell(key, self._t("export_result.local_partial", done=human_bytes(done)))
            self._show_error(exc)
        self._line("#rs-dl-detail", "")

    def _overwrite_answered(self, obj: ObjectInfo, dest: Path, yes: bool | None) -> None:
        if yes:
            self._start_download(obj, dest, overwrite=True)
            return
        self._line("#rs-dl-status", self._t("export_result.overwrite_declined", path=shown_path(dest)))
        self._next_in_queue()    # "download all" goes on with the next file

    def _set_cell(self, key: str | None, text: str) -> None:
        if not key:
            return
        try:
            self.query_one("#rs-objects", DataTable).update_cell(key, "local", Text(text))
        except CellDoesNotExist:  # the row went away (a reload): nothing to mark
            pass

    def action_cancel_download(self) -> None:
        if self.job is None:
            return
        self.app.push_screen(
            ConfirmDialog(self._t("export_result.cancel_title"), self._t("export_result.cancel_body"),
                          self._t("export_result.cancel_confirm"),
                          cancel_label=self._t("export_result.cancel_keep")),
            self._cancel_confirmed,
        )

    def _cancel_confirmed(self, yes: bool | None) -> None:
        if yes and self.job is not None:
            self._line("#rs-dl-detail", self._t("export_result.stopping"))
            self.job.cancel()

    def action_leave_result(self) -> None:
        if self.leave_while_engine_downloads():
            return
        if self.job is not None:
            self.action_cancel_download()
            return
        self.app.pop_screen()

    # --- copy link ------------------------------------------------------------------------

    def action_copy_link(self) -> None:
        obj = self._highlighted()
        if obj is None:
            self.app.bell()
            return
        self.presign(obj)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rs-presign", name="presign")
    def presign(self, obj: ObjectInfo) -> None:
        url, expires = self.session.presign(obj.bucket or self.export_request.bucket, obj.key, LINK_EXPIRES_S)
        self.post_message(LinkSigned(obj.key, url, int(expires)))

    def on_link_signed(self, message: LinkSigned) -> None:
        copy_text(self.app, message.url)
        # Only host and path on this screen: the query string is the credential.
        self._line("#rs-link", "\n".join([
            self._t("export_result.link_copied", where=link_summary(message.url),
                    expires=self._expiry_text(message.expires)),
            # OSC 52 is fire-and-forget: we can't know whether the terminal accepted it.
            self._t("export_result.link_osc52_hint"),
        ]), "-ok")
        # So the whole link is readable (and selectable) where OSC 52 never arrives.
        from tui_export.cloud.log_file import log_file_path
        from tui_export.ui.screens.signed_link import SignedLinkDialog

        state_dir = self.host.state_dir
        log_path = shown_path(log_file_path(state_dir)) if state_dir else None
        self.app.push_screen(SignedLinkDialog(message.url, message.expires, log_path=log_path, lang=self.lang))

    def _expiry_text(self, expires: int) -> str:
        return format_expiry(expires)
