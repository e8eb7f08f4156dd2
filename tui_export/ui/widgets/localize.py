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

from textual.binding import Binding
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


def localized(binding: Binding, lang: str) -> Binding:
    """`binding` with its label and tooltip in `lang` (the same binding in English)."""
    if norm_lang(lang) == "en" or not binding.id:
        return binding          # the code's texts are the English ones
    catalogue = messages()
    changes = {}
    if f"key.{binding.id}" in catalogue:
        changes["description"] = t(f"key.{binding.id}", lang)
    if binding.tooltip and f"tip.{binding.id}" in catalogue:
        changes["tooltip"] = t(f"tip.{binding.id}", lang)
    return replace(binding, **changes) if changes else binding


def localize_bindings(node, lang: str) -> None:
    """Swap the labels and tooltips of `node`'s own copy of its bindings into `lang`.

    With relabel() below, the one deliberate use of Textual's private `_bindings` (issue #10):
    Textual has no public way to give a binding a label per instance. The footer, the help and the
    command palette's key panel all read `Screen.active_bindings`, built from this
    copy; the public alternatives would be overriding `active_bindings` on every screen
    and dialog (and the app's own keys, shown through each of them), or a Footer that
    re-implements Footer.compose, both more to keep in step with Textual than this.
    """
    if norm_lang(lang) == "en":
        return          # the code's texts are the English ones
    bindings = node._bindings          # the instance's own copy (see textual.dom)
    for key, entries in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [localized(binding, lang) for binding in entries]


def relabel(node, action: str, label: str) -> None:
    """Give the binding of `action` in `node`'s own copy a label set at run time (the
    images screen's mark count); same private copy as localize_bindings, for the same reason."""
    bindings = node._bindings
    for key, entries in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [replace(b, description=label) if b.action == action else b for b in entries]
    node.refresh_bindings()


def localize(node) -> None:
    """Footer labels and tooltips of a screen or dialog in the app's language."""
    try:
        app = node.app
    except NoActiveAppError:   # built outside a running app (a unit test): keep English
        return
    localize_bindings(node, app.lang)
