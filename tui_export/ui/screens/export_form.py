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
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.worker import Worker, WorkerState

from tui_export.core import rules
from tui_export.core.i18n import t
from tui_export.ui.errors import inline_lines, is_cloud_error, is_denial
from tui_export.ui.screens.app_access import AppAccess
from tui_export.core.models import Bucket, ExportRequest, Image, RoleState
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.export_form_memory import RememberedChoice
from tui_export.ui.widgets.bucket_list import BucketList, region_label
from tui_export.ui.widgets.key_footer import KeyFooter
from tui_export.ui.widgets.localize import localize
from tui_export.ui.widgets.validators import bucket_name_validator, prefix_validator
from tui_export.ui.widgets.image_rows import blocker_text


class BucketsLoaded(Message):
    def __init__(self, buckets: list[Bucket]) -> None:
        super().__init__()
        self.buckets = buckets


class RoleLoaded(Message):
    def __init__(self, state: RoleState, plan: object) -> None:
        super().__init__()
        self.state = state
        self.plan = plan


class DryRunPassed(Message):
    def __init__(self, request: ExportRequest | list[ExportRequest],
                 refused: dict[str, list[str]] | None = None) -> None:
        super().__init__()
        self.request = request
        self.refused = refused or {}   # batch: image id -> the cloud's refusal, as lines


def plan_actions(plan, state: RoleState) -> list[str]:
    """The RAM actions ensure_role() will take, from the facade's RolePlan (or the state)."""
    steps = getattr(plan, "steps", None)
    if steps is not None:
        return [getattr(step, "action", str(step)) for step in steps]
    return (["CreateRole"] if state is RoleState.MISSING else []) + ["AttachPolicyToRole"]


def plan_text(plan, lang: str) -> str:
    """The RolePlan's lines (keys and values from cloud/ram.py) in the user's language; steps as bullets."""
    lines = getattr(plan, "message_lines", None)
    if not callable(lines):
        return ""
    return "\n".join(("  • " if key.startswith("role_plan.step.") else "") + t(key, lang, **values)
                     for key, values in lines())


def plan_fixable(plan) -> bool:
    """False when the role exists but trusts someone else: we don't rewrite that policy."""
    return getattr(plan, "trust_ok", True)


class ExportForm(RememberedChoice, AppAccess, ModalScreen[ExportRequest | None]):
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

    # --- workers ---------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="xf-buckets", name="buckets")
    def load_buckets(self) -> None:
        self.post_message(BucketsLoaded(list(self.session.buckets())))

    @work(thread=True, exclusive=True, exit_on_error=False, group="xf-role", name="role")
    def load_role(self) -> None:
        state = self.session.role_state()
        plan = self.session.describe_role_plan() if state is not RoleState.PRESENT else None
        self.post_message(RoleLoaded(state, plan))

    @work(thread=True, exclusive=True, exit_on_error=False, group="xf-role", name="ensure-role")
    def ensure_role(self) -> None:
        state = self.session.ensure_role()
        self.post_message(RoleLoaded(state, None))

    @work(thread=True, exclusive=True, exit_on_error=False, group="xf-dryrun", name="dryrun")
    def dry_run(self, request: ExportRequest | list[ExportRequest]) -> None:
        if not isinstance(request, list):
            self.session.export(request, dry_run=True)
            self.post_message(DryRunPassed(request))
            return
        # Batch: each image asks the cloud; a refusal keeps that image back, a failure
        # of the link (not the cloud's answer) stops the check like the single form's.
        passed, refused = [], {}
        for one in request:
            try:
                self.session.export(one, dry_run=True)
            except Exception as exc:
                if not is_cloud_error(exc):
                    raise
                refused[one.image_id] = inline_lines(exc, self.lang)
            else:
                passed.append(one)
        self.post_message(DryRunPassed(passed, refused))

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

    # --- results -------------------------------------------------------------------

    def on_buckets_loaded(self, message: BucketsLoaded) -> None:
        bucket_list = self.query_one("#xf-buckets", BucketList)
        bucket_list.loading = False
        here = bucket_list.show_buckets(message.buckets, self.region_id, self.lang)
        self.buckets_ready = True
        gone = ""   # the remembered bucket no longer exists: said, never replaced silently
        if self._pending_choice:
            # Reloaded after a creation: choose the new bucket for the user.
            bucket_list.choose(self._pending_choice)
            self._pending_choice = None
        else:
            gone = self.choose_remembered_bucket(here, region_label(self.region_id, self.lang))
        if not here:
            self._set_note("#xf-bucket-note", "\n".join(line for line in (
                gone, self._t("export_form.no_bucket", region=region_label(self.region_id, self.lang))) if line),
                error=True)
            self.query_one("#xf-create-bucket").add_class("-urgent")
        else:
            self._set_note("#xf-bucket-note", gone, error=bool(gone))
            self.query_one("#xf-create-bucket").remove_class("-urgent")
        if self.focused is None:
            # The list couldn't take the focus while loading: start the form here.
            (bucket_list if here else self.query_one("#xf-create-bucket")).focus()
        self._update_submit()

    def on_role_loaded(self, message: RoleLoaded) -> None:
        self.busy = False
        self.role_plan = message.plan
        self._show_role(message.state)
        self._update_submit()
        if self._role_just_created and self._ready():
            # The role was the last thing missing and its button is gone: the
            # keyboard user's next step is the submit button, not the top of the form.
            self.query_one("#xf-submit", Button).focus()
        self._role_just_created = False

    def on_dry_run_passed(self, message: DryRunPassed) -> None:
        self.busy = False
        if message.refused:   # batch: say which can't go; the next Ctrl+S sends the others
            self.refused.update(message.refused)
            self._update_preview(self.query_one("#xf-prefix", Input).value)
            self._update_submit()
            return
        self.remember_choice(message.request)
        self.dismiss(message.request)

    # --- fields ---------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#xf-buckets")
    def _bucket_changed(self) -> None:
        self._set_refusal([])
        self._update_submit()

    @on(OptionList.OptionSelected, "#xf-buckets")
    def _bucket_selected(self) -> None:
        # Enter on a bucket: on to the next field, like a form.
        self.focus_next()

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

    def _show_role(self, state: RoleState | None) -> None:
        self.role_state = state
        label = self.query_one("#xf-role-state", Static)
        button = self.query_one("#xf-ensure-role", Button)
        role = rules.EXPORT_ROLE_NAME
        if state is RoleState.PRESENT:
            label.update(Content(self._t("export_form.role_present", role=role)))
            label.set_classes("-ok")
            button.add_class("-hidden")
            return
        if state is None:
            label.update(Content(self._t("export_form.role_unknown", role=role)))
            label.set_classes("-bad")
            button.label = self._t("export_form.role_retry")
            button.remove_class("-hidden")
            return
        key = "export_form.role_missing" if state is RoleState.MISSING else "export_form.role_policy_missing"
        label.set_classes("-bad")
        if not plan_fixable(self.role_plan):
            # The role trusts another principal: say so, offer nothing we wouldn't do.
            label.update(Content(plan_text(self.role_plan, self.lang)))
            button.add_class("-hidden")
            return
        label.update(Content(self._t(key, role=role, policy=rules.EXPORT_ROLE_POLICY)))
        button.label = Content(self._role_button_label(state))
        button.remove_class("-hidden")

    def _role_button_label(self, state: RoleState) -> str:
        # Exactly what ensure_role() will do, from the facade's plan.
        actions = plan_actions(self.role_plan, state)
        key = "export_form.role_create" if "CreateRole" in actions else "export_form.role_attach"
        return self._t(key, role=rules.EXPORT_ROLE_NAME, policy=rules.EXPORT_ROLE_POLICY)

    # --- submit state ------------------------------------------------------------

    def _problems(self) -> list[str]:
        """What still stands between the user and the export, as short phrases."""
        problems = []
        if not self.buckets_ready and not self.manual_bucket:
            problems.append(self._t("export_form.wait_buckets"))
        elif self.chosen_bucket() is None:
            problems.append(self._t("export_form.need_bucket"))
        if rules.validate_prefix(self.query_one("#xf-prefix", Input).value) is not None:
            problems.append(self._t("export_form.need_prefix"))
        if self.batch and not self.sendable():
            problems.append(self._t("export_form.batch_none"))
        if self.role_state is not RoleState.PRESENT and not (self.role_state is None and self.role_check_failed):
            problems.append(self._t("export_form.need_role") if self.role_state or not self._role_loading()
                            else self._t("export_form.wait_role"))
        return problems

    def chosen_bucket(self) -> str | None:
        if self.manual_bucket:
            name = self.query_one("#xf-bucket-manual", Input).value.strip()
            return name if rules.validate_bucket_name(name) is None else None
        return self.query_one("#xf-buckets", BucketList).chosen

    def _buckets_failed(self, exc: BaseException) -> None:
        """ListBuckets refused (often: no oss:ListBuckets permission): let the user type the name."""
        self.manual_bucket = True
        bucket_list = self.query_one("#xf-buckets", BucketList)
        bucket_list.loading = False
        bucket_list.display = False
        code = getattr(exc, "code", "") or type(exc).__name__
        field = self.query_one("#xf-bucket-manual", Input)
        self._set_note("#xf-bucket-note", self.prefill_manual_bucket(field, self._t(
            "export_form.buckets_failed", code=code, region=region_label(self.region_id, self.lang))), error=True)
        field.remove_class("-hidden")
        self.query_one("#xf-bucket-manual-error").remove_class("-hidden")
        if self.focused is None:
            field.focus()

    @on(Input.Changed, "#xf-bucket-manual")
    def _manual_bucket_changed(self, event: Input.Changed) -> None:
        self._set_refusal([])
        result = event.validation_result
        errors = result.failure_descriptions if result and not result.is_valid and event.value else []
        self.query_one("#xf-bucket-manual-error", Static).update(Content("\n".join(errors)))
        self._update_submit()

    def _role_loading(self) -> bool:
        return any(w.group == "xf-role" and w.is_running for w in self.workers)

    def _ready(self) -> bool:
        return not self.busy and not self._problems()

    def _update_submit(self) -> None:
        problems = self._problems()
        status = self.query_one("#xf-status", Static)
        if self.busy:
            key = "export_form.role_creating" if self._role_loading() else "export_form.checking"
            status.update(Content(self._t(key, role=rules.EXPORT_ROLE_NAME)))
        elif problems:
            status.update(Content(self._t("export_form.blocked", what=self._t("export_form.list_sep").join(problems))))
        elif self.batch:
            status.update(Content(self._t("export_form.batch_ready", count=len(self.sendable()))))
        else:
            status.update(Content(self._t("export_form.ready")))
        self.query_one("#xf-submit", Button).disabled = self.busy or bool(problems)

    def _set_note(self, selector: str, text: str, *, error: bool = False) -> None:
        note = self.query_one(selector, Static)
        note.update(Content(text))
        note.set_class(error, "-error")

    def _set_refusal(self, lines: list[str], *, doctor: bool = False) -> None:
        refusal = self.query_one("#xf-refusal", Static)
        refusal.update(Content("\n".join(lines)))
        refusal.display = bool(lines)
        self.query_one("#xf-doctor", Button).set_class(not (lines and doctor), "-hidden")

    @on(Button.Pressed, "#xf-doctor")
    def _doctor_pressed(self) -> None:
        from tui_export.ui.screens.doctor import open_doctor

        open_doctor(self.app)   # over the form: Esc comes back to it

    def request(self, image: Image | None = None) -> ExportRequest | None:
        chosen = self.chosen_bucket()
        if chosen is None:
            return None
        return ExportRequest(
            region_id=self.region_id, image_id=(image or self.image).image_id, bucket=chosen,
            prefix=self.query_one("#xf-prefix", Input).value, image_format=self._format(),
            role_name=rules.EXPORT_ROLE_NAME,
        )

    def requests(self) -> list[ExportRequest]:
        """Batch: one request per image that can go, the same bucket, prefix and format."""
        return [r for r in (self.request(im) for im in self.sendable()) if r is not None]

    # --- actions ----------------------------------------------------------------------

    @on(Button.Pressed, "#xf-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#xf-submit")
    def action_check_export(self) -> None:
        if not self._ready():
            self.app.bell()
            return
        if self._read_only_refused("export"):
            return
        request = self.requests() if self.batch else self.request()
        if not request:
            return
        self.busy = True
        self._set_refusal([])
        self._update_submit()
        self.dry_run(request)

    @on(Button.Pressed, "#xf-create-bucket")
    def _create_bucket(self) -> None:
        if self._read_only_refused("create_bucket"):
            return
        from tui_export.ui.screens.create_bucket import CreateBucketDialog

        dialog = CreateBucketDialog(self.region_id)
        self.app.push_screen(dialog, lambda bucket: self._bucket_created(bucket, existing=dialog.existing))

    def _bucket_created(self, bucket: Bucket | None, *, existing: bool = False) -> None:
        if bucket is None:
            return
        # BucketAlreadyExists on a bucket of ours in this region: say it is ours, and select it
        key, values = (("create_bucket.yours_here", {"name": bucket.name}) if existing
                       else ("export_form.bucket_created", {"bucket": bucket.name}))
        self.notify(self._t(key, **values), markup=False)
        self._pending_choice = bucket.name
        self.buckets_ready = False
        self.query_one("#xf-buckets", BucketList).loading = True
        self._update_submit()
        self.load_buckets()

    @on(Button.Pressed, "#xf-ensure-role")
    def _ensure_role_pressed(self) -> None:
        if self.role_state is None:   # the check failed earlier: try again
            self._show_role_checking()
            self.load_role()
            return
        if self._read_only_refused("create_role"):
            return
        body = "\n".join(line for line in (self._t("export_form.role_confirm_body", role=rules.EXPORT_ROLE_NAME),
                                            plan_text(self.role_plan, self.lang)) if line)
        self.app.push_screen(
            ConfirmDialog(self._t("export_form.role_confirm_title"), body, self._t("export_form.role_confirm_go")),
            self._role_confirmed,
        )

    def _role_confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        self._role_just_created = True
        self.busy = True
        self._show_role_checking(creating=True)
        self._update_submit()
        self.ensure_role()

    def _show_role_checking(self, *, creating: bool = False) -> None:
        key = "export_form.role_creating" if creating else "export_form.role_checking"
        self.query_one("#xf-role-state", Static).update(Content(self._t(key, role=rules.EXPORT_ROLE_NAME)))
        self.query_one("#xf-ensure-role").add_class("-hidden")
