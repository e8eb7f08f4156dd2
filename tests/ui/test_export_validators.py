"""The form's validators are thin wrappers of core.rules: same verdict, catalogue text
in the user's language (no app needed)."""

from __future__ import annotations

import os

from hypothesis import given, strategies as st

from tui_export.core import rules
from tui_export.core.i18n import t
from tui_export.ui.widgets.validators import ExistingDirectory, bucket_name_validator, prefix_validator
from tui_export.core.units import human_bytes, human_eta


@given(st.text(max_size=40), st.sampled_from(["en", "zh"]))
def test_prefix_validator_agrees_with_the_rule(value, lang):
    result = prefix_validator(lang).validate(value)
    problem = rules.validate_prefix(value)
    assert result.is_valid == (problem is None)
    if problem:
        assert result.failure_descriptions == [t(problem.key, lang, **problem.detail)]


@given(st.text(alphabet="abcXYZ019-_.", max_size=70))
def test_bucket_validator_agrees_with_the_rule(value):
    assert bucket_name_validator("en").validate(value).is_valid == (rules.validate_bucket_name(value) is None)


def test_existing_directory(tmp_path):
    v = ExistingDirectory("en")
    assert v.validate(str(tmp_path)).is_valid
    assert "not an existing directory" in v.validate(str(tmp_path / "nope")).failure_descriptions[0]
    (tmp_path / "f").write_text("x")
    assert not v.validate(str(tmp_path / "f")).is_valid
    assert not v.validate("  ").is_valid
    if os.geteuid() != 0:   # root may write anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        assert not v.validate(str(ro)).is_valid


def test_units():
    assert human_bytes(0) == "0 B"
    assert human_bytes(2.5 * 1024 * 1024) == "2.5 MiB"
    assert human_eta(None) == "—"
    assert human_eta(7) == "0:07"
    assert human_eta(3725) == "1:02:05"
