"""How a region's images look as table rows, prepared once per image and kept.

Each image's row (its cells, the text `/` searches, its blockers and cautions) is built
once and rebuilt only when the image itself, its export state or the language changes.
Rows outlive the screen (a few regions are kept), so opening a region again costs a
lookup per image: a row is a pure function of (image, exporting, language), and is reused
only when all three are equal.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from typing import Callable

from tui_export.core.i18n import image_status, t
from tui_export.core.models import Image
from tui_export.core.rules import Blocker, Caution, export_blockers, export_cautions
from tui_export.ui.widgets.cells import cut
from tui_export.ui.widgets.keyed_table import Cell, TableRow, text_width

# Name, Status and the first reason come first: at 80 columns they are on screen whole (the
# Image ID after them may be cut; the detail pane shows it).
COLUMNS = ("name", "status", "export", "id", "size", "disks", "os", "created")
MARK_COLUMN = "mark"     # a narrow first column: ● on images marked for a batch export
MARK = "●"
OK_COLUMN = "ok"         # a narrow second one: ✗ blocked, ⚠ a caution, ✓ exportable (never cut away)
OK_MARKS = {"blocked": ("✗", "bold red"), "caution": ("⚠", "yellow"), "ok": ("✓", "bold green")}
REASON_WIDTH = 26   # the first reason, cut to fit 80 columns; the pane has the rest
KEPT_REGIONS = 8    # regions whose prepared rows are kept after their screen closes


def blocker_text(blocker: Blocker, lang: str) -> str:
    detail = image_status(blocker.detail, lang) if blocker.reason == "not_available" else blocker.detail
    return t(f"blocker.{blocker.reason}", lang, detail=detail)


def caution_text(caution: Caution, lang: str) -> str:
    return t(f"caution.{caution.reason}", lang)


@lru_cache(maxsize=4096)
def _first_reason(reason: Blocker | Caution, lang: str) -> str:
    """The first blocker or caution, cut to the column (few distinct values: cached); its ✗ or ⚠
    is in the narrow column before (OK_COLUMN)."""
    if isinstance(reason, Blocker):
        return cut(blocker_text(reason, lang), REASON_WIDTH)
    return cut(caution_text(reason, lang), REASON_WIDTH)


@lru_cache(maxsize=4096)
def _cut_cached(text: str, width: int) -> str:
    return cut(text, width)


def _fit(text: str, width: int) -> str:
    if text.isascii():
        return text if len(text) <= width else text[:width - 1] + "…"
    return _cut_cached(text, width)   # OS names repeat


_SORT_KEYS: dict[str, Callable[["Prepared"], object]] = {
    "name": lambda p: p.image.name.lower(),
    "export": lambda p: (bool(p.blockers), p.image.name.lower()),
    "status": lambda p: p.image.status,
    "id": lambda p: p.image.image_id,
    "os": lambda p: (p.image.os_name or p.image.platform or p.image.os_type).lower(),
    "size": lambda p: p.image.total_gib,
    "disks": lambda p: len(p.image.disks),
    "created": lambda p: p.image.creation_time,
}


class Prepared(TableRow):
    """One image, ready to show: its texts and their widths now, its cells when drawn."""

    __slots__ = ("image", "exporting", "lang", "blockers", "cautions", "haystack", "texts")
    columns = (MARK_COLUMN, OK_COLUMN) + COLUMNS

    def __init__(self, image: Image, exporting: bool, lang: str) -> None:
        self.image = image
        self.exporting = exporting
        self.lang = lang
        self.blockers = tuple(export_blockers(image, exporting=exporting))
        self.cautions = tuple(export_cautions(image))
        # What `/` matches: name, id, OS and status (a needle never holds a newline).
        status = image_status(image.status, lang)
        self.haystack = "\n".join(v or "" for v in (image.name, image.image_id, image.os_name, image.platform,
                                                     image.status, status)).lower()
        if self.blockers:
            export = _first_reason(self.blockers[0], lang)
            if len(self.blockers) > 1:
                export += f" +{len(self.blockers) - 1}"
        elif self.cautions:
            export = _first_reason(self.cautions[0], lang)
        else:
            export = ""
        self.texts = (_fit(image.name, 24), status, export, image.image_id, f"{image.total_gib} GiB",
                      str(len(image.disks) or 1), _fit(image.os_name or image.platform or image.os_type, 20),
                      (image.creation_time or "")[:10])
        super().__init__(image.image_id, (1, 1) + tuple(map(text_width, self.texts)))

    @property
    def ok(self) -> str:
        return "blocked" if self.blockers else "caution" if self.cautions else "ok"

    def fits(self, image: Image, exporting: bool, lang: str) -> bool:
        return (self.image is image or self.image == image) and self.exporting == exporting and self.lang == lang

    def make_cells(self) -> list[Cell]:
        name, status, export, image_id, size, disks, os_name, created = self.texts
        if len(self.blockers) > 1:   # "+N more" dimmed after the first reason
            export_cell = Cell((_first_reason(self.blockers[0], self.lang), "red"),
                               (f" +{len(self.blockers) - 1}", "dim"))
        elif self.blockers:
            export_cell = Cell.plain_text(export, "red")
        elif self.cautions:
            export_cell = Cell.plain_text(export, "yellow")
        else:
            export_cell = Cell.plain_text(export, "bold green")
        return [
            Cell.plain_text(" "),     # the screen swaps in a mark (ImagesScreen._paint_mark)
            Cell.plain_text(*OK_MARKS[self.ok]),
            Cell.plain_text(name),
            Cell.plain_text(status, "" if self.image.status == "Available" else "yellow"),
            export_cell,
            Cell.plain_text(image_id),
            Cell.plain_text(size, justify="right"),
            Cell.plain_text(disks, justify="right"),
            Cell.plain_text(os_name),
            Cell.plain_text(created),
        ]


_kept: OrderedDict[str, "ImageRows"] = OrderedDict()


class ImageRows:
    """The prepared rows of one region's images, in the cloud's order, with sorted orders and
    what the screen derives from them (`derived`) cached until a row changes."""

    def __init__(self, region_id: str) -> None:
        self.region_id = region_id
        self.by_id: dict[str, Prepared] = {}
        self.ids: list[str] = []
        self.version = 0          # bumped whenever ids or any row changed
        self._orders: dict[tuple[str, bool], list[str]] = {}
        self._derived: tuple | None = None
        self._derived_version = -1

    @classmethod
    def kept(cls, region_id: str) -> "ImageRows":
        """The rows kept from an earlier visit of the region (orders and all), or new ones:
        opening a region again then prepares, sorts and measures nothing."""
        rows = _kept.get(region_id)
        return rows if rows is not None else cls(region_id)

    def update(self, images: list[Image], exporting: set[str], lang: str) -> bool:
        """Take a new image list; True when something a user sees changed (rows, their order)."""
        kept = _kept.get(self.region_id)
        known = self.by_id if kept is None or kept is self else {**kept.by_id, **self.by_id}
        by_id: dict[str, Prepared] = {}
        changed = False
        for im in images:
            flag = im.image_id in exporting
            p = known.get(im.image_id)
            if p is None or not p.fits(im, flag, lang):
                p = Prepared(im, flag, lang)
                changed = True
            elif p.image is not im:
                p.image = im   # an equal copy (a refresh): the next look is `is`, not a field-by-field ==
            by_id[im.image_id] = p
        ids = list(by_id)
        changed = changed or ids != self.ids
        self.by_id, self.ids = by_id, ids
        _kept[self.region_id] = self
        _kept.move_to_end(self.region_id)
        while len(_kept) > KEPT_REGIONS:
            _kept.popitem(last=False)
        if changed:
            self.version += 1
            self._orders.clear()
        return changed

    def derived(self) -> tuple[dict[str, Image], dict[str, tuple], dict[str, tuple], tuple[int, ...]]:
        """(image by id, blockers by id, cautions by id, the widths that fit every row's cells),
        made once per version."""
        if self._derived_version != self.version or self._derived is None:
            prepared = self.by_id
            widths = [p.widths for p in prepared.values()]
            self._derived = ({i: p.image for i, p in prepared.items()},
                             {i: p.blockers for i, p in prepared.items()},
                             {i: p.cautions for i, p in prepared.items()},
                             tuple(max(column) for column in zip(*widths)) if widths else ())
            self._derived_version = self.version
        return self._derived

    def sorted_ids(self, column: str, reverse: bool) -> list[str]:
        key = (column, reverse)
        if key not in self._orders:
            sort_key = _SORT_KEYS[column]
            rows = sorted(self.by_id.values(), key=sort_key, reverse=reverse)
            self._orders[key] = [p.image.image_id for p in rows]
        return self._orders[key]
