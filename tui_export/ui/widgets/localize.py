"""Binding labels and tooltips in the user's language, from one source.

Every binding the user can see has an `id`; its English label and tooltip are
the binding's own description and tooltip in the code. The Chinese ones are the
catalogue's `key.<id>` and `tip.<id>` (core/messages_keys.py), whose English
halves a test holds equal to the code (tests/ui/test_key_labels.py). Each
app/screen instance has its own copy of the bindings map (textual.dom); this
swaps the texts in that copy.
"""

from __future__ import annotations

from dataclasses import replace

from textual.types import NoActiveAppError

from tui_export.core.i18n import messages, norm_lang, t


def label(binding_id: str, english: str, lang: str) -> str:
    """The label of binding `binding_id` in `lang` (English: the code's own text)."""
    entry = messages().get(f"key.{binding_id}")
    if norm_lang(lang) == "en" or entry is None:
        return english
    return entry.get(norm_lang(lang)) or english


def own_label(node, binding_id: str, lang: str) -> str:
    """The label of one of `node`'s class bindings, by id, in `lang`."""
    for cls in type(node).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if getattr(binding, "id", None) == binding_id:
                return label(binding_id, binding.description, lang)
    raise KeyError(binding_id)


def localize_bindings(node, lang: str) -> None:
    if norm_lang(lang) == "en":
        return          # the code's texts are the English ones
    catalogue = messages()
    bindings = node._bindings          # the instance's own copy (see textual.dom)
    for key, entries in bindings.key_to_bindings.items():
        new = []
        for binding in entries:
            changes = {}
            if binding.id and f"key.{binding.id}" in catalogue:
                changes["description"] = t(f"key.{binding.id}", lang)
            if binding.id and binding.tooltip and f"tip.{binding.id}" in catalogue:
                changes["tooltip"] = t(f"tip.{binding.id}", lang)
            new.append(replace(binding, **changes) if changes else binding)
        bindings.key_to_bindings[key] = new


def localize(node) -> None:
    """Footer labels and tooltips of a screen or dialog in the app's language."""
    try:
        app = node.app
    except NoActiveAppError:   # built outside a running app (a unit test): keep English
        return
    localize_bindings(node, app.lang)
