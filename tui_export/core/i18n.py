"""The one catalogue of what users read, in English and Chinese.

Texts live in a few modules by subject (messages_rules: validation and
exportability; messages_ui: the screens; explain: cloud error codes); this module
merges them and looks them up. A test fails when a key lacks either language.
"""

from __future__ import annotations

import locale
import os

LANGS = ("en", "zh")


# Modules holding texts, by subject; each has MESSAGES = {key: {"en": ..., "zh": ...}}.
CATALOGUE_MODULES = ("messages_rules", "explain", "messages_ui", "messages_ui_export", "messages_input",
                     "messages_ui_jobs", "messages_serve", "messages_headless", "messages_doctor", "messages_convert",
                     "messages_keys", "messages_signin")


def _catalogue() -> dict[str, dict[str, str]]:
    import importlib

    merged: dict[str, dict[str, str]] = {}
    for name in CATALOGUE_MODULES:
        try:
            module = importlib.import_module(f"tui_export.core.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tui_export.core.{name}":
                raise
            continue  # a catalogue not written yet
        merged.update(getattr(module, "MESSAGES", {}))
    return merged


_CACHE: dict[str, dict[str, str]] | None = None


def messages() -> dict[str, dict[str, str]]:
    global _CACHE
    if _CACHE is None:
        _CACHE = _catalogue()
    return _CACHE


class MissingText(LookupError):
    """A key or a placeholder value the catalogue lacks (raised only when strict, see `strict`)."""


def strict(env=os.environ) -> bool:
    """Fail loudly on a missing key or value? Under pytest (it sets PYTEST_CURRENT_TEST) yes,
    so a gap fails the test that shows it; a user gets the quiet fallback instead.
    TUI_EXPORT_I18N_STRICT=1/0 forces either way."""
    forced = env.get("TUI_EXPORT_I18N_STRICT")
    if forced is not None:
        return forced not in ("", "0")
    return "PYTEST_CURRENT_TEST" in env


def t(key: str, lang: str = "en", **values) -> str:
    """The text for `key` in `lang` ("en" or "zh"), filled with `values`.

    An unknown key comes back as the key itself (and a text missing a value
    comes back unfilled), so a gap shows on screen instead of crashing the
    app; under tests it raises MissingText instead.
    """
    entry = messages().get(key)
    if entry is None:
        if strict():
            raise MissingText(f"no text for {key!r}")
        return key
    text = entry.get(norm_lang(lang)) or entry.get("en") or key
    try:
        return text.format(**values) if values or "{" in text else text
    except (KeyError, IndexError, ValueError) as exc:
        if strict():
            raise MissingText(f"{key!r} [{norm_lang(lang)}]: {type(exc).__name__}: {exc}") from None
        return text


def t_or(key: str, fallback: str, lang: str = "en", **values) -> str:
    """The text for `key` when the catalogue has one, else `fallback` (a word from the API
    that has no translation yet, e.g. a status added after this release)."""
    return t(key, lang, **values) if key in messages() else fallback


def t_item(item, lang: str = "en") -> str:
    """One (key, values) pair from a lower layer (e.g. where the credentials came from), worded;
    a value that is itself such a pair is worded first (a source inside a warning)."""
    key, values = item
    return t(key, lang, **{name: t_item(v, lang) if _is_item(v) else v for name, v in values.items()})


def _is_item(value) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], dict)


def t_all(items, lang: str = "en", sep: str = ", ") -> str:
    """(key, values) pairs from a lower layer (e.g. where the credentials were looked for), worded and joined."""
    return sep.join(t_item(item, lang) for item in items)


def task_status(status: str, lang: str = "en") -> str:
    """A task status from DescribeTasks as the tasks table shows it ("Deleted" reads "Cancelled")."""
    return t_or(f"task.status.{status}", status or "?", lang)


def image_status(status: str, lang: str = "en") -> str:
    """An image status from DescribeImages in the user's language."""
    return t_or(f"image.status.{status}", status or "?", lang)


def norm_lang(lang: str | None) -> str:
    return "zh" if lang and lang.lower().startswith("zh") else "en"


def default_lang(env=os.environ) -> str:
    """The UI language from the locale: zh for zh_* locales, else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var)
        if value:
            return norm_lang(value)
    try:
        return norm_lang(locale.getlocale()[0] or "")
    except ValueError:
        return "en"
