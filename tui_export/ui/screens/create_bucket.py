"""CreateBucketDialog: make a bucket in the image's region, from the export form.

The name is checked as it is typed (core.rules.validate_bucket_name); the region
is fixed (an export can only use a bucket in the image's region). PutBucket runs
in a worker; a refusal (name taken, no permission) stays in the dialog so the
user can pick another name. Read-only mode refuses before anything is sent.

BucketAlreadyExists says only that the name is taken (OSS answers it for our own buckets
too): ListBuckets tells whose. Ours in this region: the dialog closes with it (`existing`)
and the form selects it; ours elsewhere: the region is named; else it is another account's.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from tui_export.core import rules
from tui_export.core.i18n import t
from tui_export.ui.screens.app_access import AppAccess
from tui_export.core.models import Bucket
from tui_export.ui.widgets.bucket_list import region_label
from tui_export.ui.errors import inline_lines, is_cloud_error
from tui_export.ui.widgets.localize import localize
from tui_export.ui.widgets.validators import bucket_name_validator


class BucketCreated(Message):
    def __init__(self, bucket: Bucket) -> None:
        super().__init__()
        self.bucket = bucket


class BucketExists(Message):
    """PutBucket said BucketAlreadyExists; `mine` is our bucket of that name (None: not ours)."""

    def __init__(self, name: str, mine: Bucket | None, code: str) -> None:
        super().__init__()
        self.name = name
        self.mine = mine
        self.code = code


class CreateBucketDialog(AppAccess, ModalScreen[Bucket | None]):

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="create-bucket.cancel")]

    def __init__(self, region_id: str) -> None:
        super().__init__()
        self.region_id = region_id
        self.busy = False
        self.existing = False   # dismissed with a bucket we already owned (not a new one)
        localize(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="cb-box"):
            yield Static(Content(self._t("create_bucket.title")), id="cb-title")
            yield Static(Content(self._t("create_bucket.region", region=region_label(self.region_id, self.lang))),
                         id="cb-region")
            yield Label(self._t("create_bucket.name"))
            yield Input(placeholder=self._t("create_bucket.placeholder", region=self.region_id), id="cb-name",
                        validators=[bucket_name_validator(self.lang)], validate_on=["changed", "submitted"])
            yield Static("", id="cb-error")
            yield Static("", id="cb-refusal")
            with Horizontal(id="cb-buttons"):
                yield Static("", id="cb-status")
                yield Button(self._t("create_bucket.cancel"), id="cb-cancel")
                yield Button(self._t("create_bucket.create"), id="cb-create", variant="primary", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#cb-name").focus()

    def _valid(self) -> bool:
        return rules.validate_bucket_name(self.query_one("#cb-name", Input).value) is None

    @on(Input.Changed, "#cb-name")
    def _name_changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        # Say nothing about an empty field until the user tries: "Choose a name" while typing is noise.
        errors = result.failure_descriptions if result and not result.is_valid and event.value else []
        self.query_one("#cb-error", Static).update(Content("\n".join(errors)))
        self.query_one("#cb-refusal", Static).update("")
        self.query_one("#cb-create", Button).disabled = self.busy or not self._valid()

    @on(Input.Submitted, "#cb-name")
    @on(Button.Pressed, "#cb-create")
    def action_create(self) -> None:
        name = self.query_one("#cb-name", Input).value
        problem = rules.validate_bucket_name(name)
        if problem:
            self.query_one("#cb-error", Static).update(Content(t(problem.key, self.lang, **problem.detail)))
            return
        if self.busy:
            return
        if self._read_only_refused("create_bucket"):
            return
        self.busy = True
        self.query_one("#cb-create", Button).disabled = True
        self.query_one("#cb-status", Static).update(Content(self._t("create_bucket.creating", name=name)))
        self.create(name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="create-bucket", name="create-bucket")
    def create(self, name: str) -> None:
        session = self.app.session
        try:
            bucket = session.create_bucket(name, self.region_id)
        except Exception as exc:
            if getattr(exc, "code", "") != "BucketAlreadyExists":
                raise
            try:   # whose is it? ListBuckets names ours (without that permission: the cloud's answer stands)
                mine = next((b for b in session.buckets() if b.name == name), None)
            except Exception:
                raise exc from None
            self.post_message(BucketExists(name, mine, exc.code))
            return
        self.post_message(BucketCreated(bucket))

    def on_bucket_created(self, message: BucketCreated) -> None:
        self.busy = False
        localize(self)
        self.dismiss(message.bucket)

    def on_bucket_exists(self, message: BucketExists) -> None:
        self.busy = False
        localize(self)
        mine = message.mine
        if mine is not None and rules.bucket_in_region(mine.location, self.region_id):
            self.existing = True   # the form selects it and says it is ours
            self.dismiss(mine)
            return
        self.query_one("#cb-status", Static).update("")
        self.query_one("#cb-create", Button).disabled = not self._valid()
        if mine is not None:
            line = self._t("create_bucket.yours_elsewhere", name=message.name,
                           region=region_label(rules.bucket_region(mine.location), self.lang))
        else:
            line = self._t("create_bucket.taken", name=message.name)
        self.query_one("#cb-refusal", Static).update(Content(f"{line}\n({message.code})"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        self.busy = False
        localize(self)
        self.query_one("#cb-status", Static).update("")
        self.query_one("#cb-create", Button).disabled = not self._valid()
        exc = event.worker.error
        if is_cloud_error(exc):
            # e.g. no permission: keep the dialog for another try.
            self.query_one("#cb-refusal", Static).update(Content("\n".join(inline_lines(exc, self.lang))))
        else:
            self._show_error(exc)

    @on(Button.Pressed, "#cb-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
