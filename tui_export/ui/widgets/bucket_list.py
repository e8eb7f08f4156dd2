"""The bucket picker of the export form: the image's region's buckets first and
choosable, every other region's bucket below them, disabled, with the reason.

A plain OptionList: the cursor skips disabled options, so the highlighted option
is always a bucket the export can use; it *is* the choice (no separate Enter).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.option_list import Option

from tui_export.core import rules
from tui_export.core.i18n import t
from tui_export.core.models import Bucket

OTHER_PREFIX = "other:"


def region_label(region_id: str, lang: str) -> str:
    from tui_export.core.regions import region_by_id

    region = region_by_id(region_id)
    return f"{region.name(lang)} · {region_id}" if region else region_id


def split_buckets(buckets: list[Bucket], region_id: str) -> tuple[list[Bucket], list[Bucket]]:
    """(usable in `region_id`, elsewhere), each sorted the way they are listed."""
    here = sorted((b for b in buckets if rules.bucket_in_region(b.location, region_id)), key=lambda b: b.name)
    other = sorted((b for b in buckets if not rules.bucket_in_region(b.location, region_id)),
                   key=lambda b: (rules.bucket_region(b.location), b.name))
    return here, other


class BucketList(OptionList):
    DEFAULT_CSS = """
    BucketList {
        height: auto;
        max-height: 7;
        min-height: 3;
    }
    """

    def show_buckets(self, buckets: list[Bucket], region_id: str, lang: str) -> list[Bucket]:
        """Fill the list; returns the usable buckets (highlighting the first one)."""
        here, other = split_buckets(buckets, region_id)
        options: list[Option] = [
            # Content(...) never parses markup: bucket names come from the cloud.
            Option(Content(b.name), id=b.name) for b in here
        ]
        for b in other:
            why = t("bucket.other_region", lang, region=rules.bucket_region(b.location))
            options.append(Option(Content.assemble((b.name, "dim"), "  ", (why, "dim italic")),
                                  id=OTHER_PREFIX + b.name, disabled=True))
        self.clear_options()
        self.add_options(options)
        self.highlighted = 0 if here else None
        return here

    @property
    def chosen(self) -> str | None:
        option = self.highlighted_option
        if option is None or option.disabled or (option.id or "").startswith(OTHER_PREFIX):
            return None
        return option.id

    def choose(self, name: str) -> None:
        try:
            self.highlighted = self.get_option_index(name)
        except OptionDoesNotExist:  # not listed: nothing to choose
            pass
