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


def t(key: str, lang: str = "en", **values) -> str:
    """The text for `key` in `lang` ("en" or "zh"), filled with `values`.

    An unknown key comes back as the key itself, so a missing text shows up in
    tests and screenshots instead of crashing the app.
    """
    entry = messages().get(key)
    if entry is None:
        return key
    text = entry.get(norm_lang(lang)) or entry.get("en") or key
    try:
        return text.format(**values) if values else text
    except (KeyError, IndexError, ValueError):
        return text


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
