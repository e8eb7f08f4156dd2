"""Every condition of the seed that makes an image unexportable is found, with its error row."""

from tui_export.core.api_errors import ERRORS, SEED_ERRORS
from tui_export.core.i18n import t
from tui_export.core.models import DiskMapping, Image
from tui_export.core.rules import export_blockers, export_cautions

SYS = DiskMapping("/dev/xvda", "system", 40)


def image(**kw):
    base = dict(image_id="m-1", name="web-base", region_id="cn-hangzhou", disks=(SYS,))
    base.update(kw)
    return Image(**base)


def reasons(img, **kw):
    return [(b.reason, b.error_key) for b in export_blockers(img, **kw)]


def test_a_plain_linux_custom_image_is_exportable():
    assert export_blockers(image()) == []


def test_each_condition_maps_to_the_seed_row():
    cases = {
        "not_owned": image(owner_alias="system"),
        "marketplace_image": image(owner_alias="marketplace"),
        "bad_name_start": image(name="1-starts-with-digit"),
        "not_available": image(status="Creating"),
        "marketplace_derived": image(product_code="cmjj012345"),
        "encrypted": image(disks=(SYS, DiskMapping("/dev/xvdb", "data", 20, encrypted=True))),
        "too_many_data_disks": image(disks=(SYS,) + tuple(DiskMapping(f"/dev/xvd{c}", "data", 10) for c in "bcdef")),
        "data_disk_too_big": image(disks=(SYS, DiskMapping("/dev/xvdb", "data", 600))),
        "windows": image(os_type="windows"),
    }
    for reason, img in cases.items():
        found = reasons(img)
        assert [r for r, _ in found] == [reason], (reason, found)
        assert found[0][1] in SEED_ERRORS
    assert reasons(image(), exporting=True) == [("exporting", "ImageIsExporting")]


def test_a_malformed_name_says_which_rule_it_breaks():
    """InvalidImageName.Malformed names no rule; the blocker names the one broken (docs/api.md)."""
    cases = {
        "x": ("bad_name_length", "1 characters; an image name has 2 to 128", "1 个字符，应为 2~128 个"),
        "http://web": ("bad_name_url", "starts with http:// or https://", "以 http:// 或 https:// 开头"),
        "1st-backup": ("bad_name_start", "starts with “1”; it must start with a letter or a Chinese",
                       "以“1”开头，必须以英文字母或中文开头"),
        "release:2024": ("bad_name_char", "holds “:”; only letters, Chinese characters, digits",
                         "包含“:”，只能包含字母、中文、数字"),
    }
    for name, (reason, en, zh) in cases.items():
        (b,) = export_blockers(image(name=name))
        assert (b.reason, b.error_key) == (reason, "InvalidImageName.Malformed")
        assert en in t(f"blocker.{b.reason}", "en", detail=b.detail)
        assert zh in t(f"blocker.{b.reason}", "zh", detail=b.detail)


def test_a_local_region_is_a_caution_not_a_blocker():
    """No document says local regions can't export: the cloud's DryRun decides."""
    for region in ("cn-nanjing", "cn-fuzhou", "cn-wuhan-lr"):
        img = image(region_id=region)
        assert export_blockers(img) == []
        (c,) = export_cautions(img)
        assert (c.reason, c.error_key) == ("region_export_unconfirmed", "InvalidRegion.NotSupport")
        assert t(f"caution.{c.reason}", "en") != t(f"caution.{c.reason}", "zh") != f"caution.{c.reason}"
    assert export_cautions(image()) == []


def test_all_reasons_are_listed_not_just_the_first():
    img = image(os_type="windows", status="Creating", product_code="cm1")
    assert [r for r, _ in reasons(img)] == ["not_available", "marketplace_derived", "windows"]


def test_detail_texts_fill_the_percent_s_rows():
    (b,) = export_blockers(image(disks=(SYS, DiskMapping("/dev/xvdb", "data", 600))))
    assert "600 GiB" in ERRORS[b.error_key].format(b.detail)


def test_every_blocker_reads_in_both_languages():
    img = image(os_type="windows", status="Creating", product_code="cm1", owner_alias="others")
    for b in export_blockers(img, exporting=True):
        en, zh = t(f"blocker.{b.reason}", "en", detail=b.detail), t(f"blocker.{b.reason}", "zh", detail=b.detail)
        assert en != f"blocker.{b.reason}" and zh != en
