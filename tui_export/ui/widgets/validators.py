"""Textual validators that wrap the pure rules of core.rules.

The rule lives once, in core; these only turn a `Problem` into a failure whose
description is the catalogue text in the user's language.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from textual.validation import ValidationResult, Validator

from tui_export.core import rules
from tui_export.core.i18n import t


class RuleValidator(Validator):
    """Validate with `rule(value) -> Problem | None`; describe with t(problem.key)."""

    def __init__(self, rule: Callable[[str], rules.Problem | None], lang: str = "en") -> None:
        super().__init__()
        self.rule = rule
        self.lang = lang

    def validate(self, value: str) -> ValidationResult:
        problem = self.rule(value)
        if problem is None:
            return self.success()
        return self.failure(t(problem.key, self.lang, **problem.detail))


def prefix_validator(lang: str) -> RuleValidator:
    return RuleValidator(rules.validate_prefix, lang)


def bucket_name_validator(lang: str) -> RuleValidator:
    return RuleValidator(rules.validate_bucket_name, lang)


class ExistingDirectory(Validator):
    """A download destination must be a directory that exists and we may write to."""

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang

    def validate(self, value: str) -> ValidationResult:
        path = os.path.expanduser(value.strip())
        if not path:
            return self.failure(t("download_dest.empty", self.lang))
        if not os.path.isdir(path):
            return self.failure(t("download_dest.not_dir", self.lang, path=value.strip()))
        if not os.access(path, os.W_OK | os.X_OK):
            return self.failure(t("download_dest.not_writable", self.lang, path=value.strip()))
        return self.success()


class DirectoryToMake(ExistingDirectory):
    """A folder that exists, or one that can be made: its nearest existing parent is a
    writable directory (the caller asks before making it)."""

    def validate(self, value: str) -> ValidationResult:
        path = os.path.abspath(os.path.expanduser(value.strip())) if value.strip() else ""
        if not path or os.path.isdir(path):
            return super().validate(value)
        parent = path
        while not os.path.exists(parent):
            parent = os.path.dirname(parent)
        if not os.path.isdir(parent):
            return self.failure(t("download_dest.not_dir", self.lang, path=value.strip()))
        if not os.access(parent, os.W_OK | os.X_OK):
            return self.failure(t("download_dest.not_writable", self.lang, path=parent))
        return self.success()
