"""core.explain: every code of the seed's table and the common list is explained in
English and Chinese; variants, permissions and unknown codes behave."""

from __future__ import annotations

import pytest

from tui_export.core.api_errors import ERRORS, SEED_ERRORS
from tui_export.core.explain import COMMON_CODES, EXPLANATIONS, explain, resolve_key

KEYS = sorted(set(SEED_ERRORS) | set(COMMON_CODES))


@pytest.mark.parametrize("key", KEYS)
def test_both_languages_non_empty(key):
    assert key in EXPLANATIONS, key
    for lang in ("en", "zh"):
        what, nxt = EXPLANATIONS[key][lang]
        assert what.strip() and nxt.strip()
    # the Chinese text is Chinese
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(EXPLANATIONS[key]["zh"]))


def test_every_entry_is_complete():
    for key, texts in EXPLANATIONS.items():
        assert set(texts) == {"en", "zh"}, key
        for lang, pair in texts.items():
            assert len(pair) == 2 and all(p.strip() for p in pair), (key, lang)


@pytest.mark.parametrize("key", sorted(SEED_ERRORS))
def test_seed_rows_resolve_from_code_and_message(key):
    err = SEED_ERRORS[key]
    assert resolve_key(err.code, err.format("detail")) == key


def test_image_not_supported_variants_differ():
    enc = explain("ImageNotSupported", "en", ERRORS["ImageNotSupported.Encrypted"].message)[0]
    mkt = explain("ImageNotSupported", "en", ERRORS["ImageNotSupported.Market"].message)[0]
    assert "encrypted" in enc.lower() and "marketplace" in mkt.lower()


def test_families_fall_back():
    assert resolve_key("Throttling.Tenant") == "Throttling"
    assert resolve_key("InvalidTaskId.Other") is None or resolve_key("InvalidTaskId.Other").startswith("InvalidTaskId")
    assert resolve_key("MissingParameter", 'An input parameter "TaskId" is missing') == "MissingParameter"


def test_permission_errors_name_the_permission():
    assert "ecs:ExportImage" in explain("Forbidden.RAM", "en", operation="ExportImage")[1]
    assert "ecs:DescribeImages" in explain("Forbidden.RAM", "zh", operation="DescribeImages")[1]
    assert "ram:CreateRole" in explain("NoPermission", "en", operation="CreateRole")[1]
    assert "oss:ListBuckets" in explain("AccessDenied", "en", operation="ListBuckets")[1]


def test_public_endpoint_forbidden_points_to_cname_and_internal():
    for lang in ("en", "zh"):
        nxt = explain("PublicEndpointForbidden", lang)[1]
        assert "--oss-cname" in nxt and "internal" in nxt


def test_detail_of_percent_s_codes_is_shown():
    what = explain("InvalidImage.DiskAmountOrSize", "en", "The image has 5 data disks")[0]
    assert "5 data disks" in what


def test_unknown_code_falls_back_to_the_message():
    assert "brand new words" in explain("Totally.New", "en", "brand new words")[0]
    assert "brand new words" in explain("Totally.New", "zh", "brand new words")[0]
    assert "Totally.New" in explain("Totally.New", "en")[0]
    assert explain("Throttling", "zh-CN") == tuple(EXPLANATIONS["Throttling"]["zh"])
