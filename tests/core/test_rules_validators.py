"""Property tests for the form validators (core.rules), the one place for each rule."""

import re
import string

from hypothesis import given, strategies as st

from tui_export.core.i18n import messages, t
from tui_export.core.rules import (
    FORMATS, PREFIX_MAX, validate_bucket_name, validate_format, validate_format_for_region,
    validate_image_name, validate_prefix, formats_for_region, export_object_names,
)

ALNUM = string.ascii_letters + string.digits


@given(st.text(alphabet=ALNUM, min_size=1, max_size=PREFIX_MAX))
def test_prefix_of_letters_and_digits_up_to_30_is_accepted(prefix):
    assert validate_prefix(prefix) is None


def test_empty_prefix_is_fine_because_it_is_optional():
    assert validate_prefix("") is None


@given(st.text(alphabet=ALNUM, min_size=PREFIX_MAX + 1, max_size=80))
def test_prefix_over_30_is_refused_with_its_length(prefix):
    problem = validate_prefix(prefix)
    assert problem.key == "prefix.too_long" and problem.detail["length"] == len(prefix)


@given(st.text(min_size=1, max_size=PREFIX_MAX).filter(lambda s: not re.fullmatch(r"[A-Za-z0-9]+", s)))
def test_prefix_with_any_other_character_is_refused_naming_it(prefix):
    problem = validate_prefix(prefix)
    assert problem.key == "prefix.bad_char"
    assert problem.detail["char"] in prefix and not (problem.detail["char"].isascii() and problem.detail["char"].isalnum())


BUCKET_OK = st.from_regex(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", fullmatch=True)


@given(BUCKET_OK)
def test_valid_bucket_names_pass(name):
    assert validate_bucket_name(name) is None


@given(st.text(max_size=70))
def test_bucket_validator_agrees_with_the_oss_rule(name):
    ok = bool(re.fullmatch(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", name))
    assert (validate_bucket_name(name) is None) == ok


@given(st.text(max_size=10))
def test_formats(fmt):
    assert (validate_format(fmt) is None) == (fmt in FORMATS)


def test_raw_only_regions_refuse_other_formats_and_say_why():
    assert formats_for_region("cn-hangzhou") == ("raw",)
    assert validate_format_for_region("qcow2", "cn-hangzhou").key == "format.raw_only"
    assert validate_format_for_region("qcow2", "ap-southeast-1") is None


def _documented_image_name(name: str) -> bool:
    """ExportImage's rule read word by word: 2–128 characters; starts with an English letter
    or a Chinese character; may contain digits, ".", "_" or "-"; not http:// or https://."""
    def letter(c):
        return (c.isascii() and c.isalpha()) or "\u4e00" <= c <= "\u9fff"
    return (2 <= len(name) <= 128 and letter(name[0])
            and all(letter(c) or (c.isascii() and c.isdigit()) or c in "._-" for c in name[1:])
            and not name.lower().startswith(("http://", "https://")))


@given(st.text(max_size=140))
def test_image_name_rule(name):
    assert (validate_image_name(name) is None) == _documented_image_name(name)


@given(st.text(alphabet="aZ中9._-:/ hHtTpPs\u00e9\uff10", min_size=1, max_size=12))
def test_image_name_rule_on_the_characters_that_matter(name):
    assert (validate_image_name(name) is None) == _documented_image_name(name)


def test_image_name_examples():
    for good in ("web-centos7", "build.v2_final-x", "镜像-备份", "Ab"):
        assert validate_image_name(good) is None, good
    for bad in ("release:2024", "web:v2", "http://x", "HTTPS://x", "1st-backup", "a", "a" * 129, "_x"):
        assert validate_image_name(bad) is not None, bad


@given(st.text(alphabet=ALNUM, max_size=PREFIX_MAX), st.sampled_from(FORMATS),
       st.lists(st.sampled_from(["/dev/xvdb", "/dev/xvdc", "/dev/vdd"]), unique=True, max_size=3))
def test_object_names_follow_the_reported_pattern(prefix, fmt, devices):
    names = export_object_names("m-abc", prefix, fmt, devices)
    head = f"{prefix}_m-abc_" if prefix else "m-abc_"
    assert len(names) == 1 + len(devices)
    assert all(n.startswith(head) for n in names)
    assert names[0] == head + ("system.raw.tar.gz" if fmt == "raw" else f"system.{fmt}")


def _broken_rule(name: str) -> str | None:
    """Which documented rule `name` breaks first, read word by word (length, then the
    http(s):// ban, then the first character, then the others); None when it breaks none."""
    def letter(c):
        return (c.isascii() and c.isalpha()) or "\u4e00" <= c <= "\u9fff"
    if not 2 <= len(name) <= 128:
        return "length"
    if name.lower().startswith(("http://", "https://")):
        return "url"
    if not letter(name[0]):
        return "start"
    if not all(letter(c) or (c.isascii() and c.isdigit()) or c in "._-" for c in name[1:]):
        return "char"
    return None


@given(st.text(max_size=140))
def test_a_malformed_image_name_is_told_which_rule_it_breaks(name):
    problem = validate_image_name(name)
    rule = _broken_rule(name)
    assert (problem.key if problem else None) == (f"image_name.{rule}" if rule else None)
    if rule in ("start", "char"):
        # the offending character is quoted (unprintable ones as their code point)
        char = problem.detail["char"]
        bad = name[0] if rule == "start" else next(c for c in name[1:] if not (
            (c.isascii() and c.isalnum()) or "\u4e00" <= c <= "\u9fff" or c in "._-"))
        assert char == bad or (char == f"U+{ord(bad):04X}" and (not bad.isprintable() or bad.isspace()))


@given(st.text(alphabet="aZ中9._-:/ \nhHtTpPs\u00e9", min_size=1, max_size=12))
def test_every_image_name_message_reads_in_both_languages(name):
    problem = validate_image_name(name)
    if problem:
        for lang in ("en", "zh"):
            text = t(problem.key, lang, **problem.detail)
            assert text != problem.key and "{" not in text
            if "char" in problem.detail:
                assert problem.detail["char"] in text


def test_image_name_rule_examples_name_the_rule():
    assert validate_image_name("a").key == "image_name.length"
    assert validate_image_name("https://web").key == "image_name.url"
    assert validate_image_name("1st-backup").detail == {"char": "1"}
    assert validate_image_name("release:2024").detail == {"char": ":"}
    assert validate_image_name("web\nx").detail == {"char": "U+000A"}
    assert "English letter or a Chinese character" in t("image_name.start", "en", char="1")
    assert "英文字母或中文开头" in t("image_name.start", "zh", char="1")


def test_every_problem_key_has_a_text_in_both_languages():
    for value in ["a" * 31, "a_b", "", "ab", "A-b", "-ab", "x" * 70]:
        for problem in (validate_prefix(value), validate_bucket_name(value), validate_image_name(value)):
            if problem:
                assert set(messages()[problem.key]) >= {"en", "zh"}
