"""The export form's bucket section: list the region's buckets, choose one (or type its
name when ListBuckets is refused), create one.

A section of ExportForm (ui/screens/export_form.py), not a screen of its own: it is a
ModalScreen subclass only so that Textual collects its `@on` handlers.
"""

from __future__ import annotations

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static

from tui_export.core import rules
from tui_export.core.models import Bucket
from tui_export.ui.widgets.bucket_list import BucketList, region_label


class BucketsLoaded(Message):
    def __init__(self, buckets: list[Bucket]) -> None:
        super().__init__()
        self.buckets = buckets


class BucketSection(ModalScreen):
    """Needs the form's `region_id`, `_t`, `_set_note`, `_set_refusal`, `_update_submit`."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="xf-buckets", name="buckets")
    def load_buckets(self) -> None:
        self.post_message(BucketsLoaded(list(self.session.buckets())))

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

    @on(OptionList.OptionHighlighted, "#xf-buckets")
    def _bucket_changed(self) -> None:
        self._set_refusal([])
        self._update_submit()

    @on(OptionList.OptionSelected, "#xf-buckets")
    def _bucket_selected(self) -> None:
        # Enter on a bucket: on to the next field, like a form.
        self.focus_next()

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
