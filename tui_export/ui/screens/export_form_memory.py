"""The export form's remembered choices: the last bucket, prefix and format of this account in
this region (cloud/export_choices.py) fill the form when it opens, and an export the cloud
accepted (DryRun passed) becomes the next suggestion.

A suggestion is checked again before it is used: the format must be offered in the region,
the prefix valid, and the bucket still listed in the region. A remembered bucket that is gone
is never swapped for another silently: the form says so and the user chooses.
"""

from __future__ import annotations

import logging

from textual.widgets import Input

from tui_export.cloud.export_choices import ExportChoice, load_choice, save_choice
from tui_export.core import rules
from tui_export.core.models import Bucket, ExportRequest

log = logging.getLogger(__name__)


class RememberedChoice:
    """Mixin for ExportForm (which gives region_id, lang, _t and the fields)."""

    remembered: ExportChoice | None = None

    def _choice_scope(self) -> tuple:
        return self.host.state_dir, self.host.account_label   # ExportForm is an AppAccess screen

    def recall_choice(self) -> None:
        state_dir, account = self._choice_scope()
        self.remembered = load_choice(state_dir, account, self.region_id)

    def remembered_format(self, formats: tuple[str, ...]) -> str:
        fmt = self.remembered.image_format if self.remembered else ""
        return fmt if fmt in formats else "raw"

    def remembered_prefix(self) -> str:
        prefix = self.remembered.prefix if self.remembered else ""
        return prefix if rules.validate_prefix(prefix) is None else ""

    def choose_remembered_bucket(self, here: list[Bucket], region: str) -> str:
        """Highlight the remembered bucket if it is still in the region; else return the line
        that says it is gone from `region` (its label; "" when there is nothing to say)."""
        name = self.remembered.bucket if self.remembered else ""
        if not name:
            return ""
        if any(b.name == name for b in here):
            self.query_one("#xf-buckets").choose(name)
            return ""
        return self._t("export_form.bucket_gone", bucket=name, region=region)

    def prefill_manual_bucket(self, field: Input, note: str) -> str:
        """ListBuckets failed: offer the remembered name in the typed field (the DryRun checks
        it). Returns `note` with a line saying where the name comes from."""
        name = self.remembered.bucket if self.remembered else ""
        if not name or field.value or rules.validate_bucket_name(name) is not None:
            return note
        field.value = name
        return "\n".join((note, self._t("export_form.bucket_remembered", bucket=name)))

    def remember_choice(self, request: ExportRequest | list[ExportRequest]) -> None:
        """The cloud accepted `request`: its bucket, prefix and format are next time's suggestion."""
        first = request[0] if isinstance(request, list) else request
        state_dir, account = self._choice_scope()
        if first is None or state_dir is None:
            return
        choice = ExportChoice(bucket=first.bucket, prefix=first.prefix, image_format=first.image_format)
        try:
            save_choice(state_dir, account, first.region_id, choice)
        except OSError as exc:   # a convenience: say so, the export goes on
            log.warning("saving the export choices failed: %s", type(exc).__name__)
            self.app.notify(self._t("export_form.remember_failed", reason=exc.strerror or type(exc).__name__),
                            severity="warning", markup=False, timeout=6)
