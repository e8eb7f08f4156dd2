"""ExportForm: everything ExportImage needs for one image, checked before it is sent.

bucket (same region only; create one if there is none) -> format (where the region
honours it) -> prefix (validated as typed, with the object names it will produce)
-> RAM role (checked; created after a confirmation). Submit stays disabled until
all of it is valid; it runs ExportImage with DryRun and dismisses with the
ExportRequest only when the cloud agrees. The caller starts the real export.

Several marked images (`batch=`) share one form: the same bucket, prefix, format and
role; the object names are previewed per image, each marked image that can't go gets a
line with its reason (core.rules.export_blockers, and the DryRun's refusal), and the
form dismisses with the list of ExportRequests of the images the cloud accepted.

Blocking calls run in thread workers and come back as messages; a failure ends up
in on_worker_state_changed (one place).

The form's sections live in their own files: export_form_buckets.py (bucket),
export_form_role.py (RAM role), export_form_submit.py (readiness, DryRun, requests).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from tui_export.core import rules
from tui_export.core.i18n import t
from tui_export.core.models import ExportRequest, Image, RoleState
from tui_export.ui.errors import inline_lines, is_cloud_error, is_denial
from tui_export.ui.screens.app_access import AppAccess
from tui_export.ui.screens.export_form_buckets import BucketSection
from tui_export.ui.screens.export_form_memory import RememberedChoice
from tui_export.ui.screens.export_form_role import RoleSection
from tui_export.ui.screens.export_form_submit import SubmitSection
from tui_export.ui.widgets.bucket_list import BucketList, region_label
from tui_export.ui.widgets.image_rows import blocker_text
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.localize import localize
from tui_export.ui.widgets.validators import bucket_name_validator, prefix_validator


class ExportForm(RememberedChoice, AppAccess, BucketSection, RoleSection, SubmitSection,
                 ModalScreen[ExportRequest | None]):
    # No auto focus ("" — None would mean the app's "*"): the first field, the bucket list,
    # is loading when the screen opens; it takes the focus once filled (on_buckets_loaded).
    AUTO_FOCUS = ""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export-form.cancel",
                tooltip="Close the form without exporting."),
        Binding("ctrl+s", "check_export", "Export", id="export-form.submit",
                tooltip="Check with DryRun, then export."),
        # a modal stops the app's own `?`: the form offers it like every screen (not while typing)
        Binding("question_mark", "app.help", "Help", id="export-form.help",
                tooltip="Keys of this form and a short how-to."),
    ]

    def __init__(self, image: Image | None = None, region_id: str | None = None, *,
                 batch: list[Image] | None = None, exporting: set[str] | frozenset = frozenset()) -> None:
        super().__init__()
        self.batch = list(batch or [])
        # Batch: every marked image with its reasons not to go (none: it goes).
        self.blocked: dict[str, list[str]] = {
            im.image_id: [blocker_text(b, self.app.lang) for b in rules.export_blockers(
                im, exporting=im.image_id in exporting)] for im in self.batch}
        self.blocked = {k: v for k, v in self.blocked.items() if v}
        self.refused: dict[str, list[str]] = {}   # batch: refused by the DryRun (cloud's lines)
        sendable = [im for im in self.batch if im.image_id not in self.blocked]
        self.image = image or (sendable[0] if sendable else self.batch[0])
        self.region_id = region_id or self.image.region_id
        self.formats = rules.formats_for_region(self.region_id)
        self.role_state: RoleState | None = None
        self.role_check_failed = False   # GetRole refused (no RAM read permission, network): not a blocker
        self.manual_bucket = False       # ListBuckets failed: the user types the bucket's name
        self.role_plan: object = None
        self.buckets_ready = False
        self.busy = False      # a DryRun or a role creation is in flight
        self._role_just_created = False   # the next RoleLoaded answers the user's "create role"
        self._pending_choice: str | None = None   # a bucket just created, to choose once listed
        localize(self)
        self.recall_choice()   # this account's last bucket, prefix and format in this region

    # --- layout --------------------------------------------------------------

    def sendable(self) -> list[Image]:
        """Batch: the marked images that can go (no blocker, not refused by the DryRun)."""
        return [im for im in self.batch if im.image_id not in self.blocked and im.image_id not in self.refused]

    def compose(self) -> ComposeResult:
        image = self.image
        data_devices = ", ".join(d.device_name for d in image.data_disks) or "—"
        with Vertical(id="xf-box"):
            if self.batch:
                yield Static(Content(self._t("export_form.batch_title", count=len(self.batch))), id="xf-title")
                yield Static(Content(self._t("export_form.batch_subtitle",
                                             region=region_label(self.region_id, self.lang),
                                             size=sum(im.total_gib for im in self.sendable()))),
                             id="xf-subtitle")
            else:
                yield Static(Content(self._t("export_form.title", image_id=image.image_id, name=image.name)),
                             id="xf-title")
                yield Static(Content(self._t("export_form.subtitle", region=region_label(self.region_id, self.lang),
                                             size=image.total_gib, data=data_devices)), id="xf-subtitle")
            # Not a tab stop itself: focus moves field to field and scrolls the body along.
            with VerticalScroll(id="xf-body", can_focus=False):
                yield Label(self._t("export_form.bucket"), classes="xf-label")
                bucket_list = BucketList(id="xf-buckets")
                bucket_list.loading = True
                yield bucket_list
                yield Static("", id="xf-bucket-note", classes="xf-note")
                yield Input(placeholder=self._t("export_form.bucket_manual_placeholder"), id="xf-bucket-manual",
                            classes="-hidden", validators=[bucket_name_validator(self.lang)],
                            validate_on=["changed", "blur"])
                yield Static("", id="xf-bucket-manual-error", classes="xf-error -hidden")
                yield Button(self._t("export_form.create_bucket"), id="xf-create-bucket", compact=True)

                yield Label(self._t("export_form.format"), classes="xf-label")
                yield Select([(fmt.upper() if fmt != "raw" else "RAW", fmt) for fmt in self.formats],
                             allow_blank=False, value=self.remembered_format(self.formats), id="xf-format",
                             disabled=len(self.formats) == 1)
                if len(self.formats) == 1:
                    yield Static(Content(t("format.raw_only", self.lang, region=region_label(self.region_id, self.lang))),
                                 id="xf-format-note", classes="xf-note")
                # where the cloud writes the format itself, and where a download converts instead (issue #11)
                yield Static(Content(self._t("convert.choice_raw_only" if len(self.formats) == 1
                                             else "convert.choice_honoured")), id="xf-convert-note", classes="xf-note")

                yield Label(self._t("export_form.prefix"), classes="xf-label")
                yield Input(self.remembered_prefix(), placeholder=self._t("export_form.prefix_placeholder"), id="xf-prefix",
                            validators=[prefix_validator(self.lang)], validate_on=["changed", "blur", "submitted"])
                yield Static("", id="xf-prefix-error", classes="xf-error")
                yield Static("", id="xf-preview", classes="xf-note")
                yield Static("", id="xf-cannot", classes="xf-error")

                yield Label(self._t("export_form.role"), classes="xf-label")
                yield Static(Content(self._t("export_form.role_checking", role=rules.EXPORT_ROLE_NAME)),
                             id="xf-role-state")
                yield Button("", id="xf-ensure-role", compact=True, classes="-hidden")
            with Vertical(id="xf-footer"):
                yield Static("", id="xf-refusal", classes="xf-error")
                with Horizontal(id="xf-actions"):
                    yield Static("", id="xf-status")
                    # a RAM refusal of the DryRun: the doctor says everything missing at once
                    yield Button(t("cmd.doctor", self.lang), id="xf-doctor", classes="-hidden")
                    yield Button(self._t("export_form.cancel"), id="xf-cancel")
                    yield Button(self._t("export_form.submit"), id="xf-submit", variant="primary", disabled=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._update_preview(self.query_one("#xf-prefix", Input).value)
        self._update_submit()
        self.load_buckets()
        self.load_role()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is not WorkerState.ERROR:
            return
        exc = worker.error
        if worker.name == "buckets":
            self._buckets_failed(exc)
            self._show_error(exc)
        elif worker.name == "role":
            # Without the check we can't say, but a user without RAM read permission
            # may still have the role: don't block; the DryRun tells the truth.
            self.role_check_failed = True
            self._show_role(None)
            self._show_error(exc)
        elif worker.name == "ensure-role":
            self.busy = False
            self._show_role(self.role_state)
            self._show_error(exc)
        elif worker.name == "dryrun":
            self.busy = False
            if is_cloud_error(exc):
                # The cloud said no: keep the form, say why next to the fields.
                self._set_refusal(inline_lines(exc, self.lang), doctor=is_denial(exc))
            else:
                self._set_refusal([])
                self._show_error(exc)
        self._update_submit()

    # --- fields ---------------------------------------------------------------------

    @on(Select.Changed, "#xf-format")
    def _format_changed(self) -> None:
        self._set_refusal([])
        self._update_preview(self.query_one("#xf-prefix", Input).value)

    @on(Input.Changed, "#xf-prefix")
    def _prefix_changed(self, event: Input.Changed) -> None:
        self._set_refusal([])
        result = event.validation_result
        errors = result.failure_descriptions if result and not result.is_valid else []
        self.query_one("#xf-prefix-error", Static).update(Content("\n".join(errors)))
        self._update_preview(event.value)
        self._update_submit()

    @on(Input.Submitted, "#xf-prefix")
    def _prefix_submitted(self) -> None:
        if self._ready():
            self.action_check_export()
        else:
            self.focus_next()

    def _update_preview(self, prefix: str) -> None:
        preview = self.query_one("#xf-preview", Static)
        if self.batch:
            self._show_cannot()
        if rules.validate_prefix(prefix) is not None:
            preview.update(Content(self._t("export_form.preview_invalid")))
            preview.add_class("-stale")
            return
        lines = [self._t("export_form.preview")]
        for im in (self.sendable() if self.batch else [self.image]):
            names = rules.export_object_names(im.image_id, prefix, self._format(),
                                              [d.device for d in im.data_disks])
            if self.batch:
                lines.append(f"  {im.name} ({im.image_id})")
                lines += [f"    {name}" for name in names]
            else:
                lines += [f"  {name}" for name in names]
        preview.update(Content("\n".join(lines)))
        preview.remove_class("-stale")

    def _show_cannot(self) -> None:
        """Batch: a line per marked image that can't go, with its reasons."""
        cannot = self.query_one("#xf-cannot", Static)
        lines = []
        for im in self.batch:
            reasons = self.blocked.get(im.image_id) or self.refused.get(im.image_id)
            if reasons:
                lines.append(self._t("export_form.batch_cannot", name=im.name, image_id=im.image_id,
                                     reason=self._t("export_form.list_sep").join(reasons)))
        if lines:
            lines.insert(0, self._t("export_form.batch_cannot_head", count=len(lines)))
        cannot.update(Content("\n".join(lines)))
        cannot.display = bool(lines)

    def _format(self) -> str:
        value = self.query_one("#xf-format", Select).value
        return value if isinstance(value, str) else "raw"

    def _set_note(self, selector: str, text: str, *, error: bool = False) -> None:
        note = self.query_one(selector, Static)
        note.update(Content(text))
        note.set_class(error, "-error")

    # --- actions ----------------------------------------------------------------------

    @on(Button.Pressed, "#xf-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
