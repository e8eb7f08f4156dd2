"""ResultScreen: what a finished export produced, and getting it out of OSS.

- the exported objects with their sizes (listed after the task finished, never
  guessed from a naming pattern alone: docs/api.md, "Exported object names");
- `d` downloads the highlighted object, `a` all of them, through the app's job engine
  (result_jobs.py): a folder and format prompt, parallel ranged GETs with a progress bar,
  rate and ETA, "verified (CRC-64)" at the end; they keep going when this screen closes;
  `x` asks and stops one, a later `d` resumes from the checkpoint;
- `l` copies a presigned link (1 h) through OSC 52, and shows it whole in a
  dialog where it can be selected (signed_link.py); the screen itself keeps
  only host/path and the expiry, never the signature.

Neither changes the cloud, so both work in read-only mode. There is one download
path: the engine is always there (its task store in memory when the folder refused it).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import work
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
from tui_export.ui.clipboard import copy_text, format_expiry, link_summary
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.result_jobs import ResultJobs
from tui_export.ui.widgets.localize import localize
from tui_export.core.units import human_bytes
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.row_table import RowTable

LINK_EXPIRES_S = 3600


class ObjectsListed(Message):
    def __init__(self, objects: list[ObjectInfo]) -> None:
        super().__init__()
        self.objects = objects


class LinkSigned(Message):
    def __init__(self, key: str, url: str, expires: int) -> None:
        super().__init__()
        self.key = key
        self.url = url
        self.expires = expires


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
                tooltip="Back to the tasks (a download goes on; j shows it)."),
    ]

    def __init__(self, task: Task, request: ExportRequest | None = None, *,
                 download_dir: str | None = None, asked: bool = False) -> None:
        super().__init__()
        self.asked = asked                    # bucket and prefix came from the user, not the cloud
        self.export_task = task
        self.export_request = request_for(task, request)
        self.download_dir = download_dir      # the prompt's default; None = the current directory
        self.objects: dict[str, ObjectInfo] = {}
        self.last_dir: str | None = None
        localize(self)

    # --- helpers ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Keep the footer short at 80 columns: only the keys that make sense now."""
        downloading = self.engine_downloading()
        if action == "cancel_download":
            return downloading
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
        if self.engine_downloading():
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
        if self.engine_downloading():
            self.notify(self._t("export_result.busy"), markup=False)
            return
        obj = self._highlighted()
        if obj is None:
            self.app.bell()
            return
        self.engine_download_one(obj)

    def action_download_all(self) -> None:
        if self.engine_downloading():
            self.notify(self._t("export_result.busy"), markup=False)
            return
        self.engine_download_all()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        worker, exc = event.worker, event.worker.error
        if worker.name == "list":
            self.query_one("#rs-objects", DataTable).loading = False
            self._line("#rs-dl-status", self._t("export_result.list_failed"), "-error")
            self._show_error(exc)
        elif worker.name == "presign":
            self._show_error(exc)

    def _set_cell(self, key: str | None, text: str) -> None:
        if not key:
            return
        try:
            self.query_one("#rs-objects", DataTable).update_cell(key, "local", Text(text))
        except CellDoesNotExist:  # the row went away (a reload): nothing to mark
            pass

    _stop_question: ConfirmDialog | None = None   # "Stop the download?" while it is open

    def action_cancel_download(self) -> None:
        if not self.engine_downloading():
            return
        self._stop_question = ConfirmDialog(self._t("export_result.cancel_title"), self._t("export_result.cancel_body"),
                                            self._t("export_result.cancel_confirm"),
                                            cancel_label=self._t("export_result.cancel_keep"))
        self.app.push_screen(self._stop_question, self._cancel_confirmed)

    def close_stop_question(self) -> None:
        """The download ended while "Stop the download?" was open: the question is moot, so it
        goes (it stayed behind the clean-up offer once, asking to stop a verified download)."""
        question, self._stop_question = self._stop_question, None
        if question is not None and question is self.app.screen:
            question.dismiss(None)

    def _cancel_confirmed(self, yes: bool | None) -> None:
        self._stop_question = None
        job = self.engine_job
        if yes and job is not None and self.engine_downloading():
            self._line("#rs-dl-detail", self._t("export_result.stopping"))
            self.app.engine_call(self.host.engine.cancel, job.job_id)   # the checkpoint stays: `d` resumes

    def action_leave_result(self) -> None:
        if self.leave_while_engine_downloads():
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
        from tui_export.cloud.paths import display_path
        from tui_export.ui.screens.signed_link import SignedLinkDialog

        state_dir = self.host.state_dir
        log_path = display_path(log_file_path(state_dir)) if state_dir else None
        self.app.push_screen(SignedLinkDialog(message.url, message.expires, log_path=log_path, lang=self.lang))

    def _expiry_text(self, expires: int) -> str:
        return format_expiry(expires)
