"""A refused input (a file the user handed us, a flag), said in the user's language.

Readers raise their own error class (CliConfigError, ConfigError, StoreCorrupt,
EndpointError) with `refuse(...)`: `str(exc)` is the English sentence, and
`exc.problem` keeps the catalogue key and values so the app and the command line
can say it in Chinese too (`localized(exc, lang)`). Values never hold a secret:
callers pass places (`profiles[0].access_key_id`) and kinds, never the content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NoReturn

from tui_export.core.i18n import t
from tui_export.core.json_shape import kind

# Values that name a JSON kind ("string", "list"...): shown as words of the language.
_KIND_VALUES = ("expected", "got")


def _one_line(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class InputProblem:
    key: str                                   # catalogue key (core/messages_input.py)
    values: Mapping[str, object] = field(default_factory=dict)
    inner: "InputProblem | None" = None         # a problem this one wraps (shown as {detail})

    def text(self, lang: str = "en") -> str:
        # a place inside the user's JSON may hold any character: a key with a newline must not
        # break the refusal into two lines
        values = {k: _one_line(v) if isinstance(v, str) else v for k, v in self.values.items()}
        for name in _KIND_VALUES:
            if name in values:
                values[name] = " / ".join(t(f"input.kind.{k}", lang) for k in str(values[name]).split("|"))
        if self.inner is not None:
            values["detail"] = self.inner.text(lang)
        return t(self.key, lang, **values)


def refuse(error: type[Exception], key: str, *, inner: InputProblem | None = None, **values: object) -> NoReturn:
    """Raise `error` for the problem `key` (English message; `.problem` for the other languages)."""
    raise with_problem(error, InputProblem(key, values, inner)) from None


def with_problem(error: type[Exception], problem: InputProblem) -> Exception:
    exc = error(problem.text("en"))
    exc.problem = problem   # type: ignore[attr-defined]
    return exc


def problem_of(exc: BaseException) -> InputProblem | None:
    problem = getattr(exc, "problem", None)
    return problem if isinstance(problem, InputProblem) else None


def localized(exc: BaseException, lang: str) -> str:
    """The error's sentence in `lang` when it carries a problem, else its own text."""
    problem = problem_of(exc)
    return problem.text(lang) if problem else str(exc)


def wrong_type(error: type[Exception], file: str, where: str, expected: str, value: object) -> NoReturn:
    """`expected` is a json_shape kind, or several joined with "|"."""
    refuse(error, "input.wrong_type", file=file, field=where, expected=expected, got=kind(value))
